/** Competitions and their award rules (CERT-5), and the province's cap on award rules per contest tier. */
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { CompetitionTable, CompetitionTierCapTable, DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { whereInScope } from '../regions/scope.queries.js';

export async function insertCompetition(db: Kysely<DB>, row: Insertable<CompetitionTable>) {
  return (await db.insertInto('competitions').values(row).returning('id').executeTakeFirstOrThrow()).id;
}

export async function updateCompetition(db: Kysely<DB>, id: number, patch: Updateable<CompetitionTable>) {
  await db.updateTable('competitions').set(patch).where('id', '=', id).execute();
}

/**
 * Competitions an actor may see: an official those of institutions in the region subtree, an
 * institution its own; with the organiser's filing facts (who approves) and the awards made.
 */
export function visibleCompetitions(db: Kysely<DB>, actor: Actor) {
  const q = db
    .selectFrom('competitions as c')
    .innerJoin('institutions as i', 'i.id', 'c.institution_id')
    .innerJoin('regions as r', 'r.code', 'i.region_code')
    .innerJoin('occupations as o', 'o.id', 'c.occupation_id');
  return whereInScope(db, q, actor, { region: 'i.region_code', institution: 'c.institution_id' })
    .selectAll('c')
    .select([
      'i.name as institution_name',
      'i.kind',
      'i.school_type',
      'i.owner',
      'r.path as region_path',
      'o.name as occupation_name',
    ])
    .select((eb) =>
      eb
        .selectFrom('pathway_records as pr')
        .select(eb.fn.countAll<number>().as('n'))
        .where('pr.source_type', '=', 'competition')
        .whereRef('pr.source_id', '=', 'c.id')
        .as('awarded'),
    );
}
export type CompetitionRow = NonNullable<
  Awaited<ReturnType<ReturnType<typeof visibleCompetitions>['executeTakeFirst']>>
>;

export function competitionExists(db: Kysely<DB>, id: number) {
  return db.selectFrom('competitions').select('id').where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------- tier caps
export function tierCaps(db: Kysely<DB>) {
  return db.selectFrom('competition_tier_caps').selectAll().execute();
}

export function tierCap(db: Kysely<DB>, tier: CompetitionTierCapTable['tier']) {
  return db.selectFrom('competition_tier_caps').selectAll().where('tier', '=', tier).executeTakeFirst();
}

/** Sets a tier's cap (a row per tier; one missing is added). */
export async function saveTierCap(db: Kysely<DB>, row: CompetitionTierCapTable) {
  const { tier, ...rest } = row;
  await db
    .insertInto('competition_tier_caps')
    .values(row)
    .onConflict((oc) => oc.column('tier').doUpdateSet(rest))
    .execute();
}

/** A competition with what the issued-certificate review reads (its approval and rules). */
export function competitionForReview(db: Kysely<DB>, id: number) {
  return db
    .selectFrom('competitions')
    .select(['id', 'tier', 'status', 'contest_date', 'decided_at', 'participants', 'rules_json'])
    .where('id', '=', id)
    .executeTakeFirst();
}
