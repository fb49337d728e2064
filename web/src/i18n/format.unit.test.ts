import { describe, expect, it } from 'vitest';
import { businessDate } from './format';

describe('time zone: the web client dates business days in China Standard Time', () => {
  it('time zone: 2026-12-31T23:30Z is 1 January 2027 in Beijing, whatever the browser zone', () => {
    expect(businessDate(new Date('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
    expect(businessDate(new Date('2026-12-01T15:59:59Z'))).toBe('2026-12-01');
    expect(businessDate(new Date('2026-12-01T16:00:00Z'))).toBe('2026-12-02');
  });
});
