import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { CertificateEventTable, CertificateTable, DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { inIds, likeContains } from '../../database/sql-helpers.js';
import { whereInScope } from '../regions/scope.queries.js';
import { learnerIdsOfUserQuery } from '../people/learners.queries.js';
import { bulkInsert, foreignKeyViolations, insertJsonRows, type BulkTarget } from '../../database/bulk.js';

/** Next serial for (filing number, year, level): atomic upsert … returning on both databases. */
export async function nextCertificateSerial(
  db: Kysely<DB>,
  filingNo: string,
  year: number,
  level: number,
): Promise<number> {
  const r = await db
    .insertInto('certificate_serials')
    .values({ filing_no: filingNo, year, level, last_serial: 1 })
    .onConflict((oc) =>
      oc
        .columns(['filing_no', 'year', 'level'])
        .doUpdateSet((eb) => ({ last_serial: eb('certificate_serials.last_serial', '+', 1) })),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return r.last_serial;
}

/**
 * Reserves `n` consecutive serials for (filing number, year, level) in one statement: returns the
 * first; the counter row stays locked until the transaction ends, so no other issuance gets any of them.
 */
export async function reserveCertificateSerials(
  db: Kysely<DB>,
  filingNo: string,
  year: number,
  level: number,
  n: number,
): Promise<number> {
  const r = await db
    .insertInto('certificate_serials')
    .values({ filing_no: filingNo, year, level, last_serial: n })
    .onConflict((oc) =>
      oc
        .columns(['filing_no', 'year', 'level'])
        .doUpdateSet((eb) => ({ last_serial: eb('certificate_serials.last_serial', '+', n) })),
    )
    .returning('last_serial')
    .executeTakeFirstOrThrow();
  return r.last_serial - n + 1;
}

/** Inserts certificates in one statement; returns their ids in the order given. */
export async function insertCertificates(db: Kysely<DB>, rows: Omit<CertificateTable, 'id'>[]): Promise<number[]> {
  const r = await insertJsonRows<{ id: number; number: string }>(db, 'certificates', rows, ['id', 'number']);
  const byNumber = new Map(r.map((x) => [x.number, Number(x.id)]));
  return rows.map((x) => byNumber.get(x.number)!);
}

/** Appends many history entries in one statement. */
export async function insertCertificateEvents(db: Kysely<DB>, rows: Insertable<CertificateEventTable>[]) {
  await insertJsonRows(db, 'certificate_events', rows);
}

/** CERT-8 for many people at once: the certificates they already hold for an occupation and level (not revoked). */
export async function heldCertificates(db: Kysely<DB>, learnerIds: number[], occupationId: number, level: number) {
  if (!learnerIds.length) return [];
  return db
    .selectFrom('certificates')
    .select(['learner_id', 'number'])
    .where(inIds(db, 'learner_id', learnerIds))
    .where('occupation_id', '=', occupationId)
    .where('level', '=', level)
    .where('status', '!=', 'revoked')
    .execute();
}

export async function insertCertificate(db: Kysely<DB>, row: Omit<CertificateTable, 'id'>) {
  return (await db.insertInto('certificates').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** CERT-8: the certificate a person already holds for an occupation and level (a revoked one does not count). */
export function heldCertificate(db: Kysely<DB>, learnerId: number, occupationId: number, level: number) {
  return db
    .selectFrom('certificates')
    .select('number')
    .where('learner_id', '=', learnerId)
    .where('occupation_id', '=', occupationId)
    .where('level', '=', level)
    .where('status', '!=', 'revoked')
    .executeTakeFirst();
}

/** A learner's valid certificates in an occupation, with level and issue date (eligibility: prior level). */
export function validCertificatesIn(db: Kysely<DB>, learnerId: number, occupationId: number) {
  return db
    .selectFrom('certificates')
    .select(['level', 'issued_on'])
    .where('learner_id', '=', learnerId)
    .where('occupation_id', '=', occupationId)
    .where('status', '=', 'valid')
    .execute();
}

export async function updateCertificate(db: Kysely<DB>, id: number, patch: Updateable<CertificateTable>) {
  await db.updateTable('certificates').set(patch).where('id', '=', id).execute();
}

/** A page of certificates by id, with what the date review needs (issued-review.ts). */
export function certificateDatesAfter(db: Kysely<DB>, afterId: number, limit: number) {
  return db
    .selectFrom('certificates')
    .select(['id', 'number', 'issued_on', 'created_at'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The certificates named by a review, with what an official needs to find them (masked later). */
export async function certificatesForReview(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('certificates as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .select([
      'c.id',
      'c.number',
      'c.pathway',
      'c.level',
      'c.issued_on',
      'c.status',
      'c.holder_name',
      'c.holder_id_number_enc',
      'c.occupation_name',
      'c.institution_name',
      'i.region_code',
    ])
    .where('c.id', 'in', ids)
    .orderBy('c.id')
    .execute();
}

/** Appends to a certificate's history (issued, suspended, reinstated, revoked, corrected); never rewritten. */
export async function insertCertificateEvent(db: Kysely<DB>, row: Insertable<CertificateEventTable>) {
  await db.insertInto('certificate_events').values(row).execute();
}

/** Certificates an actor may see: the issuing institution's, officials' subtree (by issuing institution), a learner's own. */
function visible(db: Kysely<DB>, actor: Actor) {
  const q = db.selectFrom('certificates as c').innerJoin('institutions as i', 'i.id', 'c.institution_id');
  if (actor.role === 'learner') return q.where('c.learner_id', 'in', learnerIdsOfUserQuery(db, actor.id));
  return whereInScope(db, q, actor, { region: 'i.region_code', institution: 'c.institution_id' });
}

export interface CertificateFilter {
  q?: string;
  status?: string;
  institutionId?: number;
  occupationId?: number;
  level?: number;
  /** the column to order by; newest issued first when absent */
  sort?: 'issuedOn' | 'number' | 'level';
  order?: 'asc' | 'desc';
}
const SORT_COLUMNS = { issuedOn: 'c.issued_on', number: 'c.number', level: 'c.level' } as const;

export async function listCertificates(
  db: Kysely<DB>,
  actor: Actor,
  f: CertificateFilter,
  page: number,
  pageSize: number,
) {
  let q = visible(db, actor);
  if (f.q)
    q = q.where((eb) =>
      eb.or([eb('c.number', '=', f.q!.toUpperCase()), eb('c.holder_name', 'like', likeContains(f.q!))]),
    );
  if (f.status) q = q.where('c.status', '=', f.status as never);
  if (f.institutionId) q = q.where('c.institution_id', '=', f.institutionId);
  if (f.occupationId) q = q.where('c.occupation_id', '=', f.occupationId);
  if (f.level) q = q.where('c.level', '=', f.level);
  const [items, total] = await Promise.all([
    q
      .selectAll('c')
      .orderBy(SORT_COLUMNS[f.sort ?? 'issuedOn'], f.order ?? 'desc')
      // ties (one day's certificates, one level) in the order they were issued
      .orderBy('c.id', f.sort && f.sort !== 'issuedOn' ? 'asc' : (f.order ?? 'desc'))
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export function getVisibleCertificate(db: Kysely<DB>, actor: Actor, id: number) {
  return visible(db, actor).selectAll('c').where('c.id', '=', id).executeTakeFirst();
}
export function certificateExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('certificates').select('id').where('id', '=', id).executeTakeFirst();
}
export function certificateEvents(db: Kysely<DB>, id: number) {
  return db.selectFrom('certificate_events').selectAll().where('certificate_id', '=', id).orderBy('id').execute();
}

/** An institution's certificate ids for a printing run: one plan's (through its registrations) or an issue-date range. */
export async function institutionCertificateIds(
  db: Kysely<DB>,
  institutionId: number,
  f: { planId?: number; issuedFrom?: string; issuedTo?: string },
  limit: number,
) {
  let q = db.selectFrom('certificates').select('id').where('institution_id', '=', institutionId);
  if (f.planId)
    q = q
      .where('source_type', '=', 'registration')
      .where('source_id', 'in', db.selectFrom('registrations').select('id').where('plan_id', '=', f.planId));
  if (f.issuedFrom) q = q.where('issued_on', '>=', f.issuedFrom);
  if (f.issuedTo) q = q.where('issued_on', '<=', f.issuedTo);
  return (await q.orderBy('id').limit(limit).execute()).map((r) => r.id);
}

/** The sealed fields of certificates without a seal (a database from before seals existed), oldest first. */
export function unsealedCertificates(db: Kysely<DB>, limit: number) {
  return db
    .selectFrom('certificates')
    .select([
      'id',
      'number',
      'holder_name',
      'holder_id_type',
      'holder_id_number_enc',
      'occupation_code',
      'level',
      'filing_no',
      'institution_name',
      'issued_on',
    ])
    .where('seal', 'is', null)
    .orderBy('id')
    .limit(limit)
    .execute();
}

export function certificateById(db: Kysely<DB>, id: number) {
  return db.selectFrom('certificates').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The certificates of these ids, in the order given (one query: a signing batch reads 25 at once). */
export async function certificatesByIds(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db.selectFrom('certificates').selectAll().where('id', 'in', ids).execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** Ids in [fromId, toId) with the given status: the set bits of a status list. */
export async function certificateIdsWithStatus(
  db: Kysely<DB>,
  fromId: number,
  toId: number,
  status: CertificateTable['status'],
) {
  const rows = await db
    .selectFrom('certificates')
    .select('id')
    .where('id', '>=', fromId)
    .where('id', '<', toId)
    .where('status', '=', status)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Certificates whose Open Badges credential is missing, or claimed long ago (before `staleClaim`)
 * and never finished: the background signer's work list. Reads credentials' claim columns.
 */
export async function certificatesAwaitingCredential(db: Kysely<DB>, staleClaim: string, limit: number) {
  const rows = await db
    .selectFrom('certificates as c')
    .leftJoin('certificate_credentials as cc', 'cc.certificate_id', 'c.id')
    .select(['c.id'])
    .where((eb) =>
      eb.or([
        eb('cc.certificate_id', 'is', null),
        eb.and([eb('cc.credential_json', 'is', null), eb('cc.claimed_at', '<', staleClaim)]),
      ]),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/**
 * Certificates whose credential is not signed yet (unclaimed, or claimed and not stored): how
 * many, how many of them come before `beforeId` (signed first: the signer takes them by id), and
 * when the oldest of them was issued. A count over the certificates: asked when someone is told
 * to wait, not on every request.
 */
export async function credentialBacklog(db: Kysely<DB>, beforeId?: number) {
  const r = await db
    .selectFrom('certificates as c')
    .leftJoin('certificate_credentials as cc', 'cc.certificate_id', 'c.id')
    .select((eb) => [
      eb.fn.countAll<number>().as('pending'),
      eb.fn
        .sum<number>(
          eb
            .case()
            .when('c.id', '<', beforeId ?? 0)
            .then(1)
            .else(0)
            .end(),
        )
        .as('ahead'),
      eb.fn.min('c.created_at').as('oldest'),
    ])
    .where((eb) => eb.or([eb('cc.certificate_id', 'is', null), eb('cc.credential_json', 'is', null)]))
    .executeTakeFirstOrThrow();
  return { pending: Number(r.pending), ahead: Number(r.ahead ?? 0), oldest: (r.oldest as string | null) ?? null };
}

/** Sealed holder numbers after an id, in id order: key rotation re-seals them a batch at a time. */
export const sealedHolderIdsAfter = (db: Kysely<DB>, afterId: number, limit: number) =>
  db
    .selectFrom('certificates')
    .select(['id', 'holder_id_number_enc'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();

/** How many holder numbers there are to look at (key rotation's progress). */
export const countSealedHolderIds = async (db: Kysely<DB>) =>
  Number(
    (
      await db
        .selectFrom('certificates')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

export const setSealedHolderId = (db: Kysely<DB>, id: number, enc: string) =>
  db.updateTable('certificates').set({ holder_id_number_enc: enc }).where('id', '=', id).execute();

// ---- what progress counts (docs/METRICS.md): the targets module keeps its aggregates from these

/** The facts of one certificate that progress counts: date, issuer, occupation, level, status, holder. */
export function countingFactsOf(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('certificates')
    .select(['id', 'learner_id', 'issued_on', 'institution_id', 'occupation_id', 'level', 'status'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** `countingFactsOf` for many certificates at once. */
export async function countingFactsOfMany(db: Kysely<DB>, ids: number[]) {
  if (!ids.length) return [];
  return db
    .selectFrom('certificates')
    .select(['id', 'learner_id', 'issued_on', 'institution_id', 'occupation_id', 'level', 'status'])
    .where(inIds(db, 'id', ids))
    .execute();
}

/** `countingFactsOfLearner` for many people at once, over business dates from…to (inclusive). */
export async function countingFactsOfLearners(db: Kysely<DB>, learnerIds: number[], from: string, to: string) {
  if (!learnerIds.length) return [];
  return db
    .selectFrom('certificates')
    .select(['id', 'learner_id', 'issued_on', 'institution_id', 'occupation_id', 'level', 'status'])
    .where(inIds(db, 'learner_id', learnerIds))
    .where('issued_on', '>=', from)
    .where('issued_on', '<=', to)
    .orderBy('issued_on')
    .orderBy('id')
    .execute();
}

/** A person's certificates issued in one year (business dates), with the facts progress counts. */
export function countingFactsOfLearner(db: Kysely<DB>, learnerId: number, year: number) {
  return db
    .selectFrom('certificates')
    .select(['id', 'learner_id', 'issued_on', 'institution_id', 'occupation_id', 'level', 'status'])
    .where('learner_id', '=', learnerId)
    .where('issued_on', '>=', `${year}-01-01`)
    .where('issued_on', '<=', `${year}-12-31`)
    .orderBy('issued_on')
    .orderBy('id')
    .execute();
}

/** Counts of the valid certificates per issue date × issuer × occupation × level (`certificateCountsQuery`). */
export interface CertificateCounts {
  day: string;
  institution_id: number;
  occupation_id: number;
  level: number;
  /** valid certificates: the recount behind `certificates` */
  certificates: number;
  /** each person's first valid certificate of a year (by issue date, then id): behind `certified` */
  certified: number;
  /** each person's first valid certificate of a year at 三级 or above (CERT-1): behind `high_skill` */
  high_skill: number;
}

/**
 * The full recount of the certificates' three metrics in one pass over the table (one scan, one
 * sort for the window, one for the grouping; it was three scans and five sorts): per person and
 * year, ordered by issue date then id, a certificate is the first of the year when its row number
 * is 1, and the first at 三级 or above when it is at 三级 or above and the running count of such
 * certificates is 1. A select for the targets module to write from (`insertCountsFrom`) or read.
 */
export function certificateCountsQuery() {
  return sql<CertificateCounts>`
    select day, institution_id, occupation_id, level, count(*) as certificates,
      sum(case when rn = 1 then 1 else 0 end) as certified,
      sum(case when level <= 3 and high = 1 then 1 else 0 end) as high_skill
    from (
      select issued_on as day, institution_id, occupation_id, level,
        row_number() over w as rn,
        sum(case when level <= 3 then 1 else 0 end) over w as high
      from certificates
      where status = 'valid'
      window w as (partition by learner_id, substr(issued_on, 1, 4) order by issued_on, id)
    ) ranked
    group by day, institution_id, occupation_id, level`;
}

/** The columns of a bulk load of certificates, in the order `insertCertificatesBulk` takes their values (without the columns it is given one value for). */
export const CERTIFICATE_BULK_COLUMNS = [
  'number',
  'kind',
  'institution_id',
  'learner_id',
  'occupation_id',
  'level',
  'pathway',
  'issued_on',
  'status',
  'verify_code',
  'fee',
  'source_type',
  'holder_name',
  'holder_id_type',
  'holder_id_number_enc',
  'holder_id_number_hash',
  'institution_name',
  'filing_no',
  'occupation_code',
  'occupation_name',
  'issued_by',
  'created_at',
] as const;

/** The secondary indexes of `certificates` a bulk load builds once at its end (`database/bulk.ts`). */
export const CERTIFICATE_DEFERRABLE_INDEXES = [
  'certificates_inst_idx',
  'certificates_person_occ_level_idx',
  'certificates_holder_hash_idx',
  'certificates_learner_issued_idx',
] as const;

/** Whether a certificate with this number exists (by the number's own unique index, which a bulk load keeps). */
export async function certificateNumberExists(db: Kysely<DB>, number: string) {
  return !!(await db.selectFrom('certificates').select('id').where('number', '=', number).executeTakeFirst());
}

/** Inserts many certificates inside the caller's transaction (the province-scale generator). */
export function insertCertificatesBulk(
  target: BulkTarget,
  values: readonly unknown[],
  fixed: Readonly<Record<string, string | number>> = {},
) {
  return bulkInsert(target, 'certificates', CERTIFICATE_BULK_COLUMNS, values, fixed);
}

/** Certificates whose institution, person or occupation is missing (a bulk load checks no foreign key row by row on SQLite). */
export function certificatesMissingParents(target: BulkTarget) {
  return foreignKeyViolations(target, ['certificates']);
}

/** Raises the serial counters to at least the serials a bulk load used, so issuing continues after them (CERT-7). */
export async function raiseCertificateSerials(
  db: Kysely<DB>,
  used: readonly { filing_no: string; year: number; level: number; last_serial: number }[],
) {
  for (let i = 0; i < used.length; i += 200)
    await db
      .insertInto('certificate_serials')
      .values(used.slice(i, i + 200))
      .onConflict((oc) =>
        oc.columns(['filing_no', 'year', 'level']).doUpdateSet({
          last_serial: sql<number>`case when excluded.last_serial > certificate_serials.last_serial then excluded.last_serial else certificate_serials.last_serial end`,
        }),
      )
      .execute();
}
