/** Password hashing: Argon2id (slow, salted), parameters per OWASP's current minimum. */
import { hash, verify } from '@node-rs/argon2';
import { passwordProblems, type PasswordContext } from '../../../contract/password-policy.js';
import { AppError } from './errors.js';

const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(pw: string): Promise<string> {
  return hash(pw, OPTIONS);
}

export async function verifyPassword(stored: string, pw: string): Promise<boolean> {
  try {
    return await verify(stored, pw);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | null = null;
/** Spends the same time as a real check, so an unknown username cannot be told apart by timing. */
export async function verifyAgainstDummy(pw: string): Promise<void> {
  dummy ??= hashPassword('dummy-password-for-timing-Aa1!');
  await verifyPassword(await dummy, pw);
}

/** Refuses a password the policy (contract/password-policy.ts) refuses, naming every reason. */
export function assertStrongPassword(pw: string, field: string, ctx: PasswordContext): void {
  const problems = passwordProblems(pw, ctx);
  if (problems.length) {
    throw new AppError('PASSWORD_TOO_WEAK', `密码强度不足：${problems.join('；')}`, {
      details: problems.map((message) => ({ field, message })),
    });
  }
}
