/**
 * The one rule of data scope, applied inside every query that lists, counts, shows or exports:
 * a region-scoped actor sees rows whose region lies in the actor's subtree; an institution-scoped
 * actor sees its institution's rows; anyone else sees none.
 */
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Actor } from '../../lib/context.js';
import { regionCodesUnder } from './regions.queries.js';

export interface ScopeColumns {
  /** the column holding the row's region code, e.g. `i.region_code` */
  region: string;
  /** the column holding the row's institution id, e.g. `a.institution_id` */
  institution: string;
}

export function whereInScope<QB extends SelectQueryBuilder<any, any, any>>(
  db: Kysely<DB>,
  qb: QB,
  actor: Actor,
  cols: ScopeColumns,
): QB {
  if (actor.regionPath) return qb.where(sql.ref(cols.region), 'in', regionCodesUnder(db, actor.regionPath)) as QB;
  if (actor.institutionId) return qb.where(sql.ref(cols.institution), '=', actor.institutionId) as QB;
  return qb.where(sql<boolean>`1 = 0`) as QB;
}
