/** Limits shared by server and web. Each names where it comes from. */
export const PASSWORD_MIN_LENGTH = 8; // security baseline: 8+ chars
export const PASSWORD_MIN_CLASSES = 3; // of: lower, upper, digit, symbol
export const PASSWORD_MAX_LENGTH = 128;
export const USERNAME_PATTERN = '^[a-zA-Z0-9][a-zA-Z0-9_.-]{2,39}$';
export const LOGIN_MAX_FAILURES = 5; // in LOGIN_FAILURE_WINDOW_MINUTES
export const LOGIN_FAILURE_WINDOW_MINUTES = 15;
export const LOGIN_LOCK_MINUTES = 30;
export const SESSION_IDLE_MINUTES = 15;
export const SESSION_ABSOLUTE_HOURS = 12;
export const PAGE_SIZE_DEFAULT = 20;
export const PAGE_SIZE_MAX = 200;
export const EXPORT_ROWS_MAX = 100_000;
export const OCCUPATION_CODE_PATTERN = '^[1-8]-\\d{2}-\\d{2}-\\d{2}(-\\d{2})?$';
export const REGION_CODE_PATTERN = '^\\d{6}$';

/** Password strength: returns the list of missing requirements (empty = acceptable). */
export function passwordProblems(pw: string): string[] {
  const problems: string[] = [];
  if (pw.length < PASSWORD_MIN_LENGTH) problems.push(`至少 ${PASSWORD_MIN_LENGTH} 个字符`);
  if (pw.length > PASSWORD_MAX_LENGTH) problems.push(`最多 ${PASSWORD_MAX_LENGTH} 个字符`);
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(pw)).length;
  if (classes < PASSWORD_MIN_CLASSES)
    problems.push(`须包含小写字母、大写字母、数字、符号中的至少 ${PASSWORD_MIN_CLASSES} 类`);
  return problems;
}
