/**
 * The second factor (动态口令, 等保 level 3 身份鉴别 d: two kinds of authentication for
 * administrators and approving officials): time-based one-time passwords (RFC 6238, `otplib`)
 * with ten single-use recovery codes.
 * - Enrolment: a new secret is shown as an otpauth URI and a QR code; the first right code binds
 *   it and hands out the recovery codes, once (only their Argon2id hashes are kept).
 * - Sign-in: after the password, a pending session may only send a code here. A 6-digit code is
 *   checked against the secret (one step of clock drift either way) and is accepted once; any
 *   other shape is tried as a recovery code, which is then spent. `loginMaxFailures` wrong codes
 *   within the window lock the account like wrong passwords do; a right password does not reset
 *   that count, only a right code does.
 * Every step is audited (`auth.second_factor.*`).
 */
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import { generateSecret, generateURI, verify } from 'otplib';
import {
  RECOVERY_CODE_ALPHABET,
  RECOVERY_CODE_COUNT,
  TOTP_DIGITS,
  TOTP_PERIOD_SECONDS,
  TOTP_TOLERANCE_STEPS,
} from '../../../../contract/limits.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { hashPassword, verifyPassword } from '../../lib/password.js';
import { recordAudit, recordAuditNow } from '../audit/audit.service.js';
import { findUserById, updateAccount } from '../accounts/accounts.queries.js';
import * as sf from '../accounts/second-factor.queries.js';
import * as q from './auth.queries.js';
import { personalData } from '../../lib/personal-data.js';
import { buildActor, endSession, openSession } from './auth.service.js';

/** The TOTP secret of a second factor: stored sealed (lib/personal-data.ts), opened only to check a code. */
const secretOf = (deps: Deps, factor: { secret_enc: string }) =>
  personalData(deps.config).openSecret('second_factors.secret', factor.secret_enc);

/** What authenticator apps show above the code. */
export const TOTP_ISSUER = 'skillcert';

/** The time step of a right, unused code, or null. */
export async function checkTotp(
  secret: string,
  code: string,
  now: Date,
  lastTimeStep: number | null,
): Promise<number | null> {
  if (!new RegExp(`^\\d{${TOTP_DIGITS}}$`).test(code)) return null;
  try {
    const r = await verify({
      secret,
      token: code,
      epoch: Math.floor(now.getTime() / 1000),
      period: TOTP_PERIOD_SECONDS,
      digits: TOTP_DIGITS,
      epochTolerance: TOTP_TOLERANCE_STEPS * TOTP_PERIOD_SECONDS,
      ...(lastTimeStep !== null ? { afterTimeStep: lastTimeStep } : {}),
    });
    return r.valid && 'timeStep' in r ? r.timeStep : null;
  } catch {
    return null;
  }
}

/** Ten codes like `7k2m9-q4xrd` (50 random bits each). */
export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = [...randomBytes(10)].map((b) => RECOVERY_CODE_ALPHABET[b & 31]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** A typed recovery code in its stored form: case, spaces and the dash ignored; i/l read as 1, o as 0. */
export function normaliseRecoveryCode(input: string): string | null {
  const c = input.toLowerCase().replace(/[\s-]/g, '').replace(/[il]/g, '1').replace(/o/g, '0');
  if (c.length !== 10 || [...c].some((ch) => !RECOVERY_CODE_ALPHABET.includes(ch))) return null;
  return `${c.slice(0, 5)}-${c.slice(5)}`;
}

async function hashRecoveryCodes(codes: string[]) {
  return Promise.all(codes.map((c) => hashPassword(c)));
}

/** Accepts a code of the account's second factor: a TOTP code (once) or an unused recovery code (spent). */
async function acceptCode(deps: Deps, userId: number, code: string): Promise<'totp' | 'recovery' | null> {
  const factor = await sf.findSecondFactor(deps.db, userId);
  if (!factor?.confirmed_at) return null;
  const c = code.replace(/\s/g, '');
  if (/^\d+$/.test(c)) {
    const step = await checkTotp(secretOf(deps, factor), c, deps.clock.now(), factor.last_time_step);
    return step !== null && (await sf.advanceTimeStep(deps.db, userId, step)) ? 'totp' : null;
  }
  const rc = normaliseRecoveryCode(c);
  if (!rc) return null;
  for (const row of await sf.unusedRecoveryCodes(deps.db, userId))
    if (await verifyPassword(row.code_hash, rc))
      return (await sf.spendRecoveryCode(deps.db, row.id, deps.clock.now().toISOString())) ? 'recovery' : null;
  return null;
}

/**
 * Counts a wrong code; at `loginMaxFailures` within the window the account locks (and its
 * sessions end). Throws the answer: SECOND_FACTOR_INVALID, or AUTH_LOCKED once locked.
 */
async function refuseWrongCode(
  deps: Deps,
  ctx: RequestContext,
  user: { id: number; username: string },
  step: string,
): Promise<never> {
  const { config } = deps;
  const now = deps.clock.now();
  const windowStart = new Date(now.getTime() - config.loginFailureWindowMinutes * 60_000).toISOString();
  const locked = await deps.db.transaction().execute(async (trx) => {
    await q.insertLoginFailure(trx, user.username, now.toISOString(), ctx.ip, 'second_factor');
    const n = await q.countRecentFailures(trx, user.username, windowStart, 'second_factor');
    await recordAudit(trx, deps, ctx, {
      action: `auth.second_factor.${step}`,
      outcome: 'failure',
      objectType: 'user',
      objectId: user.id,
      actorName: user.username,
      detail: `wrong code (${n} in ${config.loginFailureWindowMinutes} min)`,
    });
    if (n < config.loginMaxFailures) return false;
    const until = new Date(now.getTime() + config.loginLockMinutes * 60_000).toISOString();
    await updateAccount(trx, user.id, { locked_until: until, updated_at: now.toISOString() });
    await q.endUserSessions(trx, user.id, now.toISOString());
    await recordAudit(trx, deps, ctx, {
      action: 'auth.lock',
      objectType: 'user',
      objectId: user.id,
      actorName: user.username,
      after: { lockedUntil: until },
      detail: `${n} wrong second-factor codes in ${config.loginFailureWindowMinutes} min`,
    });
    return true;
  });
  throw new AppError(locked ? 'AUTH_LOCKED' : 'SECOND_FACTOR_INVALID');
}

/**
 * The second step of signing in: a pending session and a code become a full session (a new
 * token; the pending one ends).
 */
export async function completeSignIn(
  deps: Deps,
  ctx: RequestContext,
  pending: { idHash: string; userId: number } | null,
  code: string,
  userAgent: string | null,
): Promise<{ token: string; actor: Actor; absoluteExpiresAt: string }> {
  if (!pending) throw new AppError('AUTH_REQUIRED', '请先输入用户名和密码');
  const now = deps.clock.now();
  const user = await findUserById(deps.db, pending.userId);
  if (!user || user.status !== 'active') {
    await endSession(deps.db, pending.idHash, now.toISOString());
    throw new AppError('AUTH_REQUIRED', '请先输入用户名和密码');
  }
  if (user.locked_until && user.locked_until > now.toISOString()) {
    await endSession(deps.db, pending.idHash, now.toISOString());
    await recordAuditNow(deps, ctx, {
      action: 'auth.second_factor.verify',
      outcome: 'denied',
      objectType: 'user',
      objectId: user.id,
      actorName: user.username,
      detail: 'account locked',
    });
    throw new AppError('AUTH_LOCKED');
  }
  const method = await acceptCode(deps, user.id, code);
  if (!method) return refuseWrongCode(deps, ctx, user, 'verify');

  const actor = await buildActor(deps, user);
  const left = await sf.countUnusedRecoveryCodes(deps.db, user.id);
  const opened = await deps.db.transaction().execute(async (trx) => {
    await endSession(trx, pending.idHash, now.toISOString());
    const o = await openSession(trx, deps, ctx, user.id, userAgent, false);
    await q.clearLoginFailures(trx, user.username);
    await updateAccount(trx, user.id, { last_login_at: now.toISOString(), locked_until: null });
    const who = { ...ctx, actor };
    await recordAudit(trx, deps, who, {
      action: 'auth.second_factor.verify',
      objectType: 'user',
      objectId: user.id,
      detail: method === 'totp' ? 'authenticator code' : `recovery code (${left} left)`,
    });
    await recordAudit(trx, deps, who, {
      action: 'auth.login',
      objectType: 'user',
      objectId: user.id,
      detail: `with second factor (${method})`,
    });
    return o;
  });
  return { token: opened.token, actor, absoluteExpiresAt: opened.absoluteExpiresAt };
}

/** Starts binding an authenticator app: a new secret, as an otpauth URI and its QR code. */
export async function startEnrolment(deps: Deps, ctx: RequestContext) {
  const actor = ctx.actor!;
  const existing = await sf.findSecondFactor(deps.db, actor.id);
  if (existing?.confirmed_at) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
  const secret = generateSecret();
  const otpauthUri = generateURI({
    issuer: TOTP_ISSUER,
    label: actor.username,
    secret,
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
  });
  await deps.db.transaction().execute(async (trx) => {
    await sf.putPendingSecondFactor(
      trx,
      actor.id,
      personalData(deps.config).sealSecret('second_factors.secret', secret),
      deps.clock.now().toISOString(),
    );
    await recordAudit(trx, deps, ctx, {
      action: 'auth.second_factor.enrol_start',
      objectType: 'user',
      objectId: actor.id,
      detail: existing ? 'restarted' : undefined,
    });
  });
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 220 }) };
}

/** The first right code binds the secret; the recovery codes are answered once. */
export async function confirmEnrolment(deps: Deps, ctx: RequestContext, code: string) {
  const actor = ctx.actor!;
  const factor = await sf.findSecondFactor(deps.db, actor.id);
  if (!factor) throw new AppError('SECOND_FACTOR_NOT_ENROLLED', '请先开始绑定');
  if (factor.confirmed_at) throw new AppError('SECOND_FACTOR_ALREADY_ENROLLED');
  const step = await checkTotp(secretOf(deps, factor), code.replace(/\s/g, ''), deps.clock.now(), null);
  if (step === null) {
    await recordAuditNow(deps, ctx, {
      action: 'auth.second_factor.enrol',
      outcome: 'failure',
      objectType: 'user',
      objectId: actor.id,
      detail: 'wrong code',
    });
    throw new AppError('SECOND_FACTOR_INVALID', '动态口令不正确，请核对手机时间后重试');
  }
  const codes = newRecoveryCodes();
  const hashes = await hashRecoveryCodes(codes);
  await deps.db.transaction().execute(async (trx) => {
    const now = deps.clock.now().toISOString();
    await sf.confirmSecondFactor(trx, actor.id, now, step);
    await sf.replaceRecoveryCodes(trx, actor.id, hashes, now);
    await recordAudit(trx, deps, ctx, {
      action: 'auth.second_factor.enrol',
      objectType: 'user',
      objectId: actor.id,
      before: { secondFactor: 'none' },
      after: { secondFactor: 'enrolled', recoveryCodes: codes.length },
    });
  });
  return { recoveryCodes: codes };
}

/** New recovery codes (the old ones stop working), against a current code. */
export async function regenerateRecoveryCodes(deps: Deps, ctx: RequestContext, code: string) {
  const actor = ctx.actor!;
  const factor = await sf.findSecondFactor(deps.db, actor.id);
  if (!factor?.confirmed_at) throw new AppError('SECOND_FACTOR_NOT_ENROLLED');
  const c = code.replace(/\s/g, '');
  const step = await checkTotp(secretOf(deps, factor), c, deps.clock.now(), factor.last_time_step);
  if (step === null || !(await sf.advanceTimeStep(deps.db, actor.id, step)))
    return refuseWrongCode(deps, ctx, actor, 'recovery_codes');
  const codes = newRecoveryCodes();
  const hashes = await hashRecoveryCodes(codes);
  await deps.db.transaction().execute(async (trx) => {
    await sf.replaceRecoveryCodes(trx, actor.id, hashes, deps.clock.now().toISOString());
    await recordAudit(trx, deps, ctx, {
      action: 'auth.second_factor.recovery_codes',
      objectType: 'user',
      objectId: actor.id,
      after: { recoveryCodes: codes.length },
    });
  });
  return { recoveryCodes: codes };
}

/** The second-factor part of /me. */
export async function secondFactorStatus(deps: Deps, userId: number) {
  const factor = await sf.findSecondFactor(deps.db, userId);
  const enrolled = Boolean(factor?.confirmed_at);
  return { enrolled, recoveryCodesLeft: enrolled ? await sf.countUnusedRecoveryCodes(deps.db, userId) : 0 };
}
