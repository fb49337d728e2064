/**
 * `npm run admin:create -- --username NAME --role system_admin|security_admin|audit_admin [--name 姓名]`
 * Creates one of the three separated administrators (三员). Outside demo mode there are no default
 * accounts: this is how the first administrator is made. The password is read from the
 * SKILLCERT_ADMIN_PASSWORD environment variable or prompted for (never a command-line argument,
 * which would land in shell history). The new administrator must change it at first login, then
 * bind a second factor (动态口令) before anything else (SECOND_FACTOR_ROLES).
 */
import { parseArgs } from 'node:util';
import readline from 'node:readline/promises';
import { ROLE_INFO, type Role } from '../contract/roles.js';
import { USERNAME_PATTERN } from '../contract/limits.js';
import { loadConfig } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';
import { assertStrongPassword, hashPassword } from '../server/src/lib/password.js';
import { appendAudit } from '../server/src/modules/audit/audit.queries.js';
import { ADMIN_ROLES } from '../server/src/modules/accounts/accounts.service.js';

const { values } = parseArgs({
  options: {
    username: { type: 'string' },
    role: { type: 'string', default: 'system_admin' },
    name: { type: 'string' },
  },
});
const fail = (msg: string) => {
  console.error(msg);
  process.exit(2);
};
const username =
  values.username ??
  fail(
    '用法：npm run admin:create -- --username <用户名> --role system_admin|security_admin|audit_admin [--name 姓名]',
  );
if (!new RegExp(USERNAME_PATTERN).test(username!)) fail('用户名须为 3–40 位字母、数字、点、下划线或连字符');
const role = values.role as Role;
if (!ADMIN_ROLES.includes(role)) fail(`--role 须为 ${ADMIN_ROLES.join(' / ')} 之一`);

let password = process.env.SKILLCERT_ADMIN_PASSWORD;
if (!password) {
  const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  password = await rl.question('初始密码（至少 8 位，含 3 类字符，不含用户名，不是常见密码）：');
  rl.close();
}
const config = loadConfig();
try {
  // outside demo mode the policy also refuses the public demo password
  assertStrongPassword(password, '/password', { username: username!, demo: config.demo });
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}

const { database } = await prepareDatabase({ ...config, demo: false });
try {
  const exists = await database.db
    .selectFrom('users')
    .select('id')
    .where('username', '=', username!)
    .executeTakeFirst();
  if (exists) fail(`用户名 ${username} 已存在`);
  const now = new Date().toISOString();
  const hash = await hashPassword(password);
  await database.db.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('users')
      .values({
        username: username!,
        display_name: values.name ?? ROLE_INFO[role].label,
        password_hash: hash,
        role,
        region_code: null,
        institution_id: null,
        status: 'active',
        must_change_password: 1,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      at: now,
      actor_id: null,
      actor_name: 'cli',
      actor_role: null,
      actor_scope: '全平台',
      ip: null,
      action: 'account.create',
      object_type: 'user',
      object_id: String(r.id),
      outcome: 'success',
      request_id: null,
      before_json: null,
      after_json: JSON.stringify({ username, role }),
      detail: 'created by admin:create',
    });
  });
  console.log(`已创建${ROLE_INFO[role].label} ${username}（首次登录须修改密码）。`);
} finally {
  await database.close();
}
