/**
 * The student situation behind a registration (CERT-10, CERT-2): the plan's institution as the
 * source of a candidate's data, the snapshot a registration keeps of the situation it was judged
 * on, and the page that shows it next to the person's situation now and its history.
 */
import type { Situation as SituationSnapshot } from '../../../../contract/api-assessment.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import {
  learnerSituation,
  situationHistory,
  type SituationSource,
  type SituationVia,
} from '../people/learners.service.js';
import type { Situation } from '../people/situation.js';
import { planOfRegistration } from './plan-guards.js';
import type { PlanRow } from './plans.queries.js';
import { registrationWithLearner } from './registrations.queries.js';

/** The plan's institution as the source of a candidate's data: a school keeps its own students' records. */
export const sourceOf = (plan: PlanRow, via: SituationVia): SituationSource => ({
  institutionId: plan.institution_id,
  school: plan.institution_school_type ? { id: plan.institution_id, name: plan.institution_name } : null,
  via,
  ref: `plan:${plan.id}`,
});

/** The snapshot a registration keeps (`situation_json`), with the note when its stated change was not applied. */
export const snapshotOf = (s: Situation, note?: string | null): SituationSnapshot => ({
  studentType: s.studentType,
  schoolName: s.school?.name ?? null,
  major: s.major,
  graduationYear: s.graduationYear,
  inSchool: s.inSchool,
  ...(note ? { note } : {}),
});
export const parseSnapshot = (json: string | null): SituationSnapshot | null => (json ? JSON.parse(json) : null);

/** What a registration was judged on, the person's situation now, and every change of it. */
export async function registrationSituation(deps: Deps, ctx: RequestContext, registrationId: number) {
  const { reg } = await planOfRegistration(ctx, deps.db, registrationId);
  const person = await registrationWithLearner(deps.db, registrationId);
  if (!person) throw new AppError('NOT_FOUND', `报名 #${registrationId} 不存在`);
  return {
    registrationId,
    learnerId: reg.learner_id,
    name: person.name,
    atRegistration: parseSnapshot(reg.situation_json),
    current: snapshotOf(await learnerSituation(deps.db, reg.learner_id)),
    history: await situationHistory(deps.db, reg.learner_id),
  };
}
