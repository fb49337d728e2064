/**
 * Importing a roster (考生名单) into a plan: read the workbook, check every row, and only then
 * register all candidates in one transaction, so a file is imported whole or not at all. The
 * answer carries the notes that did not stop it (the template's example row skipped, a historic
 * area code), row by row.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { businessDay } from '../../lib/dates.js';
import { AppError } from '../../lib/errors.js';
import { recordAudit } from '../audit/audit.service.js';
import { loadOwnPlan, planStandard } from './plan-guards.js';
import type { PlanRow } from './plans.queries.js';
import { registerCandidate } from './registrations.service.js';
import { readRosterWorkbook } from './roster-workbook.js';
import { assertRosterClean, parseRoster, type ParsedRoster } from './roster.js';

/** Imports a roster atomically: every row is checked first; any error imports nothing and names row and column. */
export async function importRoster(deps: Deps, ctx: RequestContext, planId: number, file: Buffer) {
  const plan = await loadOwnPlan(ctx, deps.db, planId, 'importRoster');
  const sheet = await readRosterWorkbook(file);
  const roster = parseRoster(sheet.header, sheet.rows, businessDay(deps.clock.now(), deps.config.businessTimeZone));
  assertRosterClean(roster);
  return deps.db.transaction().execute(async (trx) => {
    const counts = await registerRoster(trx, deps, plan, roster.candidates);
    const out = { ...counts, ...(roster.notes.length ? { notes: roster.notes } : {}) };
    await recordAudit(trx, deps, ctx, {
      action: 'registration.import',
      objectType: 'plan',
      objectId: planId,
      after: out,
    });
    return out;
  });
}

/** Registers checked roster rows inside the caller's transaction, naming the row of any refusal. */
async function registerRoster(trx: Kysely<DB>, deps: Deps, plan: PlanRow, candidates: ParsedRoster['candidates']) {
  const std = await planStandard(trx, plan);
  const out = { imported: 0, eligible: 0, pending: 0, ineligible: 0 };
  for (const r of candidates) {
    try {
      const reg = await registerCandidate(trx, deps, plan, std, r.input);
      out.imported++;
      out[reg.status]++;
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
