/**
 * Importing a roster (考生名单) into a plan: read the workbook, check every row, and only then
 * register all candidates in one transaction, so a file is imported whole or not at all. People
 * already registered in the plan refuse the file, all of them listed by row — or, when the
 * institution asks for it (`skipRegistered`), are skipped and listed while the others are
 * imported. The answer carries the notes that did not stop it (the template's example row
 * skipped, a historic area code), row by row.
 */
import type { Transaction } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { runTask } from '../../lib/workers.js';
import { yielder } from '../../lib/yielder.js';
import { checkWorkbookZip } from '../../lib/workbook.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadOwnPlan, planStandard } from './plan-guards.js';
import type { PlanRow } from './plans.queries.js';
import { registeredAmong } from './registrations.queries.js';
import { registerCandidate } from './registrations.service.js';
import { READ_ROSTER, unpackRoster } from './roster-workbook.js';
import { assertRosterClean, type ParsedRoster } from './roster.js';

export interface RosterOptions {
  /** skip (and list) people already registered in the plan instead of refusing the file */
  skipRegistered?: boolean;
}

/** Imports a roster atomically: every row is checked first; any error imports nothing and names row and column. */
export async function importRoster(
  deps: Deps,
  ctx: RequestContext,
  planId: number,
  file: Buffer,
  opts: RosterOptions = {},
) {
  const plan = await loadOwnPlan(ctx, deps.db, planId, 'importRoster');
  // a hostile file is refused from its zip directory at once; a plausible one is parsed and
  // checked in a worker thread; only the database step runs here, pausing for other requests
  await checkWorkbookZip(file, deps.config.imports);
  const pause = yielder();
  const roster = await unpackRoster(
    await runTask(
      deps,
      READ_ROSTER,
      file,
      deps.config.imports,
      businessDay(deps.clock.now(), deps.config.businessTimeZone),
    ),
    pause,
  );
  assertRosterClean(roster);
  return deps.db.transaction().execute(async (trx) => {
    const { todo, skipped } = await setAsideRegistered(
      trx,
      deps,
      plan,
      roster.candidates,
      !!opts.skipRegistered,
      pause,
    );
    const { notes: kept, ...counts } = await registerRoster(trx, deps, ctx, plan, todo, pause);
    const notes = [...roster.notes, ...kept];
    const out = {
      ...counts,
      ...(notes.length ? { notes } : {}),
      ...(skipped.length ? { skipped } : {}),
    };
    await recordAudit(trx, deps, ctx, {
      action: 'registration.import',
      objectType: 'plan',
      objectId: planId,
      after: out,
    });
    return out;
  });
}

/**
 * The rows of people already in the plan (same document, same name): refused all together, or
 * set aside as skipped. A same number under another name is left in, to be refused by the identity check.
 */
async function setAsideRegistered(
  trx: Transaction<DB>,
  deps: Deps,
  plan: PlanRow,
  candidates: ParsedRoster['candidates'],
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
  const known = await registeredAmong(trx, plan.id, hashes, pause);
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
  if (skipped.length && !skip)
    throw new AppError(
      'IMPORT_INVALID',
      `名单中有 ${skipped.length} 人已报名本计划，未导入任何数据；可选择“跳过已报名的考生”后重新导入`,
      { details: skipped },
    );
  return { todo, skipped };
}

/** Registers checked roster rows inside the caller's transaction, naming the row of any refusal. */
async function registerRoster(
  trx: Transaction<DB>,
  deps: Deps,
  ctx: RequestContext,
  plan: PlanRow,
  candidates: ParsedRoster['candidates'],
  pause: () => Promise<void>,
) {
  const std = await planStandard(trx, plan);
  const out = {
    imported: 0,
    eligible: 0,
    pending: 0,
    ineligible: 0,
    notes: [] as { field: string; message: string }[],
  };
  for (const r of candidates) {
    await pause();
    try {
      const reg = await registerCandidate(trx, deps, ctx, plan, std, r.input, 'roster');
      out.imported++;
      out[reg.status as 'eligible' | 'pending' | 'ineligible']++;
      // the row stated a student situation the person's school owns: imported on the school's record
      if (reg.situationNote) out.notes.push({ field: `第 ${r.rowNo} 行`, message: reg.situationNote });
    } catch (e) {
      // a row that fails against the database still rolls everything back, naming the row
      if (e instanceof AppError)
        throw new AppError('IMPORT_INVALID', `第 ${r.rowNo} 行：${e.message}；未导入任何数据`, {
          rule: e.rule,
          details: [{ field: `第 ${r.rowNo} 行`, message: e.message }],
        });
      throw e;
    }
  }
  return out;
}
