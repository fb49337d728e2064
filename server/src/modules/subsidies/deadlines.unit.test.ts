import { describe, expect, it } from 'vitest';
import { dueDateFor, financeOpensOn, publicityEnd, workingDaysLate } from './deadlines.js';

const none = new Map<string, boolean>();

describe('claim deadlines on the official calendar (SUB-2, SUB-3)', () => {
  it('SUB-2: acceptance within 10 working days of submission, HRSS within 15, finance within 15 of the publicity’s end', () => {
    const c = { submitted_on: '2026-03-02', publicity_until: '2026-02-25' };
    expect(dueDateFor('submitted', c, none)?.date).toBe('2026-03-16');
    expect(dueDateFor('accepted', c, none)?.date).toBe('2026-03-23');
    // 28 February 2026 is an adjusted working Saturday
    expect(dueDateFor('publicity', c, none)?.date).toBe('2026-03-17');
    expect(dueDateFor('paid', c, none)).toBeNull();
  });
  it('SUB-2: one working day late on the next working day; a weekend after the deadline adds none', () => {
    expect(workingDaysLate('2026-03-16', '2026-03-16', none)).toBe(0);
    expect(workingDaysLate('2026-03-16', '2026-03-17', none)).toBe(1);
    expect(workingDaysLate('2026-03-13', '2026-03-15', none)).toBe(0);
    expect(workingDaysLate('2026-03-13', '2026-03-16', none)).toBe(1);
    // National Day: 1–7 October are no working days; 8, 9 and the adjusted Saturday 10 October are
    expect(workingDaysLate('2026-09-30', '2026-10-07', none)).toBe(0);
    expect(workingDaysLate('2026-09-30', '2026-10-10', none)).toBe(3);
  });
  it('SUB-3: three working days of publicity from a Friday before the Spring Festival end on 25 February; finance from the 26th', () => {
    expect(publicityEnd('2026-02-13', none).date).toBe('2026-02-25');
    expect(financeOpensOn('2026-02-25')).toBe('2026-02-26');
    // an ordinary week: Monday → Thursday
    expect(publicityEnd('2026-03-02', none).date).toBe('2026-03-05');
    // an administrator's correction counts
    expect(publicityEnd('2026-03-02', new Map([['2026-03-04', false]])).date).toBe('2026-03-06');
  });
});
