import type { Kysely, Updateable } from 'kysely';
import type { CertificateTable, DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { likeContains } from '../../database/sql-helpers.js';
import { whereInScope } from '../regions/scope.js';
import { learnerIdsOfUserQuery } from '../people/learners.queries.js';

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

export async function insertCertificate(db: Kysely<DB>, row: Omit<CertificateTable, 'id'>) {
  return (await db.insertInto('certificates').values(row).returning('id').executeTakeFirstOrThrow()).id;
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
}

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
      .orderBy('c.id', 'desc')
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

export async function updateCertificate(db: Kysely<DB>, id: number, patch: Updateable<CertificateTable>) {
  await db.updateTable('certificates').set(patch).where('id', '=', id).execute();
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
      'holder_id_number',
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
