/**
 * The password policy (口令策略), one pure function for the server (which decides) and the web
 * (which shows the reasons while a person types). 等保 level 3 身份鉴别 asks for passwords that
 * are complex and hard to guess; length and character classes alone let `Password1` through, so
 * the policy also refuses:
 * - the public demo password outside demo mode (everyone knows it);
 * - a password that contains the username;
 * - a common password: one of the ~49,000 in `@zxcvbn-ts/language-common` (case, l33t and
 *   reversal ignored), alone or with one or two characters added (`Password1!`);
 * - a password zxcvbn (`@zxcvbn-ts/core`) estimates at fewer than 10^8 guesses (score < 3):
 *   keyboard runs, sequences, repeats and dates dressed up with a capital and a symbol.
 */
import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary } from '@zxcvbn-ts/language-common';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_CLASSES, PASSWORD_MIN_LENGTH } from './limits.js';

/** The one password of every demo account (demo mode only); printed on the demo login page. */
export const DEMO_PASSWORD = 'Skill@2026';
/** zxcvbn score a password must reach: 3 = at least 10^8 guesses. */
export const PASSWORD_MIN_SCORE = 3;
/** A common password with at most this many characters added around it is still common. */
const COMMON_SLACK = 2;

export type PasswordProblem =
  | { code: 'too_short'; min: number }
  | { code: 'too_long'; max: number }
  | { code: 'classes'; min: number }
  | { code: 'demo_password' }
  | { code: 'contains_username' }
  | { code: 'common' }
  | { code: 'guessable' };

export interface PasswordContext {
  /** the account's username: a password that contains it is refused */
  username?: string;
  /** demo mode: the public demo password is allowed only there */
  demo?: boolean;
}

let checker: ZxcvbnFactory | null = null;
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { 'passwords-common': dictionary['passwords-common'] },
    graphs: adjacencyGraphs,
  });
  return checker;
}

/** Why a password is refused, as codes with their numbers (empty = acceptable). */
export function passwordProblemCodes(pw: string, ctx: PasswordContext = {}): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (pw.length < PASSWORD_MIN_LENGTH) problems.push({ code: 'too_short', min: PASSWORD_MIN_LENGTH });
  if (pw.length > PASSWORD_MAX_LENGTH) problems.push({ code: 'too_long', max: PASSWORD_MAX_LENGTH });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < PASSWORD_MIN_CLASSES) problems.push({ code: 'classes', min: PASSWORD_MIN_CLASSES });
  if (!ctx.demo && pw.toLowerCase() === DEMO_PASSWORD.toLowerCase()) problems.push({ code: 'demo_password' });
  if (ctx.username && containsUsername(pw, ctx.username)) problems.push({ code: 'contains_username' });
  if (pw.length > 0 && pw.length <= PASSWORD_MAX_LENGTH) {
    const r = zxcvbn().check(pw);
    const common = r.sequence.some(
      (m) =>
        m.pattern === 'dictionary' &&
        m.dictionaryName === 'passwords-common' &&
        m.j - m.i + 1 >= pw.length - COMMON_SLACK,
    );
    if (common) problems.push({ code: 'common' });
    else if (r.score < PASSWORD_MIN_SCORE) problems.push({ code: 'guessable' });
  }
  return problems;
}

function containsUsername(pw: string, username: string): boolean {
  const p = pw.toLowerCase();
  const u = username.toLowerCase();
  const bare = u.replace(/[^a-z0-9]/g, '');
  return p.includes(u) || (bare.length >= 3 && p.replace(/[^a-z0-9]/g, '').includes(bare));
}

/** A problem in Chinese, as the server's refusal says it. */
export function passwordProblemText(p: PasswordProblem): string {
  switch (p.code) {
    case 'too_short':
      return `至少 ${p.min} 个字符`;
    case 'too_long':
      return `最多 ${p.max} 个字符`;
    case 'classes':
      return `须包含小写字母、大写字母、数字、符号中的至少 ${p.min} 类`;
    case 'demo_password':
      return '不能使用公开的演示密码';
    case 'contains_username':
      return '不能包含用户名';
    case 'common':
      return '是常见密码（或其简单变形），容易被猜中';
    case 'guessable':
      return '容易被猜中（键盘序列、连续或重复字符、常见词加日期等），请换一个更长或更随机的密码';
  }
}

/** The problems in Chinese (empty = acceptable). */
export function passwordProblems(pw: string, ctx: PasswordContext = {}): string[] {
  return passwordProblemCodes(pw, ctx).map(passwordProblemText);
}
