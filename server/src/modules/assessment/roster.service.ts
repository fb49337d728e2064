/**
 * Importing a roster (考生名单) into a plan, as a tracked job: read the workbook and check every
 * row in a worker thread, and only then register all candidates, a chunk at a time, in one
 * transaction, so a file is imported whole or not at all and never held whole in memory. People
 * already registered in the plan refuse the file, all of them listed by row — or, when the
 * institution asks for it (`skipRegistered`), are skipped and listed while the others are
 * imported. The answer carries the notes that did not stop it (the template's example row
 * skipped, a historic area code), row by row.
 */
import type { Transaction } from 'kysely';
import type { RosterResult } from '../../../../contract/api-assessment.js';
import type { FieldError } from '../../../../contract/errors.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { runTask, workerTask } from '../../lib/workers.js';
import { spoolWriter } from '../jobs/spool-write.js';
import { spoolDir } from '../../lib/spool.js';
import type { JobProgress } from '../jobs/jobs.service.js';
import { checkInWorker, importNow, writeSpooled, type ImportSpec } from '../jobs/import-job.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadOwnPlan, planStandard } from './plan-guards.js';
import type { PlanRow } from './plans.queries.js';
import { registeredAmong } from './registrations.queries.js';
import { RefusedCandidate, registerCandidates } from './registrations.service.js';
import { CHECK_ROSTER } from './roster-workbook.js';
import { assertRosterClean, type ParsedRoster } from './roster.js';

export interface RosterOptions {
  /** skip (and list) people already registered in the plan instead of refusing the file */
  skipRegistered?: boolean;
}

/**
 * The same import run to its end in the caller's own time, with no job (scripts and the exam-path
 * bench, which time the import itself).
 */
export async function importRoster(
  deps: Deps,
  ctx: RequestContext,
  planId: number,
  file: Buffer,
  opts: RosterOptions = {},
): Promise<RosterResult> {
  return (await importNow(deps, file, rosterImport(deps, ctx, planId, file, opts))) as RosterResult;
}

/**
 * The import of a roster, started as a tracked job by its route (jobs/import-job.ts startUploadedImport) (answered at once with the job, 202): a hostile
 * file and a plan the actor may not manage are refused here, at once; then, in the background,
 * every row is checked in a worker thread (phase `check`, 校验) and spooled, and only a clean file
 * is written (phase `write`, 写入), a chunk at a time, all in ONE transaction: any refusal, a
 * restart or a failure anywhere leaves nothing written. The job's answer is the import's counts
 * and notes; its error is the refusal with the rows named, as a request would have answered.
 * The import holds one of the server's import slots (IMPORT_MAX_CONCURRENT) until it ends.
 */
export function rosterImport(
  deps: Deps,
  ctx: RequestContext,
  planId: number,
  file: Buffer,
  opts: RosterOptions,
): ImportSpec<Awaited<ReturnType<typeof loadOwnPlan>>> {
  const skipRegistered = !!opts.skipRegistered;
  return {
    kind: 'roster_import',
    own: () => loadOwnPlan(ctx, deps.db, planId, 'importRoster'),
    run: (plan, progress) => runRosterImport(deps, ctx, plan, file, skipRegistered, progress),
    params: { planId, skipRegistered },
    // the import itself is recorded when it commits (registration.import)
    audit: { action: 'registration.import_start', objectType: 'plan', objectId: planId },
  };
}

/** The job's work: check into a spool in a worker thread, then write the spool in one transaction. */
async function runRosterImport(
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  file: Buffer,
  skipRegistered: boolean,
  progress: JobProgress,
) {
  const today = businessDay(deps.clock.now(), deps.config.businessTimeZone);
  const checked = await checkInWorker(progress, (port) =>
    runTask(deps, CHECK_ROSTER, file, deps.config.imports, today, spoolDir(deps.config.dataDir), port),
  );
  const out = await writeSpooled(
    deps,
    ctx,
    progress,
    checked,
    (c) => {
      assertRosterClean(c);
      return c.candidateCount;
    },
    ROSTER_WRITER,
    plan,
    skipRegistered,
    checked.notes,
  );
  return { done: out.imported + (out.skipped?.length ?? 0), result: out };
}

/**
 * The roster's steps inside the import's one transaction (jobs/spool-write.ts, run on
 * the write thread): each chunk's people already in the plan set aside, the rest registered.
 */
export function rosterWriter(
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  skipRegistered: boolean,
  checkedNotes: FieldError[],
) {
  return spoolWriter({
    begin: async (trx) => ({
      std: await planStandard(trx, plan),
      counts: { imported: 0, eligible: 0, pending: 0, ineligible: 0 },
      kept: [] as FieldError[],
      skipped: [] as FieldError[],
    }),
    async chunk(trx, s, chunk: Candidate[], pause) {
      const { todo, registered } = await setAsideRegistered(trx, deps, plan, chunk, skipRegistered, pause);
      s.skipped.push(...registered);
      // people already registered refuse the file (all of them listed): the rest is only looked through
      if (!skipRegistered && s.skipped.length) return;
      const r = await registerRoster(trx, deps, ctx, plan, s.std, todo, pause);
      for (const k of Object.keys(s.counts) as (keyof typeof s.counts)[]) s.counts[k] += r[k];
      s.kept.push(...r.notes);
    },
    async end(trx, { counts, kept, skipped }) {
      if (skipped.length && !skipRegistered)
        throw new AppError(
          'IMPORT_INVALID',
          `名单中有 ${skipped.length} 人已报名本计划，未导入任何数据；可选择“跳过已报名的考生”后重新导入`,
          { details: skipped },
        );
      const notes = [...checkedNotes, ...kept];
      const result: RosterResult = {
        ...counts,
        ...(notes.length ? { notes } : {}),
        ...(skipped.length ? { skipped } : {}),
      };
      await recordAudit(trx, deps, ctx, {
        action: 'registration.import',
        objectType: 'plan',
        objectId: plan.id,
        after: result,
      });
      return result;
    },
  });
}

const ROSTER_WRITER = workerTask<typeof rosterWriter>(import.meta.url, 'rosterWriter');

type Candidate = ParsedRoster['candidates'][number];

/**
 * The rows of a chunk of people already in the plan (same document, same name): refused all
 * together by the caller, or set aside as skipped. A same number under another name is left in, to be refused by the identity check.
 */
async function setAsideRegistered(
  trx: Transaction<DB>,
  deps: Deps,
  plan: PlanRow,
  candidates: Candidate[],
  skip: boolean,
  pause: () => Promise<void>,
) {
  // people are found by the keyed hash of their number (lib/personal-data.ts); 50,000 hashes and
  // their look-ups pause for other requests like the rows do
  const pd = personalData(deps.config);
  const hashes: string[] = [];
  for (const c of candidates) {
    hashes.push(pd.idNumberHash(c.input.idNumber));
    if (hashes.length % 256 === 0) await pause();
  }
  const idTypes = [...new Set(candidates.map((c) => c.input.idType ?? 'resident_id'))];
  const known = await registeredAmong(trx, plan.id, idTypes, hashes, pause);
  const keyOf = (idType: string, idNumberHash: string) => `${idType}:${idNumberHash}`;
  const byKey = new Map(known.map((k) => [keyOf(k.id_type, k.id_number_hash), k]));
  const todo: ParsedRoster['candidates'] = [];
  const skipped: { field: string; message: string }[] = [];
  for (const [i, c] of candidates.entries()) {
    const k = byKey.get(keyOf(c.input.idType ?? 'resident_id', hashes[i]));
    if (!k || k.name !== c.input.name) todo.push(c);
    else
      skipped.push({
        field: `第 ${c.rowNo} 行`,
        message: `${k.name} 已报名本计划（报名号 #${k.id}${k.status === 'withdrawn' ? '，已撤回' : ''}）${skip ? '，已跳过' : ''}`,
      });
  }
  return { todo, registered: skipped };
}

/**
 * Registers checked roster rows inside the caller's transaction, a chunk in a few statements
 * (`registerCandidates`), naming the row of any refusal.
 */
async function registerRoster(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  std: Awaited<ReturnType<typeof planStandard>>,
  candidates: Candidate[],
  pause: () => Promise<void>,
) {
  const out = {
    imported: 0,
    eligible: 0,
    pending: 0,
    ineligible: 0,
    notes: [] as { field: string; message: string }[],
  };
  let regs;
  try {
    regs = await registerCandidates(
      trx,
      deps,
      ctx,
      plan,
      std,
      candidates.map((r) => r.input),
      'roster',
      pause,
    );
  } catch (e) {
    // a row that fails against the database still rolls everything back, naming the row
    if (e instanceof RefusedCandidate) {
      const rowNo = candidates[e.index].rowNo;
      throw new AppError('IMPORT_INVALID', `第 ${rowNo} 行：${e.error.message}；未导入任何数据`, {
        rule: e.error.rule,
        details: [{ field: `第 ${rowNo} 行`, message: e.error.message }],
      });
    }
    throw e;
  }
  for (const [i, reg] of regs.entries()) {
    out.imported++;
    out[reg.status as 'eligible' | 'pending' | 'ineligible']++;
    // the row stated a student situation the person's school owns: imported on the school's record
    if (reg.situationNote) out.notes.push({ field: `第 ${candidates[i].rowNo} 行`, message: reg.situationNote });
  }
  return out;
}
