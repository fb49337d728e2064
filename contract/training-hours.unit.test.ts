import { describe, expect, it } from 'vitest';
import { attendanceVerdict, countedHeadcount, onlineVerdict, recordingVerdict } from './training-hours.js';

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
});
