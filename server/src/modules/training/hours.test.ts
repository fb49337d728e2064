/**
 * Hours that count (培训过程管理), through the API on a migrated database with the demo data: the
 * schedule of class hours, attendance, recordings, on-site spot checks and online study records of
 * an approved class, and the compliant hours computed from them. Each rule is written from
 * 许技领办〔2021〕4号 (seed 002): TRAIN-1, TRAIN-4, TRAIN-10, TRAIN-11 and 三（二）'s spot-check average.
 */
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestPlatform,
  jobAnswer,
  loginAs,
  makeUser,
  multipart,
  newResidentId,
  TEST_DB,
  XLSX_TYPE,
  type TestPlatform,
} from '../../../test/harness.js';
import { addDays, businessDate } from '../../lib/dates.js';
import { classApplication, listedProvider } from '../../../test/training-fixtures.js';
import { recordTraineeAssessment } from './trainees.service.js';
import { importSlots } from '../../lib/slots.js';
import { spoolDir } from '../../lib/spool.js';
import { stopImportAtItsWriting } from '../../../test/import-stop.js';
import { lockClass } from './classes.queries.js';

type M = 'GET' | 'POST' | 'PUT' | 'DELETE';
const TZ = 'Asia/Shanghai';

describe(`subsidised training: hours that count (${TEST_DB})`, () => {
  let p: TestPlatform;
  const occ: Record<string, number> = {};
  let provider: { id: number; institutionId: number };
  const cookies = new Map<string, string>();
  const as = async (user: string, method: M, url: string, payload?: object) => {
    if (!cookies.has(user)) cookies.set(user, await loginAs(p.app, user));
    const r = await p.app.inject({
      method,
      url,
      headers: { cookie: cookies.get(user)! },
      ...(payload ? { payload } : {}),
    });
    return {
      status: r.statusCode,
      body: r.body && r.headers['content-type']?.toString().includes('json') ? JSON.parse(r.body) : r.body,
    };
  };
  const today = () => businessDate(p.clock.now(), TZ);
  const goTo = (date: string) => {
    p.clock.set(`${date}T20:00:00+08:00`);
    cookies.clear();
  };
  let seq = 0;
  /** a class approved by 郑州市人社局, starting in 10 days, with `n` trainees enrolled */
  const approvedClass = async (n: number, over: Record<string, unknown> = {}) => {
    const c = await as(
      'tp-admin',
      'POST',
      '/api/training/classes',
      classApplication(occ.electric, today(), `课时测试班${++seq}`, over),
    );
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect((await as('tp-admin', 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' })).status).toBe(
      200,
    );
    const a = await as('city-admin', 'POST', `/api/training/classes/${c.body.id}/decision`, { decision: 'approve' });
    expect(a.status, JSON.stringify(a.body)).toBe(200);
    const trainees: { id: number; name: string; idNumber: string }[] = [];
    for (let i = 0; i < n; i++) {
      const body = {
        name: `学员${++seq}`,
        idNumber: newResidentId(),
        targetGroup: 'laid_off',
        employmentIntention: true,
      };
      const t = await as('tp-admin', 'POST', `/api/training/classes/${c.body.id}/trainees`, body);
      expect(t.status, JSON.stringify(t.body)).toBe(201);
      trainees.push({ id: t.body.id, name: body.name, idNumber: body.idNumber });
    }
    return { id: c.body.id as number, startDate: a.body.startDate as string, trainees };
  };
  const hours = async (classId: number, user = 'tp-admin') => {
    const h = await as(user, 'GET', `/api/training/classes/${classId}/hours`);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    return h.body;
  };
  const schedule = async (classId: number, body: Record<string, unknown>) => {
    const r = await as('tp-admin', 'POST', `/api/training/classes/${classId}/sessions`, body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    return r.body as { id: number; seq: number; startsAt: string }[];
  };
  const attend = (sessionId: number, entries: object[]) =>
    as('tp-admin', 'PUT', `/api/training/sessions/${sessionId}/attendance`, { entries });
  const audits = (action: string) =>
    p.deps.db
      .selectFrom('audit_log')
      .select(['object_id', 'outcome'])
      .where('action', '=', action)
      .where('outcome', '=', 'success')
      .execute();

  beforeAll(async () => {
    p = await createTestPlatform();
    for (const [k, code] of Object.entries({ electric: '6-31-01-03', weld: '6-18-02-04', security: '4-07-05-01' }))
      occ[k] = (
        await p.deps.db.selectFrom('occupations').select('id').where('code', '=', code).executeTakeFirstOrThrow()
      ).id;
    provider = await listedProvider(as, '郑州课时测试职业培训学校', [occ.electric, occ.weld, occ.security], today());
    await makeUser(p.deps, { username: 'tp-admin', role: 'institution_admin', institutionId: provider.institutionId });
    const other = await p.deps.db
      .selectFrom('institutions')
      .select('id')
      .where('id', '!=', provider.institutionId)
      .executeTakeFirstOrThrow();
    await makeUser(p.deps, { username: 'other-admin', role: 'institution_admin', institutionId: other.id });
    // the HRSS of the place (金水区) and of a neighbouring district (中原区)
    await makeUser(p.deps, { username: 'jinshui-hrss', role: 'county_hrss', region: '410105' });
    await makeUser(p.deps, { username: 'zhongyuan-hrss', role: 'county_hrss', region: '410102' });
  }, 180_000);
  afterAll(async () => p?.close());

  it('TRAIN-1: no class hours, attendance or spot check on a class that is not approved; only its own provider records', async () => {
    const c = await as('tp-admin', 'POST', '/api/training/classes', {
      title: `未批准班${++seq}`,
      occupationId: occ.electric,
      level: 4,
      classType: 'upgrading',
      subsidised: true,
      mode: 'offline',
      theoryHours: 14,
      practicalHours: 26,
      minutesPerHour: 45,
      teachers: 2,
      workstations: 2,
      capacity: 40,
      startDate: addDays(today(), 10),
      endDate: addDays(today(), 40),
      regionCode: '410105',
      site: '郑州市金水区测试路 1 号',
      majors: [],
    });
    await as('tp-admin', 'POST', `/api/training/classes/${c.body.id}/steps`, { step: 'submit' });
    const s = await as('tp-admin', 'POST', `/api/training/classes/${c.body.id}/sessions`, {
      heldOn: addDays(today(), 10),
      startsAt: '08:00',
      kind: 'theory',
      delivery: 'offline',
    });
    expect(s.status).toBe(409);
    expect(s.body.error).toMatchObject({ code: 'CLASS_NOT_APPROVED', rule: 'TRAIN-1' });
    expect(s.body.error.message).toContain('尚待审批');
    const k = await as('jinshui-hrss', 'POST', `/api/training/classes/${c.body.id}/spot-checks`, {
      checkedOn: today(),
      presentTraineeIds: [],
    });
    expect(k.status).toBe(409);
    expect(k.body.error).toMatchObject({ code: 'CLASS_NOT_APPROVED', rule: 'TRAIN-1' });
    const h = await hours(c.body.id);
    expect(h).toMatchObject({ mayRecord: false, sessions: [] });

    const ok = await approvedClass(1);
    const stranger = await as('other-admin', 'POST', `/api/training/classes/${ok.id}/sessions`, {
      heldOn: ok.startDate,
      startsAt: '08:00',
      kind: 'theory',
      delivery: 'offline',
    });
    expect(stranger.status).toBe(404);
    expect((await hours(ok.id)).mayRecord).toBe(true);
  });

  it('the schedule follows the approved plan: within the period, no more hours of a kind than planned, no overlap, offline classes offline', async () => {
    const c = await approvedClass(0, { theoryHours: 14, practicalHours: 26 });
    const first = await schedule(c.id, {
      heldOn: c.startDate,
      startsAt: '08:00',
      kind: 'theory',
      delivery: 'offline',
      count: 4,
    });
    expect(first.map((s) => s.startsAt)).toEqual(['08:00', '08:45', '09:30', '10:15']);
    const refusals = [
      { heldOn: addDays(c.startDate, -1), startsAt: '08:00', kind: 'theory', delivery: 'offline' },
      { heldOn: c.startDate, startsAt: '09:00', kind: 'practical', delivery: 'offline' },
      { heldOn: c.startDate, startsAt: '14:00', kind: 'practical', delivery: 'online' },
      { heldOn: addDays(c.startDate, 1), startsAt: '08:00', kind: 'theory', delivery: 'offline', count: 11 },
    ];
    for (const body of refusals) {
      const r = await as('tp-admin', 'POST', `/api/training/classes/${c.id}/sessions`, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe('SESSION_INVALID');
    }
    const h = await hours(c.id);
    expect(h.scheduled).toMatchObject({ theory: 4, practical: 0 });
    expect(h.sessions[0]).toMatchObject({ seq: 1, minutes: 45, endsAt: '08:45', recordingOk: false });
    const del = await as('tp-admin', 'DELETE', `/api/training/sessions/${first[3].id}`);
    expect(del.status).toBe(200);
    expect((await hours(c.id)).scheduled.theory).toBe(3);
  });

  it('TRAIN-4: theory counts only when recorded in full, practical only with at least 15 continuous minutes; a class hour without its recording does not count', async () => {
    const c = await approvedClass(1);
    const t = c.trainees[0].id;
    const th = await schedule(c.id, {
      heldOn: c.startDate,
      startsAt: '08:00',
      kind: 'theory',
      delivery: 'offline',
      count: 2,
    });
    const pr = await schedule(c.id, {
      heldOn: c.startDate,
      startsAt: '09:30',
      kind: 'practical',
      delivery: 'offline',
      count: 3,
    });
    // a recording before the class hour has taken place is refused
    const early = await as('tp-admin', 'PUT', `/api/training/sessions/${th[0].id}/recording`, {
      fileName: 'a.mp4',
      startsAt: '08:00',
      durationMinutes: 45,
    });
    expect(early.status).toBe(422);
    goTo(c.startDate);
    for (const s of [...th, ...pr])
      expect((await attend(s.id, [{ traineeId: t, status: 'present' }])).status).toBe(200);
    const rec = (sessionId: number, body: object) =>
      as('tp-admin', 'PUT', `/api/training/sessions/${sessionId}/recording`, body);
    // theory 1: recorded from 08:00 to 08:45 — in full
    const full = await rec(th[0].id, { fileName: '理论1.mp4', startsAt: '08:00', durationMinutes: 45 });
    expect(full.status, JSON.stringify(full.body)).toBe(200);
    expect(full.body).toMatchObject({ recordingOk: true, recording: { coveredMinutes: 45 } });
    // theory 2: the file stopped for five minutes — not in full
    const gap = await rec(th[1].id, {
      fileName: '理论2.mp4',
      startsAt: '08:45',
      durationMinutes: 45,
      segments: [
        { startsAt: '08:45', minutes: 20 },
        { startsAt: '09:10', minutes: 20 },
      ],
    });
    expect(gap.body).toMatchObject({ recordingOk: false, recording: { coveredMinutes: 40 } });
    expect(gap.body.recordingMessage).toContain('TRAIN-4');
    // practical 1: two stretches of 14 minutes — none reaches 15
    const short = await rec(pr[0].id, {
      fileName: '实操1.mp4',
      startsAt: '09:30',
      durationMinutes: 45,
      segments: [
        { startsAt: '09:30', minutes: 14 },
        { startsAt: '09:50', minutes: 14 },
      ],
    });
    expect(short.body).toMatchObject({ recordingOk: false, recording: { longestMinutes: 14 } });
    // practical 2: 15 continuous minutes out of two touching segments (10:20–10:28, 10:28–10:35)
    const enough = await rec(pr[1].id, {
      fileName: '实操2.mp4',
      startsAt: '10:20',
      durationMinutes: 15,
      segments: [
        { startsAt: '10:20', minutes: 8 },
        { startsAt: '10:28', minutes: 7 },
      ],
    });
    expect(enough.body).toMatchObject({ recordingOk: true, recording: { longestMinutes: 15 } });
    // a segment outside its own file is refused
    const outside = await rec(pr[2].id, {
      fileName: '实操3.mp4',
      startsAt: '11:00',
      durationMinutes: 10,
      segments: [{ startsAt: '11:05', minutes: 20 }],
    });
    expect(outside.status).toBe(422);
    expect(outside.body.error).toMatchObject({ code: 'RECORDING_INVALID', rule: 'TRAIN-4' });
    // practical 3 has no recording: present, and still not counted
    const h = await hours(c.id);
    const me = h.trainees.find((x: { traineeId: number }) => x.traineeId === t);
    expect(me).toMatchObject({ theory: 1, practical: 1, total: 2, planned: 40, complete: false });
    expect(me.notCounted.map((n: { seq: number }) => n.seq)).toEqual([2, 3, 5]);
    expect(me.notCounted[2].reason).toContain('无课时录像');
    expect(h.scheduled.recordedOk).toBe(2);
    // in English (Accept-Language) the same verdicts come with English reasons, notes and tooltips
    const en = await p.app.inject({
      method: 'GET',
      url: `/api/training/classes/${c.id}/hours`,
      headers: { cookie: cookies.get('tp-admin')!, 'accept-language': 'en' },
    });
    const hEn = JSON.parse(en.body);
    const meEn = hEn.trainees.find((x: { traineeId: number }) => x.traineeId === t);
    expect(meEn.notCounted.map((n: { seq: number }) => n.seq)).toEqual([2, 3, 5]);
    expect(meEn.notCounted[2].reason).toBe('No recording of this class hour: it does not count (TRAIN-4)');
    const cjk = /[\u3400-\u4dbf\u4e00-\u9fff]/;
    for (const n of meEn.notCounted) expect(n.reason).not.toMatch(cjk);
    for (const s of hEn.sessions) {
      expect(s.recordingMessage).not.toMatch(cjk);
      for (const x of [...s.attendance, ...s.online]) expect(x.message).not.toMatch(cjk);
    }
    expect(hEn.headcount.message).not.toMatch(cjk);
    expect(hEn.assessment.message).not.toMatch(cjk);
    expect((await audits('training.recording.record')).length).toBeGreaterThanOrEqual(4);
  });

  it('TRAIN-10: present counts; absence on a written leave request counts once made up before the final assessment, never after it', async () => {
    const c = await approvedClass(4);
    const [a, b, cc, d] = c.trainees.map((x) => x.id);
    const [s] = await schedule(c.id, { heldOn: c.startDate, startsAt: '08:00', kind: 'theory', delivery: 'offline' });
    const future = await attend(s.id, [{ traineeId: a, status: 'present' }]);
    expect(future.status).toBe(422);
    expect(future.body.error).toMatchObject({ code: 'ATTENDANCE_INVALID', rule: 'TRAIN-10' });
    goTo(c.startDate);
    expect(
      (
        await as('tp-admin', 'PUT', `/api/training/sessions/${s.id}/recording`, {
          fileName: 'x.mp4',
          startsAt: '08:00',
          durationMinutes: 45,
        })
      ).status,
    ).toBe(200);
    // leave without the written request is refused
    const noNote = await attend(s.id, [{ traineeId: cc, status: 'leave' }]);
    expect(noNote.status).toBe(422);
    expect(noNote.body.error).toMatchObject({ code: 'ATTENDANCE_INVALID', rule: 'TRAIN-10' });
    expect(noNote.body.error.message).toContain('书面请假');
    const marked = await attend(s.id, [
      { traineeId: a, status: 'present' },
      { traineeId: b, status: 'absent' },
      { traineeId: cc, status: 'leave', leaveNote: '病假条 2026-001' },
      { traineeId: d, status: 'leave', leaveNote: '事假条 2026-002' },
    ]);
    expect(marked.status, JSON.stringify(marked.body)).toBe(200);
    const counts = (h: { trainees: { traineeId: number; theory: number }[] }) =>
      Object.fromEntries(h.trainees.map((x) => [x.traineeId, x.theory]));
    expect(counts(await hours(c.id))).toEqual({ [a]: 1, [b]: 0, [cc]: 0, [d]: 0 });

    // two days later: c makes up (the written request stands); d's final assessment is set for the next day
    goTo(addDays(c.startDate, 2));
    await recordTraineeAssessment(p.deps.db, d, addDays(c.startDate, 1));
    const made = await attend(s.id, [{ traineeId: cc, status: 'makeup', makeupOn: addDays(c.startDate, 1) }]);
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    expect(made.body.attendance.find((x: { traineeId: number }) => x.traineeId === cc)).toMatchObject({
      status: 'makeup',
      leaveNote: '病假条 2026-001',
      counts: true,
    });
    // d was assessed on day 1: a make-up that day or later is refused
    const late = await attend(s.id, [{ traineeId: d, status: 'makeup', makeupOn: addDays(c.startDate, 1) }]);
    expect(late.status).toBe(422);
    expect(late.body.error).toMatchObject({ code: 'ATTENDANCE_INVALID', rule: 'TRAIN-10' });
    expect(late.body.error.message).toContain('结业考核前');
    // an absence is not a leave: no make-up without the written request
    const absentMakeup = await attend(s.id, [
      { traineeId: b, status: 'makeup', leaveNote: '事后补的假条', makeupOn: addDays(c.startDate, 1) },
    ]);
    expect(absentMakeup.status).toBe(422);
    expect(absentMakeup.body.error.message).toContain('只有履行了书面请假手续的请假课时可以补课');
    expect(counts(await hours(c.id))).toEqual({ [a]: 1, [b]: 0, [cc]: 1, [d]: 0 });
    // the summary is computed: c's assessment recorded for the day of the make-up takes the hour away again
    await recordTraineeAssessment(p.deps.db, cc, addDays(c.startDate, 1));
    const after = await hours(c.id);
    expect(counts(after)).toEqual({ [a]: 1, [b]: 0, [cc]: 0, [d]: 0 });
    expect(after.trainees.find((x: { traineeId: number }) => x.traineeId === cc).notCounted[0].reason).toContain(
      'TRAIN-10',
    );
    expect(
      (await audits('training.attendance.record')).some(
        (x) => x.object_id === String(s.id) || x.object_id === (s.id as never),
      ),
    ).toBe(true);
  });

  it('spot-check average (seed 002 三（二）): where on-site checks find fewer present than at the opening, the class counts the average present at the checks', async () => {
    const c = await approvedClass(5);
    const ids = c.trainees.map((x) => x.id);
    const [s] = await schedule(c.id, { heldOn: c.startDate, startsAt: '08:00', kind: 'theory', delivery: 'offline' });
    goTo(addDays(c.startDate, 3));
    // 开班实到人数: all five present at the first class hour
    expect(
      (
        await attend(
          s.id,
          ids.map((traineeId) => ({ traineeId, status: 'present' })),
        )
      ).status,
    ).toBe(200);
    const check = (user: string, checkedOn: string, present: number[]) =>
      as(user, 'POST', `/api/training/classes/${c.id}/spot-checks`, { checkedOn, presentTraineeIds: present });
    // only the HRSS of the place (or above) checks; not the provider, not a neighbouring district
    expect((await check('tp-admin', c.startDate, ids)).status).toBe(403);
    expect((await check('zhongyuan-hrss', c.startDate, ids)).status).toBe(404);
    const stranger = await check('jinshui-hrss', c.startDate, [...ids, 999_999]);
    expect(stranger.status).toBe(422);
    expect(stranger.body.error.code).toBe('SPOT_CHECK_INVALID');
    expect((await check('jinshui-hrss', addDays(c.startDate, 5), ids)).status).toBe(422);

    const first = await check('jinshui-hrss', c.startDate, ids);
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ presentCount: 5, enrolledCount: 5 });
    expect((await hours(c.id)).headcount).toMatchObject({ enrolled: 5, opening: 5, counted: 5, byChecks: false });
    expect((await check('jinshui-hrss', addDays(c.startDate, 1), ids.slice(0, 4))).status).toBe(201);
    expect((await check('city-admin', addDays(c.startDate, 2), ids.slice(0, 2))).status).toBe(201);
    // checks found 5, 4 and 2 present: fewer than the 5 at the opening, so the average 3.67 → 3 people count
    const h = await hours(c.id, 'jinshui-hrss');
    expect(h.headcount).toMatchObject({ opening: 5, checksAverage: 3.67, counted: 3, byChecks: true });
    expect(h.headcount.message).toContain('平均');
    expect(h.spotChecks).toHaveLength(3);
    expect(h.spotChecks[1].presentNames).toEqual(c.trainees.slice(0, 4).map((x) => x.name));
    expect(h).toMatchObject({ mayCheck: true, mayRecord: false });
    expect((await audits('training.class.inspect')).length).toBe(3);
  });

  it('TRAIN-11: online study records are imported whole or not at all; records with an anomaly do not count; the occupation’s offline practical hours are checked', async () => {
    expect(
      (
        await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ.weld}`, {
          minHours: null,
          otherCertificate: null,
          offlinePracticalHours: 8,
        })
      ).status,
    ).toBe(200);
    const c = await approvedClass(2, { mode: 'online', occupationId: occ.weld, level: 5 });
    const [a, b] = c.trainees;
    await schedule(c.id, { heldOn: c.startDate, startsAt: '08:00', kind: 'theory', delivery: 'online', count: 2 });
    const [off] = await schedule(c.id, {
      heldOn: c.startDate,
      startsAt: '14:00',
      kind: 'practical',
      delivery: 'offline',
    });
    goTo(c.startDate);
    const onlineAttendance = await attend((await hours(c.id)).sessions[0].id, [{ traineeId: a.id, status: 'present' }]);
    expect(onlineAttendance.status).toBe(422);
    expect(onlineAttendance.body.error.rule).toBe('TRAIN-11');

    const tpl = await p.app.inject({
      method: 'GET',
      url: '/api/training/online-record-template',
      headers: { cookie: cookies.get('tp-admin') ?? (await loginAs(p.app, 'tp-admin')) },
    });
    expect(tpl.statusCode).toBe(200);
    const wb0 = new ExcelJS.Workbook();
    await wb0.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const header = (wb0.worksheets[0].getRow(1).values as string[]).slice(1);
    expect(header).toEqual(
      expect.arrayContaining(['证件号码', '课时序号', '快进播放', '多窗口学习', '无法进行人脸活体比对']),
    );
    const row = (who: { name: string; idNumber: string }, seqNo: number, flagged: string[] = []) =>
      header.map((h) =>
        h === '姓名'
          ? who.name
          : h === '证件号码'
            ? who.idNumber
            : h === '课时序号'
              ? String(seqNo)
              : h === '学习日期'
                ? c.startDate
                : h === '学习时长（分钟）'
                  ? '45'
                  : flagged.includes(h)
                    ? '是'
                    : '否',
      );
    const upload = async (rows: string[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('线上学习记录');
      ws.addRow(header);
      for (const r of rows) ws.addRow(r);
      const mp = multipart({}, [
        { name: 'online.xlsx', content: Buffer.from(await wb.xlsx.writeBuffer()), type: XLSX_TYPE },
      ]);
      const r = await p.app.inject({
        method: 'POST',
        url: `/api/training/classes/${c.id}/online-records/import`,
        headers: { cookie: cookies.get('tp-admin')!, 'content-type': mp.contentType },
        payload: mp.payload,
      });
      // a tracked job (202): its answer once it has ended
      return jobAnswer(p.app, cookies.get('tp-admin')!, r);
    };
    // a person not in the class and a row on the offline class hour: nothing imported, both named
    const bad = await upload([row(a, 1), row({ name: '路人甲', idNumber: newResidentId() }, 1), row(b, 3)]);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'IMPORT_INVALID', rule: 'TRAIN-11' });
    expect(bad.body.error.details.map((x: { field: string }) => x.field)).toEqual([
      '第 3 行 证件号码',
      '第 4 行 课时序号',
    ]);
    expect((await hours(c.id)).sessions[0].online).toEqual([]);

    const good = await upload([row(a, 1), row(a, 2, ['快进播放']), row(b, 1, ['本课时无随机保留影像照片']), row(b, 2)]);
    expect(good.status, JSON.stringify(good.body)).toBe(200);
    expect(good.body).toEqual({ imported: 4, flagged: 2 });
    // the offline practical hour, recorded and attended
    expect(
      (
        await as('tp-admin', 'PUT', `/api/training/sessions/${off.id}/recording`, {
          fileName: 'p.mp4',
          startsAt: '14:00',
          durationMinutes: 45,
        })
      ).status,
    ).toBe(200);
    expect(
      (
        await attend(off.id, [
          { traineeId: a.id, status: 'present' },
          { traineeId: b.id, status: 'present' },
        ])
      ).status,
    ).toBe(200);
    const h = await hours(c.id);
    expect(h.offlinePracticalRequired).toBe(8);
    const of = (id: number) => h.trainees.find((x: { traineeId: number }) => x.traineeId === id);
    expect(of(a.id)).toMatchObject({ theory: 1, practical: 1, offlinePractical: 1, offlinePracticalOk: false });
    expect(of(b.id)).toMatchObject({ theory: 1, practical: 1, offlinePractical: 1, offlinePracticalOk: false });
    expect(of(a.id).notCounted[0].reason).toContain('快进播放');
    expect(of(a.id).notCounted[0].reason).toContain('TRAIN-11');
    expect(h.sessions[0].online.find((x: { traineeId: number }) => x.traineeId === b.id)).toMatchObject({
      flags: ['no_photo'],
      counts: false,
    });
    expect((await audits('training.online.import')).length).toBe(1);
  });
  it('issue 17: online study records are imported as a tracked job (202); one stopped by a restart while it writes ends JOB_INTERRUPTED with nothing written, its import slot free and no spool left', async () => {
    const c = await approvedClass(2, { mode: 'online', occupationId: occ.weld, level: 5 });
    const [a, b] = c.trainees;
    await schedule(c.id, { heldOn: c.startDate, startsAt: '08:00', kind: 'theory', delivery: 'online', count: 2 });
    const tpl = await p.app.inject({
      method: 'GET',
      url: '/api/training/online-record-template',
      headers: { cookie: cookies.get('tp-admin') ?? (await loginAs(p.app, 'tp-admin')) },
    });
    const wb0 = new ExcelJS.Workbook();
    await wb0.xlsx.load(tpl.rawPayload as unknown as ArrayBuffer);
    const header = (wb0.worksheets[0].getRow(1).values as string[]).slice(1);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('线上学习记录');
    ws.addRow(header);
    for (const who of [a, b])
      for (const seqNo of [1, 2])
        ws.addRow(
          header.map((h) =>
            h === '姓名'
              ? who.name
              : h === '证件号码'
                ? who.idNumber
                : h === '课时序号'
                  ? String(seqNo)
                  : h === '学习日期'
                    ? c.startDate
                    : h === '学习时长（分钟）'
                      ? '45'
                      : '否',
          ),
        );
    const file = Buffer.from(await wb.xlsx.writeBuffer());
    const start = async () => {
      const mp = multipart({}, [{ name: 'online.xlsx', content: file, type: XLSX_TYPE }]);
      return p.app.inject({
        method: 'POST',
        url: `/api/training/classes/${c.id}/online-records/import`,
        headers: { cookie: cookies.get('tp-admin')!, 'content-type': mp.contentType },
        payload: mp.payload,
      });
    };
    const id = await stopImportAtItsWriting(p, start, (trx) => lockClass(trx, c.id));
    const job = (await as('tp-admin', 'GET', `/api/jobs/${id}`)).body;
    expect(job).toMatchObject({ kind: 'online_record_import', status: 'failed', error: { code: 'JOB_INTERRUPTED' } });
    expect((await hours(c.id)).sessions.flatMap((s: { online: unknown[] }) => s.online)).toEqual([]);
    expect(importSlots(p.deps.config).inUse).toBe(0);
    expect(fs.readdirSync(spoolDir(p.deps.config.dataDir))).toEqual([]);
    // the same file imports whole afterwards, as a job that was checked and then written
    const first = await start();
    expect(first.statusCode).toBe(202);
    expect(JSON.parse(first.body)).toMatchObject({ kind: 'online_record_import', status: 'running', phase: 'check' });
    const again = await jobAnswer(p.app, cookies.get('tp-admin')!, first);
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toEqual({ imported: 4, flagged: 0 });
    expect((await hours(c.id)).sessions.flatMap((s: { online: unknown[] }) => s.online)).toHaveLength(4);
  });

  it('TRAIN-9: where a skill certificate exists the trainees go to its evaluation and a completion test is refused; a completion-only occupation gets its offline test and the 培训合格证书', async () => {
    // 电工 has skill-level certificates: no completion test
    const elec = await approvedClass(1);
    goTo(elec.startDate);
    const h0 = await hours(elec.id, 'jinshui-hrss');
    expect(h0.assessment).toMatchObject({ route: 'skill_level', byCompletionTest: false });
    expect(h0.mayAssess).toBe(false);
    const refused = await as('jinshui-hrss', 'POST', `/api/training/trainees/${elec.trainees[0].id}/completion`, {
      assessedOn: elec.startDate,
      passed: true,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'COMPLETION_NOT_ALLOWED', rule: 'TRAIN-9' });
    expect(refused.body.error.message).toContain('鉴定评价');

    // 保安员 leads only to a 培训合格证书; the province set its hours at 4 (有明确学时规定)
    expect(
      (
        await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ.security}`, {
          minHours: 4,
          otherCertificate: null,
          offlinePracticalHours: null,
        })
      ).status,
    ).toBe(200);
    const c = await approvedClass(2, { occupationId: occ.security, level: null, theoryHours: 1, practicalHours: 3 });
    const [a, b] = c.trainees;
    const all = [
      ...(await schedule(c.id, { heldOn: c.startDate, startsAt: '08:00', kind: 'theory', delivery: 'offline' })),
      ...(await schedule(c.id, {
        heldOn: c.startDate,
        startsAt: '08:45',
        kind: 'practical',
        delivery: 'offline',
        count: 3,
      })),
    ];
    goTo(c.startDate);
    for (const [i, s] of all.entries()) {
      expect(
        (
          await as('tp-admin', 'PUT', `/api/training/sessions/${s.id}/recording`, {
            fileName: `${i}.mp4`,
            startsAt: s.startsAt,
            durationMinutes: 45,
          })
        ).status,
      ).toBe(200);
      expect(
        (
          await attend(s.id, [
            { traineeId: a.id, status: 'present' },
            { traineeId: b.id, status: i === 3 ? 'absent' : 'present' },
          ])
        ).status,
      ).toBe(200);
    }
    goTo(addDays(c.startDate, 1));
    const h = await hours(c.id, 'jinshui-hrss');
    expect(h.assessment).toMatchObject({ route: 'completion', byCompletionTest: true });
    expect(h.mayAssess).toBe(true);
    const record = (user: string, traineeId: number, passed = true) =>
      as(user, 'POST', `/api/training/trainees/${traineeId}/completion`, {
        assessedOn: addDays(c.startDate, 1),
        passed,
        theoryScore: 80,
        practicalScore: 90,
      });
    expect((await record('tp-admin', a.id)).status).toBe(403);
    expect((await record('zhongyuan-hrss', a.id)).status).toBe(404);
    const passA = await record('jinshui-hrss', a.id);
    expect(passA.status, JSON.stringify(passA.body)).toBe(201);
    expect(passA.body).toMatchObject({ passed: true, hoursCounted: 4, hoursPlanned: 4 });
    expect(passA.body.certificateNo).toMatch(/^PX\d{4}410105\d{7}$/);
    expect((await record('jinshui-hrss', a.id)).status).toBe(422);
    // b missed a practical hour: passed, but no certificate (学时未满)
    const passB = await record('jinshui-hrss', b.id);
    expect(passB.body).toMatchObject({ passed: true, hoursCounted: 3, certificateNo: null });
    // the assessment day is the trainee's (TRAIN-10: make-ups before it; TRAIN-11: the next online class a month after)
    const listed = await as('tp-admin', 'GET', `/api/training/classes/${c.id}/trainees`);
    expect(listed.body.find((x: { id: number }) => x.id === a.id).assessedOn).toBe(addDays(c.startDate, 1));

    const pdf = await p.app.inject({
      method: 'GET',
      url: `/api/training/trainees/${a.id}/completion-certificate`,
      headers: { cookie: cookies.get('tp-admin')! },
    });
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const none = await as('tp-admin', 'GET', `/api/training/trainees/${b.id}/completion-certificate`);
    expect(none.status).toBe(422);
    expect(none.body.error.message).toContain('学时未满');
    expect((await audits('training.completion.record')).length).toBe(2);
  });

  it('TGT-1: passed completion tests are training person-times on the dashboard, counted at the class institution’s region; a fail does not count', async () => {
    expect(
      (
        await as('province-admin', 'PUT', `/api/training/occupation-settings/${occ.security}`, {
          minHours: 4,
          otherCertificate: null,
          offlinePracticalHours: null,
        })
      ).status,
    ).toBe(200);
    const c = await approvedClass(3, { occupationId: occ.security, level: null, theoryHours: 1, practicalHours: 3 });
    const year = Number(c.startDate.slice(0, 4));
    goTo(addDays(c.startDate, 2));
    const training = async (unit: string) => {
      const d = await as('province-admin', 'GET', `/api/dashboard?year=${year}&unit=${unit}`);
      expect(d.status, JSON.stringify(d.body)).toBe(200);
      expect(d.body.unconnected).toEqual([]);
      return d.body.unit.figures.training.actual as number;
    };
    /** the independent count: passed completions of the year whose class's institution lies under the region */
    const counted = async (code: string) =>
      (
        await p.deps.db
          .selectFrom('training_completions as k')
          .innerJoin('training_trainees as t', 't.id', 'k.trainee_id')
          .innerJoin('training_classes as c', 'c.id', 't.class_id')
          .innerJoin('institutions as i', 'i.id', 'c.institution_id')
          .innerJoin('regions as r', 'r.code', 'i.region_code')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('k.passed', '=', 1)
          .where('k.assessed_on', '>=', `${year}-01-01`)
          .where('k.assessed_on', '<=', today())
          .where('r.path', 'like', `%/${code}/%`)
          .executeTakeFirstOrThrow()
      ).n;
    const before = {
      province: await training('R410000'),
      zz: await training('R410100'),
      ly: await training('R410300'),
    };
    const record = (traineeId: number, passed: boolean) =>
      as('jinshui-hrss', 'POST', `/api/training/trainees/${traineeId}/completion`, {
        assessedOn: addDays(c.startDate, 1),
        passed,
        theoryScore: passed ? 80 : 30,
        practicalScore: passed ? 90 : 40,
      });
    expect((await record(c.trainees[0].id, true)).status).toBe(201);
    expect((await record(c.trainees[1].id, true)).status).toBe(201);
    expect((await record(c.trainees[2].id, false)).status).toBe(201);
    expect(await training('R410000')).toBe(before.province + 2);
    expect(await training('R410100')).toBe(before.zz + 2); // the provider is in 郑州市金水区
    expect(await training('R410300')).toBe(before.ly); // 洛阳 unchanged
    expect(await training(`I${provider.institutionId}`)).toBeGreaterThanOrEqual(2);
    expect(Number(await counted('410000'))).toBe(await training('R410000'));
    expect(Number(await counted('410100'))).toBe(await training('R410100'));
    // a city official reads their own city's figure only
    await makeUser(p.deps, { username: 'ly-city', role: 'city_hrss', region: '410300' });
    expect((await as('ly-city', 'GET', `/api/dashboard?year=${year}&unit=R410100`)).status).toBe(404);
  });
});
