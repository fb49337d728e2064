import type { Kysely } from 'kysely';
import type { Role } from '../../../contract/roles.js';
import type { Config } from '../config.js';
import type { Database } from '../database/connection.js';
import type { DB } from '../database/schema.js';
import type { Clock } from './clock.js';
import type { WorkerPool } from './workers.js';
import type { Lang } from './lang.js';

/** Who is acting, with the scope every query applies (`whereVisibleTo(actor)`). */
export interface Actor {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  /** region roles: the region code and its path in the reporting tree, e.g. `/410000/410100/` */
  regionCode: string | null;
  regionPath: string | null;
  institutionId: number | null;
  scopeLabel: string;
  scopePath: string[];
}

/** What a service needs to know about the request it serves. */
export interface RequestContext {
  actor: Actor | null;
  ip: string | null;
  requestId: string;
  /** the language the caller reads (Accept-Language); Chinese when absent */
  lang?: Lang;
}

/** The process-wide dependencies handed to services. */
export interface Deps {
  database: Database;
  db: Kysely<DB>;
  config: Config;
  clock: Clock;
  /** worker threads for heavy work (lib/workers.ts); without it such work runs inline */
  workers?: WorkerPool;
}

const readers = new WeakMap<Deps, Deps>();
/**
 * The dependencies of a service whose reads tolerate bounded staleness (the public catalog, the
 * dashboards): its `db` is the read path (`database.read`, see database/connection.ts), which
 * never waits behind the writers and may be a standby. Never for a service that writes.
 */
export function readDeps(deps: Deps): Deps {
  let r = readers.get(deps);
  if (!r) readers.set(deps, (r = { ...deps, db: deps.database.read.db }));
  return r;
}
