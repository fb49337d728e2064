/**
 * Training lists as Excel workbooks, each audited (`training.export`): the classes the caller's list
 * shows under the same filters, a class's trainees (ID numbers masked, as every view shows them) and
 * a class's attendance sheet — one row per trainee, one column per offline class hour, each cell the
 * mark (出勤 / 缺勤 / 请假 / 补课 with its day, TRAIN-10), with the compliant hours computed from the
 * records (hours.service.ts).
 */
import { EXPORT_ROWS_MAX } from '../../../../contract/limits.js';
import type { ClassQuery } from '../../../../contract/api-training.js';
import { CLASS_STATUSES } from '../../../../contract/training-class-workflow.js';
import { ATTENDANCE_STATUSES, SESSION_KINDS } from '../../../../contract/training-hours.js';
import { CERTIFICATE_ROUTES, CLASS_MODES, CLASS_TYPES, TARGET_GROUPS } from '../../../../contract/training.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { pick, type Lang } from '../../lib/lang.js';
import { workbookOf, type SheetColumn } from '../../lib/xlsx.js';
import { recordAuditNow } from '../audit/audit.service.js';
import { listClasses } from './classes.service.js';
import { getHours } from './hours.service.js';
import { listTrainees } from './trainees.service.js';

/** A label in Chinese; in English the code itself, spaced (the labels are Chinese terms of art). */
const say = (lang: Lang, table: Record<string, string>, v: string) => pick(lang, table[v] ?? v, v.replace(/_/g, ' '));

async function audited(deps: Deps, ctx: RequestContext, what: string, rows: number, detail: object) {
  await recordAuditNow(deps, ctx, {
    action: 'training.export',
    objectType: 'training_class',
    objectId: 'classId' in detail ? (detail.classId as number) : null,
    detail: JSON.stringify({ what, rows, ...detail }),
  });
}

type ClassRow = Awaited<ReturnType<typeof listClasses>>['items'][number];

export async function exportClasses(deps: Deps, ctx: RequestContext, f: Omit<ClassQuery, 'page' | 'pageSize'>) {
  const lang = ctx.lang ?? 'zh';
  const { items } = await listClasses(deps, ctx, { ...f, page: 1, pageSize: EXPORT_ROWS_MAX });
  const columns: SheetColumn<ClassRow>[] = [
    { header: ['编号', 'No.'], width: 8, value: (r) => r.id },
    { header: ['培训班', 'Class'], width: 36, value: (r) => r.title },
    { header: ['培训机构', 'Provider'], width: 30, value: (r) => r.providerName },
    { header: ['职业代码', 'Occupation code'], width: 12, text: true, value: (r) => r.occupationCode },
    { header: ['职业（工种）', 'Occupation'], width: 18, value: (r) => r.occupationName },
    { header: ['等级', 'Level'], width: 6, value: (r) => r.level },
    { header: ['培训类型', 'Type'], width: 16, value: (r) => say(lang, CLASS_TYPES, r.classType) },
    { header: ['培训方式', 'Mode'], width: 12, value: (r) => say(lang, CLASS_MODES, r.mode) },
    {
      header: ['补贴性', 'Subsidised'],
      width: 8,
      value: (r) => (r.subsidised ? pick(lang, '是', 'yes') : pick(lang, '否', 'no')),
    },
    { header: ['取证途径', 'Certificate'], width: 16, value: (r) => say(lang, CERTIFICATE_ROUTES, r.certificateRoute) },
    { header: ['理论课时', 'Theory hours'], width: 10, value: (r) => r.theoryHours },
    { header: ['实操课时', 'Practical hours'], width: 10, value: (r) => r.practicalHours },
    { header: ['班额', 'Capacity'], width: 8, value: (r) => r.capacity },
    { header: ['在册学员', 'Enrolled'], width: 8, value: (r) => r.enrolled },
    { header: ['开班日期', 'Starts'], width: 12, date: true, value: (r) => r.startDate },
    { header: ['结业日期', 'Ends'], width: 12, date: true, value: (r) => r.endDate },
    { header: ['培训地区', 'Region'], width: 14, value: (r) => r.regionName },
    { header: ['培训地点', 'Site'], width: 36, value: (r) => r.site },
    { header: ['状态', 'Status'], width: 10, value: (r) => say(lang, CLASS_STATUSES, r.status) },
  ];
  const buf = await workbookOf(['培训班', 'Training classes'], columns, items, lang);
  await audited(deps, ctx, 'classes', items.length, { filter: f });
  return buf;
}

type TraineeRow = Awaited<ReturnType<typeof listTrainees>>[number];

export async function exportTrainees(deps: Deps, ctx: RequestContext, classId: number) {
  const lang = ctx.lang ?? 'zh';
  const rows = await listTrainees(deps, ctx, classId);
  const columns: SheetColumn<TraineeRow>[] = [
    { header: ['姓名', 'Name'], width: 12, value: (r) => r.name },
    { header: ['证件号码', 'ID number'], width: 22, text: true, value: (r) => r.idNumberMasked },
    {
      header: ['培训对象类别', 'Target group'],
      width: 18,
      value: (r) => pick(lang, TARGET_GROUPS[r.targetGroup]?.label ?? r.targetGroup, r.targetGroup.replace(/_/g, ' ')),
    },
    { header: ['责任部门', 'Responsible department'], width: 18, value: (r) => r.department },
    { header: ['岗位职业（工种）', 'Post occupation'], width: 18, value: (r) => r.postOccupation?.name },
    {
      header: ['有就业意愿', 'Wants employment'],
      width: 10,
      value: (r) => (r.employmentIntention ? pick(lang, '是', 'yes') : pick(lang, '否', 'no')),
    },
    {
      header: ['在校生', 'In school'],
      width: 8,
      value: (r) => (r.inSchool ? pick(lang, '是', 'yes') : pick(lang, '否', 'no')),
    },
    {
      header: ['状态', 'Status'],
      width: 8,
      value: (r) => (r.status === 'enrolled' ? pick(lang, '在册', 'enrolled') : pick(lang, '退学', 'withdrawn')),
    },
    { header: ['退学原因', 'Withdrawal reason'], width: 20, value: (r) => r.withdrawnReason },
    { header: ['考核日期', 'Assessed on'], width: 12, date: true, value: (r) => r.assessedOn },
    {
      header: ['鉴定评价证书编号', 'Certificate (evaluation)'],
      width: 24,
      text: true,
      value: (r) => r.evaluationCertificateNo,
    },
  ];
  const buf = await workbookOf(['学员名单', 'Trainees'], columns, rows, lang);
  await audited(deps, ctx, 'trainees', rows.length, { classId });
  return buf;
}

export async function exportAttendance(deps: Deps, ctx: RequestContext, classId: number) {
  const lang = ctx.lang ?? 'zh';
  const [h, roster] = await Promise.all([getHours(deps, ctx, classId), listTrainees(deps, ctx, classId)]);
  const masked = new Map(roster.map((t) => [t.id, t.idNumberMasked]));
  const sessions = h.sessions.filter((s) => s.delivery === 'offline');
  const marks = new Map(sessions.map((s) => [s.id, new Map(s.attendance.map((a) => [a.traineeId, a]))]));
  type Row = (typeof h.trainees)[number];
  const markOf = (sessionId: number, traineeId: number) => {
    const a = marks.get(sessionId)?.get(traineeId);
    if (!a) return null;
    const word = say(lang, ATTENDANCE_STATUSES, a.status);
    return a.status === 'makeup' && a.makeupOn ? `${word} ${a.makeupOn}` : word;
  };
  const columns: SheetColumn<Row>[] = [
    { header: ['姓名', 'Name'], width: 12, value: (r) => r.name },
    { header: ['证件号码', 'ID number'], width: 22, text: true, value: (r) => masked.get(r.traineeId) },
    ...sessions.map((s): SheetColumn<Row> => ({
      header: [
        `${s.seq}. ${s.heldOn} ${s.startsAt} ${SESSION_KINDS[s.kind]}`,
        `${s.seq}. ${s.heldOn} ${s.startsAt} ${s.kind}`,
      ],
      width: 14,
      value: (r) => markOf(s.id, r.traineeId),
    })),
    { header: ['合规学时', 'Compliant hours'], width: 10, value: (r) => r.total },
    { header: ['计划学时', 'Planned hours'], width: 10, value: (r) => r.planned },
  ];
  const buf = await workbookOf(['考勤表', 'Attendance'], columns, h.trainees, lang);
  await audited(deps, ctx, 'attendance', h.trainees.length, { classId, sessions: sessions.length });
  return buf;
}
