/**
 * 国家职业资格证书, 专项职业能力证书 and 特种作业操作证 as recorded (other-certificates.service.ts):
 * the record, its scope (the recording HRSS department's region subtree; a learner their own), and
 * what a training claim (TRAIN-9) reads of them — never the holder's ID number.
 */
import { sql, type Insertable, type Kysely, type Updateable } from 'kysely';
import type { DB, OtherCertificateTable } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { likeContains } from '../../database/sql-helpers.js';
import { regionCodesUnder } from '../regions/regions.queries.js';
import { learnerIdsOfUserQuery } from '../people/learners.queries.js';

function base(db: Kysely<DB>) {
  return db
    .selectFrom('other_certificates as o')
    .innerJoin('learners as l', 'l.id', 'o.learner_id')
    .innerJoin('occupations as occ', 'occ.id', 'o.occupation_id')
    .innerJoin('regions as r', 'r.code', 'o.region_code');
}
const COLUMNS = [
  'o.id',
  'o.kind',
  'o.learner_id',
  'l.name as holder_name',
  'l.id_type as holder_id_type',
  'l.id_number_enc as holder_id_number_enc',
  'o.occupation_id',
  'occ.code as occupation_code',
  'occ.name as occupation_name',
  'o.item',
  'o.level',
  'o.number',
  'o.issued_on',
  'o.issuing_body',
  'o.region_code',
  'r.name as region_name',
  'o.status',
  'o.revoked_on',
  'o.revoke_reason',
  'o.recorded_by_name',
  'o.created_at',
] as const;

/** Records an actor may see: HRSS over the recording region's subtree; a learner their own. */
function visible(db: Kysely<DB>, actor: Actor) {
  const q = base(db);
  if (actor.role === 'learner') return q.where('o.learner_id', 'in', learnerIdsOfUserQuery(db, actor.id));
  if (!actor.regionPath) return q.where(sql<boolean>`1 = 0`);
  return q.where('o.region_code', 'in', regionCodesUnder(db, actor.regionPath));
}

export interface OtherCertificateFilter {
  kind?: string;
  status?: string;
  learnerId?: number;
  q?: string;
}

function filtered(db: Kysely<DB>, actor: Actor, f: OtherCertificateFilter) {
  let q = visible(db, actor);
  if (f.kind) q = q.where('o.kind', '=', f.kind as OtherCertificateTable['kind']);
  if (f.status) q = q.where('o.status', '=', f.status as OtherCertificateTable['status']);
  if (f.learnerId) q = q.where('o.learner_id', '=', f.learnerId);
  if (f.q) {
    const like = likeContains(f.q);
    q = q.where((eb) => eb.or([eb('o.number', 'like', like), eb('l.name', 'like', like)]));
  }
  return q;
}

export async function listOtherCertificates(
  db: Kysely<DB>,
  actor: Actor,
  f: OtherCertificateFilter,
  page: number,
  pageSize: number,
) {
  const [rows, count] = await Promise.all([
    filtered(db, actor, f)
      .select(COLUMNS)
      .orderBy('o.issued_on', 'desc')
      .orderBy('o.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    filtered(db, actor, f)
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}
export type OtherCertificateRow = Awaited<ReturnType<typeof listOtherCertificates>>['rows'][number];

export const visibleOtherCertificate = (db: Kysely<DB>, actor: Actor, id: number) =>
  visible(db, actor).select(COLUMNS).where('o.id', '=', id).executeTakeFirst();

export const otherCertificateById = (db: Kysely<DB>, id: number) =>
  base(db).select(COLUMNS).where('o.id', '=', id).executeTakeFirst();

export const otherCertificateByNumber = (db: Kysely<DB>, kind: OtherCertificateTable['kind'], number: string) =>
  db
    .selectFrom('other_certificates')
    .select(['id', 'learner_id'])
    .where('kind', '=', kind)
    .where('number', '=', number)
    .executeTakeFirst();

export async function insertOtherCertificate(db: Kysely<DB>, row: Insertable<OtherCertificateTable>) {
  return (await db.insertInto('other_certificates').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

/** Changes a record in `from` status only (a concurrent change loses). */
export async function updateOtherCertificate(
  db: Kysely<DB>,
  id: number,
  from: OtherCertificateTable['status'],
  patch: Updateable<OtherCertificateTable>,
) {
  const r = await db
    .updateTable('other_certificates')
    .set(patch)
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/**
 * A kind of certificate some people hold in one occupation, issued on or after a date (a training
 * claim, TRAIN-9: what the trainees of a class obtained after it began), oldest first, any status.
 */
export function otherCertificatesOfLearners(
  db: Kysely<DB>,
  kind: OtherCertificateTable['kind'],
  learnerIds: readonly number[],
  occupationId: number,
  issuedFrom: string,
) {
  if (!learnerIds.length) return Promise.resolve([]);
  return db
    .selectFrom('other_certificates')
    .select(['id', 'learner_id', 'level', 'number', 'issued_on', 'status'])
    .where('kind', '=', kind)
    .where('learner_id', 'in', [...learnerIds])
    .where('occupation_id', '=', occupationId)
    .where('issued_on', '>=', issuedFrom)
    .orderBy('issued_on')
    .orderBy('id')
    .execute();
}
