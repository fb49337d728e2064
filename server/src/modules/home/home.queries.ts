import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { regionCodesUnder } from '../regions/regions.queries.js';

const n = (r: { n: number | string } | undefined) => Number(r?.n ?? 0);

export async function countRegionsUnder(db: Kysely<DB>, path: string) {
  return n(
    await db
      .selectFrom('regions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('code', 'in', regionCodesUnder(db, path))
      .executeTakeFirst(),
  );
}
export async function countTable(
  db: Kysely<DB>,
  table: 'occupations' | 'one_plus_x_certificates' | 'users' | 'audit_log',
) {
  return n(
    await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirst(),
  );
}
export async function countActive(db: Kysely<DB>, table: 'occupations' | 'one_plus_x_certificates') {
  return n(
    await db
      .selectFrom(table)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('active', '=', 1)
      .executeTakeFirst(),
  );
}
export async function countAccountsOfInstitution(db: Kysely<DB>, institutionId: number) {
  return n(
    await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('institution_id', '=', institutionId)
      .executeTakeFirst(),
  );
}
export async function countUsersByStatus(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
}
export async function countLocked(db: Kysely<DB>, nowIso: string) {
  return n(
    await db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('locked_until', '>', nowIso)
      .executeTakeFirst(),
  );
}
export async function countFailuresSince(db: Kysely<DB>, sinceIso: string) {
  return n(
    await db
      .selectFrom('login_failures')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('at', '>=', sinceIso)
      .executeTakeFirst(),
  );
}
export async function countAuditSince(db: Kysely<DB>, sinceIso: string, outcome?: 'denied' | 'failure') {
  let q = db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('at', '>=', sinceIso);
  if (outcome) q = q.where('outcome', '=', outcome);
  return n(await q.executeTakeFirst());
}
export async function auditByAction(db: Kysely<DB>, sinceIso: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('at', '>=', sinceIso)
    .groupBy('action')
    .orderBy('n', 'desc')
    .limit(10)
    .execute();
}
export async function rolesByCount(db: Kysely<DB>) {
  return db
    .selectFrom('users')
    .select(['role', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('role')
    .execute();
}
