/**
 * Login, logout and sessions. Sessions live in the database (app servers keep no state), keyed
 * by the SHA-256 of an opaque cookie token; they end after an idle period and at an absolute
 * limit. Five failures in fifteen minutes lock a username for thirty, known or not, with the
 * same answer either way.
 *
 * An account with a second factor signs in in two steps: the right password opens a *pending*
 * session that reaches nothing but the second step (second-factor.service.ts), which replaces it
 * with a full one. A full session may still be *confined* (contract/access.ts RESTRICTION_ALLOWS):
 * to changing the password, then to enrolling the second factor its role requires. Demo accounts
 * (public password) sign in only in demo mode, where they are also exempt from the second factor.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { SessionRestriction } from '../../../../contract/access.js';
import { SECOND_FACTOR_PENDING_MINUTES } from '../../../../contract/limits.js';
import { ROLE_INFO, type Role } from '../../../../contract/roles.js';
import type { Config } from '../../config.js';
import type { DB, UserRow } from '../../database/schema.js';
import type { Actor, Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { assertStrongPassword, hashPassword, verifyAgainstDummy, verifyPassword } from '../../lib/password.js';
import { recordAudit, recordAuditNow } from '../audit/audit.service.js';
import { findUserById, findUserByUsername, institutionOfUser, updateAccount } from '../accounts/accounts.queries.js';
import { sessionControl } from '../accounts/ports.js';
import { findSecondFactor } from '../accounts/second-factor.queries.js';
import { regionWithNames } from '../regions/regions.queries.js';
import * as q from './auth.queries.js';

// an administrator's change to an account ends its sessions and clears its failures through auth
sessionControl.provide({ endUserSessions: q.endUserSessions, clearLoginFailures: q.clearLoginFailures });

export const SESSION_COOKIE = 'sc_session';
const TOUCH_EVERY_MS = 30_000;

export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

export async function buildActor(deps: Deps, user: UserRow): Promise<Actor> {
  const role = user.role as Role;
  const info = ROLE_INFO[role];
  let regionPath: string | null = null;
  let scopeLabel = '全平台';
  let scopePath: string[] = [];
  if (user.region_code) {
    const r = await regionWithNames(deps.db, user.region_code);
    if (r) {
      regionPath = r.path;
      scopePath = r.names;
      scopeLabel = r.name;
    }
  }
  if (info.scope === 'institution' && user.institution_id) {
    const inst = await institutionOfUser(deps.db, user.id);
    scopeLabel = inst?.name ?? `机构 #${user.institution_id}`;
    if (inst) {
      const r = await regionWithNames(deps.db, inst.region_code);
      scopePath = [...(r?.names ?? []), inst.name];
    }
  }
  if (info.scope === 'self') {
    scopeLabel = '本人';
    scopePath = ['本人'];
  }
  if (info.scope === 'platform') scopePath = ['全平台'];
  return {
    id: user.id,
    username: user.username,
    displayName: user.display_name,
    role,
    regionCode: user.region_code,
    regionPath,
    institutionId: user.institution_id,
    scopeLabel,
    scopePath,
  };
}

/**
 * When a run of `loginMaxFailures` failures within the window locks the name, until when
 * (null if not locked now). Used for names with no account, which have no row to hold a lock.
 */
export function lockedUntilFromFailures(
  times: string[],
  now: Date,
  cfg: { loginMaxFailures: number; loginFailureWindowMinutes: number; loginLockMinutes: number },
): string | null {
  const t = times.map((x) => Date.parse(x)).sort((a, b) => a - b);
  let until = 0;
  for (let i = cfg.loginMaxFailures - 1; i < t.length; i++) {
    if (t[i] - t[i - cfg.loginMaxFailures + 1] <= cfg.loginFailureWindowMinutes * 60_000)
      until = Math.max(until, t[i] + cfg.loginLockMinutes * 60_000);
  }
  return until > now.getTime() ? new Date(until).toISOString() : null;
}

export interface LoginResult {
  token: string;
  /** null while the second factor is pending */
  actor: Actor | null;
  absoluteExpiresAt: string;
}

/** Does this account have to sign in with a second factor? Demo accounts are exempt in demo mode only. */
export function secondFactorRequired(config: Config, user: UserRow): boolean {
  return config.secondFactorRoles.includes(user.role as Role) && !(config.demo && user.is_demo === 1);
}

/** What a full session of this account is confined to, if anything. */
export async function restrictionOf(deps: Deps, user: UserRow): Promise<SessionRestriction | null> {
  if (user.must_change_password === 1) return 'password_change';
  if (secondFactorRequired(deps.config, user) && !(await findSecondFactor(deps.db, user.id))?.confirmed_at)
    return 'second_factor_enrolment';
  return null;
}

/**
 * Opens a session (full, or pending its second factor) for a user whose credentials were just
 * accepted; the caller audits in the same transaction.
 */
export async function openSession(
  trx: Kysely<DB>,
  deps: Deps,
  ctx: RequestContext,
  userId: number,
  userAgent: string | null,
  pending: boolean,
) {
  const now = deps.clock.now();
  const token = randomBytes(32).toString('base64url');
  const absoluteExpiresAt = new Date(
    now.getTime() + (pending ? SECOND_FACTOR_PENDING_MINUTES * 60_000 : deps.config.sessionAbsoluteHours * 3_600_000),
  ).toISOString();
  await q.insertSession(trx, {
    id_hash: tokenHash(token),
    user_id: userId,
    created_at: now.toISOString(),
    last_seen_at: now.toISOString(),
    absolute_expires_at: absoluteExpiresAt,
    ip: ctx.ip,
    user_agent: userAgent?.slice(0, 300) ?? null,
    ended_at: null,
    pending_second_factor: pending ? 1 : 0,
  });
  return { token, absoluteExpiresAt };
}

export async function login(
  deps: Deps,
  ctx: RequestContext,
  username: string,
  password: string,
  userAgent: string | null,
): Promise<LoginResult> {
  const now = deps.clock.now();
  const { config } = deps;
  const windowStart = new Date(now.getTime() - config.loginFailureWindowMinutes * 60_000).toISOString();
  const user = await findUserByUsername(deps.db, username);

  const lockedUntil = user?.locked_until && user.locked_until > now.toISOString() ? user.locked_until : null;
  // An unknown username locks the same way as a known one, so the answer never tells them apart.
  let lockedByFailures = false;
  if (!user) {
    const since = new Date(
      now.getTime() - (config.loginLockMinutes + config.loginFailureWindowMinutes) * 60_000,
    ).toISOString();
    const times = await q.recentFailureTimes(deps.db, username, since);
    lockedByFailures = lockedUntilFromFailures(times, now, config) !== null;
  }
  if (lockedUntil || lockedByFailures) {
    await verifyAgainstDummy(password);
    await recordAuditNow(deps, ctx, {
      action: 'auth.login',
      outcome: 'denied',
      objectType: 'user',
      objectId: user?.id,
      actorName: username,
      detail: 'account locked',
    });
    throw new AppError('AUTH_LOCKED');
  }

  // The demo data's accounts share a public password: outside demo mode they do not sign in at all.
  if (user && user.is_demo === 1 && !config.demo) {
    await verifyAgainstDummy(password);
    await recordAuditNow(deps, ctx, {
      action: 'auth.login',
      outcome: 'denied',
      objectType: 'user',
      objectId: user.id,
      actorName: username,
      detail: 'demo account outside demo mode',
    });
    throw new AppError('DEMO_ACCOUNT_DISABLED');
  }

  const ok = user ? await verifyPassword(user.password_hash, password) : (await verifyAgainstDummy(password), false);
  if (!ok || !user || user.status !== 'active') {
    const failures = await deps.db.transaction().execute(async (trx) => {
      await q.insertLoginFailure(trx, username, now.toISOString(), ctx.ip);
      const n = await q.countRecentFailures(trx, username, windowStart);
      if (user && n >= config.loginMaxFailures) {
        const until = new Date(now.getTime() + config.loginLockMinutes * 60_000).toISOString();
        await updateAccount(trx, user.id, { locked_until: until, updated_at: now.toISOString() });
        await recordAudit(trx, deps, ctx, {
          action: 'auth.lock',
          objectType: 'user',
          objectId: user.id,
          actorName: username,
          before: { lockedUntil: user.locked_until },
          after: { lockedUntil: until },
          detail: `${n} failures in ${config.loginFailureWindowMinutes} min`,
        });
      }
      await recordAudit(trx, deps, ctx, {
        action: 'auth.login',
        outcome: 'failure',
        objectType: 'user',
        objectId: user?.id,
        actorName: username,
        detail: !user ? 'unknown user' : user.status !== 'active' ? 'account disabled' : 'wrong password',
      });
      return n;
    });
    if (failures >= config.loginMaxFailures) throw new AppError('AUTH_LOCKED');
    throw new AppError('AUTH_INVALID_CREDENTIALS');
  }

  // An enrolled second factor is always asked for (a demo account that chose to enrol included).
  const factor = await findSecondFactor(deps.db, user.id);
  const pending = Boolean(factor?.confirmed_at);
  const actor = await buildActor(deps, user);
  const opened = await deps.db.transaction().execute(async (trx) => {
    // only the password's failures: wrong codes keep counting until a code is accepted
    await q.clearLoginFailures(trx, username, 'password');
    const o = await openSession(trx, deps, ctx, user.id, userAgent, pending);
    if (pending) {
      await recordAudit(
        trx,
        deps,
        { ...ctx, actor },
        {
          action: 'auth.second_factor.challenge',
          objectType: 'user',
          objectId: user.id,
          detail: 'password accepted, second factor pending',
        },
      );
    } else {
      await updateAccount(trx, user.id, { last_login_at: now.toISOString(), locked_until: null });
      await recordAudit(trx, deps, { ...ctx, actor }, { action: 'auth.login', objectType: 'user', objectId: user.id });
    }
    return o;
  });
  return { token: opened.token, actor: pending ? null : actor, absoluteExpiresAt: opened.absoluteExpiresAt };
}

export type ResolvedSession =
  | { pending: false; actor: Actor; idHash: string; absoluteExpiresAt: string; restriction: SessionRestriction | null }
  /** password accepted, second factor not yet: no actor */
  | { pending: true; userId: number; idHash: string; absoluteExpiresAt: string };

/** Resolves a cookie token to its actor; `expired` when the session ran out (idle or absolute). */
export async function resolveSession(deps: Deps, token: string): Promise<ResolvedSession | 'expired' | null> {
  const idHash = tokenHash(token);
  const s = await q.findSession(deps.db, idHash);
  if (!s) return null;
  const now = deps.clock.now();
  const idleLimit = new Date(now.getTime() - deps.config.sessionIdleMinutes * 60_000).toISOString();
  if (s.last_seen_at < idleLimit || s.absolute_expires_at <= now.toISOString()) {
    await q.endSession(deps.db, idHash, now.toISOString());
    return 'expired';
  }
  const user = await findUserById(deps.db, s.user_id);
  if (!user || user.status !== 'active') {
    await q.endSession(deps.db, idHash, now.toISOString());
    return null;
  }
  if (s.pending_second_factor === 1)
    return { pending: true, userId: user.id, idHash, absoluteExpiresAt: s.absolute_expires_at };
  if (now.getTime() - Date.parse(s.last_seen_at) > TOUCH_EVERY_MS)
    await q.touchSession(deps.db, idHash, now.toISOString());
  return {
    pending: false,
    actor: await buildActor(deps, user),
    idHash,
    absoluteExpiresAt: s.absolute_expires_at,
    restriction: await restrictionOf(deps, user),
  };
}

/** Ends one session (a pending one replaced by its full session, or abandoned). */
export async function endSession(db: Kysely<DB>, idHash: string, at: string) {
  await q.endSession(db, idHash, at);
}

export async function logout(deps: Deps, ctx: RequestContext, idHash: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await q.endSession(trx, idHash, deps.clock.now().toISOString());
    await recordAudit(trx, deps, ctx, { action: 'auth.logout', objectType: 'user', objectId: ctx.actor?.id });
  });
}

export async function changePassword(
  deps: Deps,
  ctx: RequestContext,
  currentPassword: string,
  newPassword: string,
): Promise<void> {
  const actor = ctx.actor!;
  const user = await findUserById(deps.db, actor.id);
  if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
    await recordAuditNow(deps, ctx, {
      action: 'auth.password.change',
      outcome: 'failure',
      objectType: 'user',
      objectId: actor.id,
      detail: 'wrong current password',
    });
    throw new AppError('AUTH_INVALID_CREDENTIALS', '当前密码不正确');
  }
  assertStrongPassword(newPassword, '/newPassword', { username: user.username, demo: deps.config.demo });
  if (currentPassword === newPassword)
    throw new AppError('PASSWORD_TOO_WEAK', '新密码不能与当前密码相同', {
      details: [{ field: '/newPassword', message: '新密码不能与当前密码相同' }],
    });
  const hash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (trx) => {
    await updateAccount(trx, actor.id, {
      password_hash: hash,
      must_change_password: 0,
      updated_at: deps.clock.now().toISOString(),
    });
    await recordAudit(trx, deps, ctx, {
      action: 'auth.password.change',
      objectType: 'user',
      objectId: actor.id,
      before: { passwordChanged: false },
      after: { passwordChanged: true },
    });
  });
}
