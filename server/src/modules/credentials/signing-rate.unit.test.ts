import { describe, expect, it } from 'vitest';
import { durationZh, expectedSigningTime, measuredRate } from './signing-rate.js';

const at = (s: number) => new Date(Date.UTC(2026, 11, 2, 8, 0, 0) + s * 1000).toISOString();
const batch = (from: number, to: number, signed: number) => ({ started_at: at(from), finished_at: at(to), signed });

describe('expected signing time from the measured rate', () => {
  it('divides what was signed by the time a signer was busy, not the wall time since the first batch', () => {
    // 100 in 10 s, an hour idle, 100 in 10 s: 10 a second, not 200 per hour
    expect(measuredRate([batch(0, 10, 100), batch(3600, 3610, 100)])).toBeCloseTo(10);
  });
  it('adds up servers signing at the same time (the union of their intervals)', () => {
    expect(measuredRate([batch(0, 10, 100), batch(0, 10, 100)])).toBeCloseTo(20);
    // overlapping and back-to-back batches are one stretch
    expect(measuredRate([batch(0, 6, 60), batch(4, 10, 60), batch(11, 20, 60)])).toBeCloseTo(9);
  });
  it('states no rate (and no time) before enough was signed to measure one', () => {
    expect(measuredRate([])).toBeNull();
    expect(measuredRate([batch(0, 1, 2)])).toBeNull();
    expect(expectedSigningTime([], 500)).toEqual({ ratePerSecond: null, seconds: null });
  });
  it('20,000 pending at 12 a second is about 28 minutes, not "within a minute"', () => {
    const e = expectedSigningTime([batch(0, 25, 300)], 20_000);
    expect(e.ratePerSecond).toBeCloseTo(12);
    expect(e.seconds).toBe(1667);
    expect(durationZh(e.seconds!)).toBe('约 28 分钟');
  });
  it('rounds up to at least a second, and nothing pending takes no time', () => {
    expect(expectedSigningTime([batch(0, 1, 1000)], 1).seconds).toBe(1);
    expect(expectedSigningTime([batch(0, 1, 1000)], 0).seconds).toBe(0);
  });
  it('reads durations in seconds, minutes, hours', () => {
    expect(durationZh(40)).toBe('约 40 秒');
    expect(durationZh(3 * 60 + 10)).toBe('约 3 分钟');
    expect(durationZh(80 * 60)).toBe('约 1 小时 20 分钟');
    expect(durationZh(120 * 60)).toBe('约 2 小时');
  });
});
