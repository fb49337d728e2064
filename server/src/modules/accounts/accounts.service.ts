/**
 * Accounts (账号). Three separated administrators (三员分立): the system administrator creates
 * and disables accounts; the security administrator unlocks them and resets passwords; the audit
 * administrator only reads the audit trail. None of them can create the three administrator
 * roles: those are made by the CLI (`npm run admin:create`), so no one administrator can mint
 * another.
 */
import type { Static } from '@sinclair/typebox';
import type { AccountCreateBody, AccountPatchBody } from '../../../../contract/api.js';
import { ADMINISTRATOR_ROLES, ROLE_INFO, type Role } from '../../../../contract/roles.js';
import type { Kysely } from 'kysely';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { assertStrongPassword, hashPassword } from '../../lib/password.js';
import { recordAudit } from '../audit/audit.service.js';
import { getRegion } from '../regions/regions.queries.js';
import { institutionDirectory, sessionControl } from './ports.js';
import * as q from './accounts.queries.js';
import { deleteSecondFactor, findSecondFactor } from './second-factor.queries.js';

export const ADMIN_ROLES = ADMINISTRATOR_ROLES;

function toAccount(r: q.AccountRow) {
  const role = r.role as Role;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role,
    roleLabel: ROLE_INFO[role]?.label ?? r.role,
    regionCode: r.region_code,
    institutionId: r.institution_id,
    scopeLabel: r.institution_name ?? r.region_name ?? (ROLE_INFO[role]?.scope === 'self' ? '本人' : '全平台'),
    status: r.status,
    lockedUntil: r.locked_until,
    lastLoginAt: r.last_login_at,
    createdAt: r.created_at,
    isDemo: r.is_demo === 1,
    secondFactor: r.second_factor_confirmed_at !== null,
  };
}

export async function listAccounts(deps: Deps, f: { q?: string; role?: string; page?: number; pageSize?: number }) {
  const page = f.page ?? 1;
  const pageSize = f.pageSize ?? 20;
  const { items, total } = await q.listAccounts(deps.db, f, page, pageSize);
  return { items: items.map(toAccount), total, page, pageSize };
}

/** Checks that the scope fits the role: a region of the right level, an institution, or none. */
export async function validateScope(
  db: Kysely<DB>,
  role: Role,
  regionCode: string | undefined | null,
  institutionId: number | undefined | null,
) {
  const info = ROLE_INFO[role];
  const bad = (msg: string, field: string) =>
    new AppError('INVALID_SCOPE_FOR_ROLE', msg, { details: [{ field, message: msg }] });
  if (info.scope === 'region') {
    if (!regionCode) throw bad(`${info.label} 账号须指定所辖行政区划`, '/regionCode');
    if (institutionId) throw bad(`${info.label} 账号不能绑定机构`, '/institutionId');
    const region = await getRegion(db, regionCode);
    if (!region)
      throw new AppError('REGION_NOT_FOUND', `行政区划 ${regionCode} 不存在`, {
        details: [{ field: '/regionCode', message: '行政区划不存在' }],
      });
    // 省直管县 and 济源示范区 act at city level (INST-2: their departments review like a city's)
    const effective = region.level === 'county' && region.is_direct_county === 1 ? ['county', 'city'] : [region.level];
    if (info.regionLevel && !effective.includes(info.regionLevel)) {
      throw bad(
        `${info.label} 账号须绑定${{ province: '省级', city: '市级', county: '县级' }[info.regionLevel]}行政区划，${region.name} 不是`,
        '/regionCode',
      );
    }
  } else if (info.scope === 'institution') {
    if (!institutionId) throw bad(`${info.label} 账号须指定所属机构`, '/institutionId');
    if (regionCode) throw bad(`${info.label} 账号不能绑定行政区划`, '/regionCode');
    if (!(await institutionDirectory.get().findInstitution(db, institutionId)))
      throw new AppError('INSTITUTION_NOT_FOUND', `机构 #${institutionId} 不存在`, {
        details: [{ field: '/institutionId', message: '机构不存在' }],
      });
  } else if (regionCode || institutionId) {
    throw bad(`${info.label} 账号不绑定行政区划或机构`, regionCode ? '/regionCode' : '/institutionId');
  }
}

export async function createAccount(deps: Deps, ctx: RequestContext, body: Static<typeof AccountCreateBody>) {
  if (ADMIN_ROLES.includes(body.role)) {
    throw new AppError('FORBIDDEN_ROLE', '三员管理员账号只能通过命令行创建（npm run admin:create）');
  }
  assertStrongPassword(body.password, '/password', { username: body.username, demo: deps.config.demo });
  const hash = await hashPassword(body.password);
  return deps.db.transaction().execute(async (trx) => {
    await validateScope(trx, body.role, body.regionCode, body.institutionId);
    if (await q.usernameTaken(trx, body.username))
      throw new AppError('USERNAME_TAKEN', `用户名 ${body.username} 已存在`, {
        details: [{ field: '/username', message: '用户名已存在' }],
      });
    const now = deps.clock.now().toISOString();
    const id = await q.insertAccount(trx, {
      username: body.username,
      display_name: body.displayName,
      password_hash: hash,
      role: body.role,
      region_code: body.regionCode ?? null,
      institution_id: body.institutionId ?? null,
      status: 'active',
      must_change_password: 1,
      created_at: now,
      updated_at: now,
    });
    const after = toAccount((await q.getAccount(trx, id))!);
    await recordAudit(trx, deps, ctx, { action: 'account.create', objectType: 'user', objectId: id, after });
    return after;
  });
}

async function loadForChange(trx: Kysely<DB>, ctx: RequestContext, id: number) {
  const row = await q.getAccount(trx, id);
  if (!row) throw new AppError('NOT_FOUND', `账号 #${id} 不存在`);
  if (row.id === ctx.actor!.id) throw new AppError('SELF_ACTION_FORBIDDEN');
  return row;
}

export async function updateAccount(
  deps: Deps,
  ctx: RequestContext,
  id: number,
  body: Static<typeof AccountPatchBody>,
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadForChange(trx, ctx, id);
    if (ADMIN_ROLES.includes(row.role as Role))
      throw new AppError('FORBIDDEN_ROLE', '三员管理员账号只能通过命令行管理');
    const now = deps.clock.now().toISOString();
    await q.updateAccount(trx, id, {
      ...(body.displayName ? { display_name: body.displayName } : {}),
      ...(body.status ? { status: body.status } : {}),
      updated_at: now,
    });
    if (body.status === 'disabled') await sessionControl.get().endUserSessions(trx, id, now);
    const after = toAccount((await q.getAccount(trx, id))!);
    await recordAudit(trx, deps, ctx, {
      action: 'account.update',
      objectType: 'user',
      objectId: id,
      before: toAccount(row),
      after,
    });
    return after;
  });
}

export async function unlockAccount(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadForChange(trx, ctx, id);
    await q.updateAccount(trx, id, { locked_until: null, updated_at: deps.clock.now().toISOString() });
    await sessionControl.get().clearLoginFailures(trx, row.username);
    const after = toAccount((await q.getAccount(trx, id))!);
    await recordAudit(trx, deps, ctx, {
      action: 'account.unlock',
      objectType: 'user',
      objectId: id,
      before: { lockedUntil: row.locked_until },
      after: { lockedUntil: null },
    });
    return after;
  });
}

export async function resetPassword(deps: Deps, ctx: RequestContext, id: number, newPassword: string) {
  const target = await q.getAccount(deps.db, id);
  assertStrongPassword(newPassword, '/newPassword', { username: target?.username, demo: deps.config.demo });
  const hash = await hashPassword(newPassword);
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadForChange(trx, ctx, id);
    if (ADMIN_ROLES.includes(row.role as Role))
      throw new AppError('FORBIDDEN_ROLE', '三员管理员账号只能通过命令行管理');
    const now = deps.clock.now().toISOString();
    await q.updateAccount(trx, id, {
      password_hash: hash,
      must_change_password: 1,
      locked_until: null,
      updated_at: now,
    });
    await sessionControl.get().endUserSessions(trx, id, now);
    await sessionControl.get().clearLoginFailures(trx, row.username);
    await recordAudit(trx, deps, ctx, {
      action: 'account.reset_password',
      objectType: 'user',
      objectId: id,
      before: { mustChangePassword: false },
      after: { mustChangePassword: true },
    });
    return toAccount((await q.getAccount(trx, id))!);
  });
}

/**
 * The security administrator removes an account's second factor (lost phone and recovery codes):
 * its sessions end, and at the next sign-in a role that needs one enrols again. The three
 * administrators' own are reset from the command line (`npm run admin:reset-second-factor`).
 */
export async function resetSecondFactor(deps: Deps, ctx: RequestContext, id: number) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadForChange(trx, ctx, id);
    if (ADMIN_ROLES.includes(row.role as Role))
      throw new AppError('FORBIDDEN_ROLE', '三员管理员账号只能通过命令行管理');
    const factor = await findSecondFactor(trx, id);
    if (!factor) throw new AppError('SECOND_FACTOR_NOT_ENROLLED', `账号 ${row.username} 未绑定动态口令`);
    const now = deps.clock.now().toISOString();
    await deleteSecondFactor(trx, id);
    await q.updateAccount(trx, id, { updated_at: now });
    await sessionControl.get().endUserSessions(trx, id, now);
    await recordAudit(trx, deps, ctx, {
      action: 'account.reset_second_factor',
      objectType: 'user',
      objectId: id,
      before: { secondFactor: factor.confirmed_at ? 'enrolled' : 'enrolling' },
      after: { secondFactor: 'none' },
    });
    return toAccount((await q.getAccount(trx, id))!);
  });
}
