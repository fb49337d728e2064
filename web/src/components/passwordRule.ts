/**
 * The password policy on a form field, with the reasons shown while the person types. The policy
 * is contract/password-policy.ts, the very function the server decides with; its common-password
 * list is large, so it loads on first use (its own chunk) rather than with the page.
 */
import type { PasswordContext, PasswordProblem } from '../../../contract/password-policy.js';
import type { Translate } from '../i18n';

let policy: Promise<(pw: string, ctx: PasswordContext) => PasswordProblem[]> | null = null;
const loadPolicy = () =>
  (policy ??= import('../../../contract/password-policy.js').then((m) => m.passwordProblemCodes));

export function problemText(t: Translate, p: PasswordProblem): string {
  switch (p.code) {
    case 'too_short':
      return t('pwd.problem.too_short', { n: p.min });
    case 'too_long':
      return t('pwd.problem.too_long', { n: p.max });
    case 'classes':
      return t('pwd.problem.classes', { n: p.min });
    default:
      return t(`pwd.problem.${p.code}`);
  }
}

/** An antd rule: refuses what the policy refuses (`ctx()` gives the username and demo mode when it runs). */
export function passwordPolicyRule(t: Translate, ctx: () => PasswordContext) {
  return {
    validator: async (_r: unknown, value: string) => {
      if (!value) return;
      const problems = (await loadPolicy())(value, ctx());
      if (problems.length) throw new Error(problems.map((p) => problemText(t, p)).join('；'));
    },
  };
}
