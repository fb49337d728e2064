import { describe, expect, it } from 'vitest';
import { matchesOwn } from './findResult';

const row = { name: '黄*', idNumber: '410***********213X' };

describe('finding one’s own result in a masked list', () => {
  it('by the ID number’s last characters, with or without the surname', () => {
    expect(matchesOwn(row, '213x')).toBe(true);
    expect(matchesOwn(row, ' 213X ')).toBe(true);
    expect(matchesOwn(row, '黄213X')).toBe(true);
    expect(matchesOwn(row, '黄明 213X')).toBe(true);
    expect(matchesOwn(row, '黄')).toBe(true);
    expect(matchesOwn(row, '2130')).toBe(false);
    expect(matchesOwn(row, '杜213X')).toBe(false);
    expect(matchesOwn(row, '')).toBe(true);
  });
});
