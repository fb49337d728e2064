/**
 * What the filing workflow needs from the staff registry, which sits a floor above institutions:
 * staff supplies it when it loads, so institutions never imports staff.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { port } from '../../lib/port.js';

export interface StaffRegistry {
  /** a registered person (for the expert's conflict-of-interest check, INST-2), or undefined */
  findStaff(
    db: Kysely<DB>,
    id: number,
  ): Promise<{ kind: string; institution_id: number | null; name: string } | undefined>;
  /** assigns a person to a piece of work after the INST-8 check, inside the caller's transaction */
  assignStaff(
    deps: Deps,
    ctx: RequestContext,
    body: { staffId: number; workType: string; refType: string; refId: number },
    trx: Kysely<DB>,
  ): Promise<{ id: number; name: string }>;
}
export const staffRegistry = port<StaffRegistry>('staff registry (staff module)');
