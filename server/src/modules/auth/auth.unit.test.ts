import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD, passwordProblemCodes, passwordProblems } from '../../../../contract/password-policy.js';
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

describe('finding 5: the password policy (contract/password-policy.ts)', () => {
  const codes = (pw: string, ctx = {}) => passwordProblemCodes(pw, ctx).map((p) => p.code);
  it.each([
    ['Zq7#rTm2vk', []],
    ['Ab1!', ['too_short', 'guessable']],
    ['alllowercase', ['classes']],
    ['Password1', ['common']], // accepted before: 9 characters, three classes
    ['Password1!', ['common']], // a common password with a character added
    ['P@ssw0rd', ['common']], // l33t does not disguise it
    ['Qwerty123!', ['common']],
    ['1qaz@WSX', ['common']], // a keyboard pattern on the list
    ['Admin@123', ['guessable']],
  ])('%s: %j', (pw, expected) => expect(codes(pw)).toEqual(expected));

  it('refuses the public demo password outside demo mode only', () => {
    expect(codes(DEMO_PASSWORD)).toEqual(['demo_password']);
    expect(codes(DEMO_PASSWORD.toLowerCase().replace('s', 'S'))).toContain('demo_password');
    expect(codes(DEMO_PASSWORD, { demo: true })).toEqual([]);
  });

  it('refuses a password that contains the username, in any case, with or without its punctuation', () => {
    expect(codes('City-Admin#7rq', { username: 'city-admin' })).toEqual(['contains_username']);
    expect(codes('xCityadmin#7rq', { username: 'city-admin' })).toEqual(['contains_username']);
    expect(codes('Zq7#rTm2vk', { username: 'city-admin' })).toEqual([]);
  });

  it('says every reason in Chinese for the server', () => {
    expect(passwordProblems('Password1')).toEqual(['是常见密码（或其简单变形），容易被猜中']);
    expect(passwordProblems('Ab1!').join('；')).toContain('至少 8 个字符');
  });
});
