/**
 * Exam sessions (考场安排): rooms with their candidates and seats, staffed to the occupation
 * standard with the institution's own registered people (INST-4, INST-8), and each candidate's
 * admission ticket (准考证).
 */
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { personalData } from '../../lib/personal-data.js';
import { runTask } from '../../lib/workers.js';
import { recordAudit } from '../audit/audit.service.js';
import { occupationsOfStaff } from '../staff/staff.queries.js';
import { assertAssignable, assignStaff } from '../staff/staff.service.js';
import { loadOwnPlan, loadPlan, PARTS, registrationForCandidateOrStaff, type Part } from './plan-guards.js';
import { registrationStatuses } from './registrations.queries.js';
import * as q from './sessions.queries.js';
import { qualificationProblems, staffingProblem, type DutyPerson } from './staffing.js';
import { standardFor } from './standards.queries.js';
import { toStandard } from './standards.service.js';
import type { SessionBody } from '../../../../contract/api-assessment.js';

export type SessionInput = SessionBody;

/** Which duty the staff of a room do, by the part examined there. */
const DUTY = { theory: 'invigilator', practical: 'examiner', panel: 'panel' } as const;

export async function createSession(deps: Deps, ctx: RequestContext, planId: number, body: SessionInput) {
  return deps.db.transaction().execute(async (trx) => {
    const plan = await loadOwnPlan(ctx, trx, planId, 'scheduleSession');
    const std = (await standardFor(trx, plan.occupation_id, plan.level))!;
    if (!toStandard(std).parts.includes(body.part))
      throw new AppError('VALIDATION_FAILED', `该职业等级不设${PARTS[body.part]}`, {
        details: [{ field: '/part', message: '标准中无此考核' }],
      });
    const regs = new Map((await registrationStatuses(trx, planId)).map((r) => [r.id, r]));
    const problems: { field: string; message: string }[] = [];
    body.rooms.forEach((room, i) => {
      for (const id of room.registrationIds) {
        const r = regs.get(id);
        if (!r) problems.push({ field: `/rooms/${i}/registrationIds`, message: `报名 #${id} 不属于本计划` });
        else if (r.status !== 'eligible')
          problems.push({
            field: `/rooms/${i}/registrationIds`,
            message: `报名 #${id} ${r.status === 'withdrawn' ? '已撤回' : '未通过资格审核'}`,
          });
      }
      const p = staffingProblem(body.part, room.registrationIds.length, new Set(room.staffIds).size, std);
      if (p) problems.push({ field: `/rooms/${i}/staffIds`, message: `${room.room}：${p}` });
    });
    if (problems.length) {
      const staffing = problems.some((x) => x.field.endsWith('staffIds'));
      throw new AppError(
        staffing ? 'STAFFING_INSUFFICIENT' : 'VALIDATION_FAILED',
        problems.map((x) => x.message).join('；'),
        { details: problems },
      );
    }
    const duty = DUTY[body.part];
    // every person once, before anything is written: INST-8, INST-4, the duty's kind
    const people = new Map<number, DutyPerson>();
    for (const staffId of new Set(body.rooms.flatMap((r) => r.staffIds))) {
      const st = await assertAssignable(trx, staffId); // INST-8
      // INST-4: the institution examines with its own registered people (experts may come from the region's pool)
      if (st.institution_id !== plan.institution_id && !(duty === 'panel' && st.kind === 'expert')) {
        throw new AppError('DELEGATION_FORBIDDEN', `${st.name} 不是本机构登记的人员，不能安排在本机构的考场`, {
          rule: 'INST-4',
          details: [{ field: '/rooms', message: `${st.name} 不属于本机构` }],
        });
      }
      if (duty === 'examiner' && st.kind !== 'examiner' && st.kind !== 'senior_examiner')
        throw new AppError('VALIDATION_FAILED', `${st.name} 不是考评员`, {
          details: [{ field: '/rooms', message: `${st.name} 不是考评员` }],
        });
      people.set(staffId, { name: st.name, kind: st.kind, occupationIds: [] });
    }
    for (const o of await occupationsOfStaff(trx, [...people.keys()]))
      (people.get(o.staff_id)!.occupationIds as number[]).push(o.id);
    // INST-3: examiners are qualified in the session's occupation, and senior for 二级/一级
    const occupation = { id: plan.occupation_id, name: plan.occupation_name };
    const unqualified = body.rooms.flatMap((room, i) =>
      qualificationProblems(
        body.part,
        occupation,
        plan.level,
        [...new Set(room.staffIds)].map((id) => people.get(id)!),
      ).map((message) => ({ field: `/rooms/${i}/staffIds`, message: `${room.room}：${message}` })),
    );
    if (unqualified.length)
      throw new AppError('EXAMINER_NOT_QUALIFIED', unqualified.map((x) => x.message).join('；'), {
        rule: 'INST-3',
        details: unqualified,
      });
    const now = deps.clock.now().toISOString();
    const sessionId = await q.insertSession(trx, {
      plan_id: planId,
      part: body.part,
      starts_at: body.startsAt,
      site: body.site,
      created_at: now,
    });
    for (const room of body.rooms) {
      const roomId = await q.insertRoom(trx, sessionId, room.room);
      for (const staffId of new Set(room.staffIds)) {
        await assignStaff(deps, ctx, { staffId, workType: duty, refType: 'session', refId: sessionId }, trx); // INST-8
        await q.insertRoomStaff(trx, { room_id: roomId, staff_id: staffId, duty });
      }
      for (const [seat, registrationId] of room.registrationIds.entries()) {
        const ticket = `${plan.year}${String(planId).padStart(5, '0')}${body.part[0].toUpperCase()}${String(sessionId).padStart(4, '0')}${String(seat + 1).padStart(3, '0')}`;
        await q.insertSeat(trx, {
          room_id: roomId,
          registration_id: registrationId,
          seat: seat + 1,
          ticket_no: ticket,
        });
      }
    }
    await recordAudit(trx, deps, ctx, { action: 'session.create', objectType: 'plan', objectId: planId, after: body });
    return {
      id: sessionId,
      part: body.part,
      rooms: body.rooms.length,
      candidates: body.rooms.reduce((n, r) => n + r.registrationIds.length, 0),
    };
  });
}

export async function listSessions(deps: Deps, ctx: RequestContext, planId: number) {
  await loadPlan(ctx, deps.db, planId);
  const sessions = await q.sessionsOfPlan(deps.db, planId);
  const out = [];
  for (const s of sessions) {
    const rooms = await q.roomsOfSession(deps.db, s.id);
    const roomIds = rooms.map((r) => r.id);
    const staff = await q.staffOfRooms(deps.db, roomIds);
    const seats = await q.seatsOfRooms(deps.db, roomIds);
    out.push({
      id: s.id,
      part: s.part,
      partLabel: PARTS[s.part],
      startsAt: s.starts_at,
      site: s.site,
      rooms: rooms.map((r) => ({
        room: r.room,
        staff: staff.filter((x) => x.room_id === r.id).map((x) => ({ id: x.id, name: x.name, duty: x.duty })),
        candidates: seats
          .filter((c) => c.room_id === r.id)
          .map((c) => ({ registrationId: c.registration_id, seat: c.seat, ticketNo: c.ticket_no })),
      })),
    });
  }
  return out;
}

/** The admission ticket of an eligible candidate, for the candidate or their institution. */
export async function admissionTicket(deps: Deps, ctx: RequestContext, registrationId: number) {
  const { reg, plan } = await registrationForCandidateOrStaff(ctx, deps.db, registrationId);
  if (reg.status !== 'eligible')
    throw new AppError(
      'NOT_ELIGIBLE',
      reg.status === 'withdrawn' ? '报名已撤回，无准考证' : '未通过资格审核，无准考证',
    );
  const seats = await q.seatsOfRegistration(deps.db, registrationId);
  // pdfkit and the fonts load only when a ticket is asked for, in a worker thread
  const { RENDER_TICKET_PDF } = await import('./ticket-pdf.js');
  return runTask(deps, RENDER_TICKET_PDF, {
    planTitle: plan.title,
    institutionName: plan.institution_name,
    occupationName: plan.occupation_name,
    level: plan.level,
    name: reg.name,
    idNumber: personalData(deps.config).maskedIdNumber('learners.id_number', reg.id_number_enc),
    sessions: seats.map((s) => ({
      part: s.part,
      startsAt: s.starts_at,
      site: s.site,
      room: s.room,
      seat: s.seat,
      ticketNo: s.ticket_no,
    })),
  });
}
