/**
 * The exam pathway looks back over the certificates it issued (issue 10): the scores against the
 * standard's pass mark in every part (CERT-2: 成绩合格者取得相应证书), the 中职 cap on the registration's day (CERT-2), and the examiners'
 * qualification in the occupation and grade (INST-3), each as the rule reads now.
 */
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import { businessDay } from '../../lib/dates.js';
import { REVIEW_PAGE, type IssuedFinding } from '../certificates/issued-review.js';
import { occupationsOfStaff, staffById } from '../staff/staff.queries.js';
import { secondaryVocationalCap } from './eligibility.js';
import { PARTS, planStandard } from './plan-guards.js';
import { certifiedRegistrationsOf, certifyingPlansAfter } from './registrations.queries.js';
import { parseSnapshot } from './registration-situation.service.js';
import { studentSituation } from './eligibility.js';
import { currentScores } from './scores.queries.js';
import { roomsOfSession, seatsOfRooms, sessionsOfPlan, staffOfRooms } from './sessions.queries.js';
import { qualificationProblems, type DutyPerson } from './staffing.js';

export async function reviewExamCertificates(db: Kysely<DB>, timeZone: string): Promise<IssuedFinding[]> {
  const out: IssuedFinding[] = [];
  for (let after = 0; ;) {
    const plans = await certifyingPlansAfter(db, after, REVIEW_PAGE);
    if (!plans.length) return out;
    after = plans[plans.length - 1].id;
    for (const plan of plans) out.push(...(await reviewPlan(db, plan, timeZone)));
  }
}

type Plan = Awaited<ReturnType<typeof certifyingPlansAfter>>[number];

async function reviewPlan(db: Kysely<DB>, plan: Plan, timeZone: string): Promise<IssuedFinding[]> {
  const out: IssuedFinding[] = [];
  const std = await planStandard(db, plan);
  const { latest } = await currentScores(db, plan.id);
  const regs = await certifiedRegistrationsOf(db, plan.id);
  const unqualified = await unqualifiedExaminersBySeat(db, plan);
  for (const r of regs) {
    const finding = (rule: string, reason: string) => out.push({ certificateId: r.certificate_id, rule, reason });
    // CERT-2: every part of the standard confirmed at or above the pass mark
    const below = std.parts.flatMap((part) => {
      const s = latest.get(`${r.id}:${part}`);
      if (!s) return [`${PARTS[part]}无成绩`];
      if (!s.confirmed_at) return [`${PARTS[part]}成绩未经复核`];
      return s.score_x10 < std.passMark * 10 ? [`${PARTS[part]} ${s.score_x10 / 10} 分`] : [];
    });
    if (below.length) finding('CERT-2', `${below.join('，')}，未达合格线 ${std.passMark} 分`);
    // CERT-2: the 中职 cap on the day of registration, on the situation the registration kept
    // (registrations from before the snapshot existed: the person's record as it is now)
    const on = businessDay(new Date(r.created_at), timeZone);
    const situation = parseSnapshot(r.situation_json) ?? {
      studentType: r.student_type,
      graduationYear: r.graduation_year,
      inSchool: r.in_school === 1,
    };
    const cap = secondaryVocationalCap(plan.level, studentSituation(situation, on), r.outstanding_graduate === 1, on);
    if (cap) finding('CERT-2', cap);
    // INST-3: the examiners in this candidate's rooms
    const problems = unqualified.get(r.id);
    if (problems?.length) finding('INST-3', problems.join('；'));
  }
  return out;
}

/** registration id → what was wrong with the examiners of the rooms it sat in (practical and panel parts). */
async function unqualifiedExaminersBySeat(db: Kysely<DB>, plan: Plan) {
  const bySeat = new Map<number, string[]>();
  const occupation = { id: plan.occupation_id, name: plan.occupation_name };
  for (const session of await sessionsOfPlan(db, plan.id)) {
    if (session.part === 'theory') continue;
    const rooms = await roomsOfSession(db, session.id);
    const roomIds = rooms.map((r) => r.id);
    const staff = await staffOfRooms(db, roomIds);
    const people = new Map<number, DutyPerson>();
    for (const id of new Set(staff.map((s) => s.id))) {
      const st = await staffById(db, id);
      if (st) people.set(id, { name: st.name, kind: st.kind, occupationIds: [] });
    }
    for (const o of await occupationsOfStaff(db, [...people.keys()]))
      (people.get(o.staff_id)!.occupationIds as number[]).push(o.id);
    const problemsOfRoom = new Map(
      roomIds.map((roomId) => [
        roomId,
        qualificationProblems(
          session.part,
          occupation,
          plan.level,
          staff.filter((s) => s.room_id === roomId && people.has(s.id)).map((s) => people.get(s.id)!),
        ),
      ]),
    );
    for (const seat of await seatsOfRooms(db, roomIds)) {
      const p = problemsOfRoom.get(seat.room_id) ?? [];
      if (p.length) bySeat.set(seat.registration_id, [...(bySeat.get(seat.registration_id) ?? []), ...p]);
    }
  }
  return bySeat;
}
