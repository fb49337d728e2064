import { describe, expect, it } from 'vitest';
import { passwordProblems } from '../../../../contract/limits.js';
import { lockedUntilFromFailures } from './auth.service.js';

const cfg = { loginMaxFailures: 5, loginFailureWindowMinutes: 15, loginLockMinutes: 30 };
const t0 = Date.parse('2026-11-21T08:00:00Z');
const at = (min: number) => new Date(t0 + min * 60_000).toISOString();

describe('lockedUntilFromFailures', () => {
  it('locks 30 minutes after the fifth failure within 15 minutes', () => {
    expect(lockedUntilFromFailures([at(0), at(1), at(2), at(3), at(14)], new Date(t0 + 20 * 60_000), cfg)).toBe(at(44));
  });
  it('does not lock when the five failures span more than 15 minutes', () => {
    expect(lockedUntilFromFailures([at(0), at(4), at(8), at(12), at(16)], new Date(t0 + 17 * 60_000), cfg)).toBeNull();
  });
  it('is no longer locked once the lock has run out', () => {
    expect(lockedUntilFromFailures([at(0), at(1), at(2), at(3), at(4)], new Date(t0 + 35 * 60_000), cfg)).toBeNull();
  });
  it('does not lock on four failures', () => {
    expect(lockedUntilFromFailures([at(0), at(1), at(2), at(3)], new Date(t0 + 5 * 60_000), cfg)).toBeNull();
  });
});

describe('passwordProblems', () => {
  it.each([
    ['Skill@2026', 0],
    ['abcdefgh1A', 0],
    ['abcdefgh', 1],
    ['abcdefg1', 1],
    ['Ab1!', 1],
    ['abc', 2],
  ])('%s has %i problem(s)', (pw, n) => expect(passwordProblems(pw)).toHaveLength(n));
});
