import { describe, expect, it } from 'vitest';
import { businessDate, durationText, timeLeft } from './format';

describe('time zone: the web client dates business days in China Standard Time', () => {
  it('time zone: 2026-12-31T23:30Z is 1 January 2027 in Beijing, whatever the browser zone', () => {
    expect(businessDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(businessDate(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(businessDate(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});

describe('progress: the time a job still needs, at the pace seen so far', () => {
  it('4,000 of 10,000 rows in 20 s since 0 was seen: 30 s left; nothing said before 2 s or without movement', () => {
    const since = { at: 0, done: 0 };
    expect(timeLeft(since, 20_000, 4_000, 10_000)).toBe(30);
    expect(timeLeft(since, 1_500, 500, 10_000)).toBeNull();
    expect(timeLeft({ at: 0, done: 4_000 }, 20_000, 4_000, 10_000)).toBeNull();
    expect(timeLeft(since, 20_000, 10_000, 10_000)).toBeNull();
  });
  it('durations in words, in both languages', () => {
    expect(durationText(30, 'zh')).toBe('约 30 秒');
    expect(durationText(150, 'en')).toBe('about 3 min');
    expect(durationText(3_900, 'zh')).toBe('约 1 小时 5 分钟');
  });
});
