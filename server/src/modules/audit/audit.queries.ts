import { createHash } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { AuditLogRow, DB } from '../../database/schema.js';
import { insertJsonRows } from '../../database/bulk.js';
import { lockChain } from '../../database/sql-helpers.js';

export const GENESIS_HASH = '0'.repeat(64);
const AUDIT_CHAIN_LOCK = 7_041_001;

export type AuditInsert = Omit<AuditLogRow, 'id' | 'prev_hash' | 'hash'>;

/** The fields a record's hash covers, in a fixed order. */
export function auditHash(prevHash: string, r: AuditInsert): string {
  const fields = [
    r.at,
    r.actor_id,
    r.actor_name,
    r.actor_role,
    r.actor_scope,
    r.ip,
    r.action,
    r.object_type,
    r.object_id,
    r.outcome,
    r.request_id,
    r.before_json,
    r.after_json,
    r.detail,
  ];
  return createHash('sha256').update(prevHash).update('\n').update(JSON.stringify(fields)).digest('hex');
}

/** Appends one record to the chain. Must run inside a transaction (the chain lock lives until commit). */
export async function appendAudit(trx: Transaction<DB>, r: AuditInsert): Promise<void> {
  await lockChain(trx, AUDIT_CHAIN_LOCK);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const prev = last?.hash ?? GENESIS_HASH;
  await trx
    .insertInto('audit_log')
    .values({ ...r, prev_hash: prev, hash: auditHash(prev, r) })
    .execute();
}

/** Appends many records to the chain in order, with one read of its head and one insert. */
export async function appendAudits(trx: Transaction<DB>, rows: readonly AuditInsert[]): Promise<void> {
  if (!rows.length) return;
  await lockChain(trx, AUDIT_CHAIN_LOCK);
  const last = await trx.selectFrom('audit_log').select('hash').orderBy('id', 'desc').limit(1).executeTakeFirst();
  let prev = last?.hash ?? GENESIS_HASH;
  const linked = rows.map((r) => {
    const hash = auditHash(prev, r);
    const row = { ...r, prev_hash: prev, hash };
    prev = hash;
    return row;
  });
  await insertJsonRows(trx, 'audit_log', linked);
}

export interface AuditFilter {
  from?: string;
  to?: string;
  actor?: string;
  action?: string;
  outcome?: 'success' | 'failure' | 'denied';
  objectType?: string;
}

function filtered(db: Kysely<DB>, f: AuditFilter) {
  let q = db.selectFrom('audit_log');
  if (f.from) q = q.where('at', '>=', new Date(f.from).toISOString());
  if (f.to) q = q.where('at', '<=', new Date(f.to).toISOString());
  if (f.actor) q = q.where('actor_name', '=', f.actor);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.outcome) q = q.where('outcome', '=', f.outcome);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  return q;
}

/**
 * Who acted and what they acted on, by name (审计日志显示姓名，不是 user #7): the actor's display
 * name, and a name for the records people look up most (an account, an institution, a
 * certificate, a staff member, a plan, a filing). Object ids are text in the trail.
 */
const actorDisplayName = sql<string | null>`(select u.display_name from users u where u.id = audit_log.actor_id)`;
const objectLabel = sql<string | null>`case audit_log.object_type
  when 'user' then (select o.display_name || ' (' || o.username || ')' from users o where cast(o.id as varchar(20)) = audit_log.object_id)
  when 'institution' then (select o.name from institutions o where cast(o.id as varchar(20)) = audit_log.object_id)
  when 'certificate' then (select o.number from certificates o where cast(o.id as varchar(20)) = audit_log.object_id)
  when 'staff' then (select o.name from staff o where cast(o.id as varchar(20)) = audit_log.object_id)
  when 'plan' then (select o.title from evaluation_plans o where cast(o.id as varchar(20)) = audit_log.object_id)
  when 'filing' then (select i.name from filing_applications o join institutions i on i.id = o.institution_id where cast(o.id as varchar(20)) = audit_log.object_id)
  end`;

export async function listAudit(db: Kysely<DB>, f: AuditFilter, page: number, pageSize: number) {
  const [items, total] = await Promise.all([
    filtered(db, f)
      .selectAll()
      .select([actorDisplayName.as('actor_display_name'), objectLabel.as('object_label')])
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    filtered(db, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** Reads the chain in id order, a batch at a time. */
export async function* readChain(db: Kysely<DB>, batch = 2000): AsyncGenerator<AuditLogRow> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', after)
      .orderBy('id')
      .limit(batch)
      .execute();
    if (!rows.length) return;
    yield* rows;
    after = rows[rows.length - 1].id;
  }
}

const n = (r: { n: number | string } | undefined) => Number(r?.n ?? 0);

export async function countAudit(db: Kysely<DB>) {
  return n(
    await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
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
/** How many records of an action one actor has made since a time (limits on audited reveals). */
export async function countActorActionSince(db: Kysely<DB>, actorId: number, action: string, sinceIso: string) {
  return n(
    await db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('action', '=', action)
      .where('actor_id', '=', actorId)
      .where('outcome', '=', 'success')
      .where('at', '>=', sinceIso)
      .executeTakeFirst(),
  );
}
/** The ten most frequent actions since a time. */
export function auditByAction(db: Kysely<DB>, sinceIso: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', (eb) => eb.fn.countAll<number>().as('n')])
    .where('at', '>=', sinceIso)
    .groupBy('action')
    .orderBy('n', 'desc')
    .limit(10)
    .execute();
}

/**
 * The newest record with the number of records, read in one statement so both describe the same
 * moment (a checkpoint of the chain head). With `since` (an earlier head), only the records after
 * it are counted: a server checkpointing every minute does not count the whole trail each time.
 * Undefined while the trail is empty.
 */
export async function auditHead(
  db: Kysely<DB>,
  since?: { id: number; count: number },
): Promise<{ id: number; hash: string; count: number } | undefined> {
  const r = await db
    .selectFrom('audit_log')
    .select([
      'id',
      'hash',
      (eb) =>
        eb
          .selectFrom('audit_log')
          .select((inner) => inner.fn.countAll<number>().as('c'))
          .where('id', '>', since?.id ?? 0)
          .as('n'),
    ])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { id: r.id, hash: r.hash, count: (since?.count ?? 0) + Number(r.n) } : undefined;
}
