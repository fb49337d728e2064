import { describe, expect, it } from 'vitest';
import {
  ATTENDANCE_STATUSES,
  ATTENDANCE_STATUSES_EN,
  attendanceVerdict,
  countedHeadcount,
  DELIVERIES,
  DELIVERIES_EN,
  ONLINE_FLAGS,
  ONLINE_FLAGS_EN,
  onlineVerdict,
  recordingVerdict,
  SESSION_KINDS,
  SESSION_KINDS_EN,
} from './training-hours.js';

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff]/;

describe('hours that count (pure rules)', () => {
  const theory = { kind: 'theory' as const, startsAt: '08:00', minutes: 45 };
  const practical = { kind: 'practical' as const, startsAt: '09:00', minutes: 45 };

  it('TRAIN-4: theory in full (a recording longer than the hour is clipped to it), no recording no hour', () => {
    expect(recordingVerdict(theory, [{ startsAt: '07:55', minutes: 60 }])).toMatchObject({
      ok: true,
      coveredMinutes: 45,
    });
    expect(recordingVerdict(theory, [{ startsAt: '08:01', minutes: 44 }])).toMatchObject({
      ok: false,
      coveredMinutes: 44,
    });
    expect(recordingVerdict(theory, null)).toMatchObject({ ok: false, coveredMinutes: 0 });
  });

  it('TRAIN-4: practical needs 15 continuous minutes inside the hour; touching or overlapping segments join', () => {
    expect(recordingVerdict(practical, [{ startsAt: '08:50', minutes: 20 }]).longestMinutes).toBe(10);
    expect(
      recordingVerdict(practical, [
        { startsAt: '09:10', minutes: 10 },
        { startsAt: '09:15', minutes: 10 },
      ]),
    ).toMatchObject({ ok: true, longestMinutes: 15 });
    expect(
      recordingVerdict(practical, [
        { startsAt: '09:00', minutes: 14 },
        { startsAt: '09:15', minutes: 14 },
      ]).ok,
    ).toBe(false);
  });

  it('TRAIN-10: a make-up counts only before the final assessment', () => {
    expect(attendanceVerdict({ status: 'present', makeupOn: null }, null).ok).toBe(true);
    expect(attendanceVerdict({ status: 'leave', makeupOn: null }, null).ok).toBe(false);
    expect(attendanceVerdict({ status: 'makeup', makeupOn: '2026-05-01' }, null).ok).toBe(true);
    expect(attendanceVerdict({ status: 'makeup', makeupOn: '2026-05-01' }, '2026-05-02').ok).toBe(true);
    expect(attendanceVerdict({ status: 'makeup', makeupOn: '2026-05-02' }, '2026-05-02').ok).toBe(false);
    expect(attendanceVerdict(null, null).ok).toBe(false);
  });

  it('TRAIN-11: any anomaly invalidates an online record', () => {
    expect(onlineVerdict([]).ok).toBe(true);
    expect(onlineVerdict(['no_check'])).toMatchObject({ ok: false });
    expect(onlineVerdict(['no_check']).message).toContain('连续5分钟内无弹窗管控');
  });

  it('spot-check average (seed 002 三（二）): fewer at a check → the average present, rounded down, at most the opening count', () => {
    expect(countedHeadcount(30, [])).toMatchObject({ counted: 30, byChecks: false });
    expect(countedHeadcount(30, [30, 31])).toMatchObject({ counted: 30, byChecks: false });
    expect(countedHeadcount(30, [30, 25])).toMatchObject({ counted: 27, average: 27.5, byChecks: true });
    expect(countedHeadcount(30, [20, 40])).toMatchObject({ counted: 30, byChecks: true });
  });

  it('English: every word and reason comes in English too, with the same verdict and rule', () => {
    for (const [zh, en] of [
      [SESSION_KINDS, SESSION_KINDS_EN],
      [DELIVERIES, DELIVERIES_EN],
      [ATTENDANCE_STATUSES, ATTENDANCE_STATUSES_EN],
      [ONLINE_FLAGS, ONLINE_FLAGS_EN],
    ] as const) {
      expect(Object.keys(en).sort()).toEqual(Object.keys(zh).sort());
      for (const w of Object.values(en)) expect(w).not.toMatch(CJK);
    }
    const theory = { kind: 'theory' as const, startsAt: '09:00', minutes: 45 };
    const practical = { kind: 'practical' as const, startsAt: '09:00', minutes: 45 };
    const cases: [{ ok: boolean; message: string }, { ok: boolean; message: string }][] = [
      [recordingVerdict(theory, null), recordingVerdict(theory, null, 'en')],
      [
        recordingVerdict(theory, [{ startsAt: '09:00', minutes: 30 }]),
        recordingVerdict(theory, [{ startsAt: '09:00', minutes: 30 }], 'en'),
      ],
      [
        recordingVerdict(theory, [{ startsAt: '09:00', minutes: 45 }]),
        recordingVerdict(theory, [{ startsAt: '09:00', minutes: 45 }], 'en'),
      ],
      [
        recordingVerdict(practical, [{ startsAt: '09:00', minutes: 10 }]),
        recordingVerdict(practical, [{ startsAt: '09:00', minutes: 10 }], 'en'),
      ],
      [
        recordingVerdict(practical, [{ startsAt: '09:00', minutes: 20 }]),
        recordingVerdict(practical, [{ startsAt: '09:00', minutes: 20 }], 'en'),
      ],
      [attendanceVerdict(null, null), attendanceVerdict(null, null, 'en')],
      ...(['present', 'absent', 'leave'] as const).map(
        (status) =>
          [
            attendanceVerdict({ status, makeupOn: null }, null),
            attendanceVerdict({ status, makeupOn: null }, null, 'en'),
          ] as [{ ok: boolean; message: string }, { ok: boolean; message: string }],
      ),
      [
        attendanceVerdict({ status: 'makeup', makeupOn: '2026-05-02' }, '2026-05-01'),
        attendanceVerdict({ status: 'makeup', makeupOn: '2026-05-02' }, '2026-05-01', 'en'),
      ],
      [
        attendanceVerdict({ status: 'makeup', makeupOn: '2026-04-30' }, '2026-05-01'),
        attendanceVerdict({ status: 'makeup', makeupOn: '2026-04-30' }, '2026-05-01', 'en'),
      ],
      [onlineVerdict([]), onlineVerdict([], 'en')],
      [onlineVerdict(['fast_forward', 'no_photo']), onlineVerdict(['fast_forward', 'no_photo'], 'en')],
    ];
    for (const [zh, en] of cases) {
      expect(en.ok).toBe(zh.ok);
      expect(en.message).not.toMatch(CJK);
      expect(en.message.match(/TRAIN-\d+/g)).toEqual(zh.message.match(/TRAIN-\d+/g));
    }
    expect(onlineVerdict(['fast_forward'], 'en').message).toBe(
      'played fast-forward: counted as no training (TRAIN-11)',
    );
    for (const checks of [[], [30, 30], [20, 25]]) expect(countedHeadcount(30, checks, 'en').message).not.toMatch(CJK);
    expect(countedHeadcount(30, [20, 25], 'en')).toMatchObject({ counted: 22, byChecks: true });
  });
});
