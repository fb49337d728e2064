/**
 * What a training-subsidy claim (subsidies module) reads of a class: the class, approved and
 * subsidised (TRAIN-1 “补贴性培训进系统、系统之外零补贴”), its provider's place in the catalogue, and
 * each enrolled trainee with the compliant hours computed from the records (hours.service.ts:
 * TRAIN-4 recordings, TRAIN-10 attendance and make-ups, TRAIN-11 online records) and the completion
 * test, if any (TRAIN-9). Read only; the claim decides what is paid.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Actor, Deps } from '../../lib/context.js';
import { assertApprovedClass } from './class-guards.js';
import { loadVisibleClass } from './classes.service.js';
import { hoursOf } from './hours.service.js';
import { providerById } from './providers.queries.js';
import { enrolledTrainees } from './trainees.service.js';

export async function classForClaim(db: Kysely<DB>, deps: Deps, actor: Actor, classId: number) {
  const c = await loadVisibleClass(db, actor, classId, 'subsidy.claim');
  const cls = await assertApprovedClass(db, classId, { subsidised: true });
  const [provider, hours, enrolled] = await Promise.all([
    providerById(db, cls.providerId),
    hoursOf(db, deps, actor, c),
    enrolledTrainees(db, classId),
  ]);
  const learnerOf = new Map(enrolled.map((t) => [t.id, t.learnerId]));
  return {
    cls,
    institutionId: c.institution_id,
    providerName: c.provider_name,
    provider: provider
      ? { status: provider.status, exitedOn: provider.exited_on, exitReason: provider.exit_reason }
      : null,
    trainees: hours.trainees.map((t) => ({
      traineeId: t.traineeId,
      learnerId: learnerOf.get(t.traineeId)!,
      hoursCounted: t.total,
      hoursPlanned: t.planned,
      // the approved theory and practical hours, and an online class's offline practical hours (TRAIN-11)
      complete: t.complete && t.offlinePracticalOk !== false,
      completion: t.completion,
    })),
  };
}
