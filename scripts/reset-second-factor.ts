/**
 * `npm run admin:reset-second-factor -- --username NAME`
 * Removes an account's second factor (动态口令) when its phone and recovery codes are lost: its
 * sessions end and, if its role needs one, it binds a new one at the next sign-in. The security
 * administrator does this for other accounts in the web (账号管理); the three administrators'
 * own second factors are reset only here, as their accounts are made here (三员分立). Audited.
 */
import { parseArgs } from 'node:util';
import { loadConfig } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';
import { appendAudit } from '../server/src/modules/audit/audit.queries.js';
import { findUserByUsername } from '../server/src/modules/accounts/accounts.queries.js';
import { deleteSecondFactor, findSecondFactor } from '../server/src/modules/accounts/second-factor.queries.js';
import { endUserSessions } from '../server/src/modules/auth/auth.queries.js';

const { values } = parseArgs({ options: { username: { type: 'string' } } });
const fail = (msg: string): never => {
  console.error(msg);
  process.exit(2);
};
const username = values.username ?? fail('用法：npm run admin:reset-second-factor -- --username <用户名>');

const config = loadConfig();
const { database } = await prepareDatabase({ ...config, demo: false });
try {
  const user = (await findUserByUsername(database.db, username)) ?? fail(`用户名 ${username} 不存在`);
  const factor = (await findSecondFactor(database.db, user.id)) ?? fail(`${username} 未绑定动态口令`);
  const now = new Date().toISOString();
  await database.db.transaction().execute(async (trx) => {
    await deleteSecondFactor(trx, user.id);
    await endUserSessions(trx, user.id, now);
    await appendAudit(trx, {
      at: now,
      actor_id: null,
      actor_name: 'cli',
      actor_role: null,
      actor_scope: '全平台',
      ip: null,
      action: 'account.reset_second_factor',
      object_type: 'user',
      object_id: String(user.id),
      outcome: 'success',
      request_id: null,
      before_json: JSON.stringify({ secondFactor: factor.confirmed_at ? 'enrolled' : 'enrolling' }),
      after_json: JSON.stringify({ secondFactor: 'none' }),
      detail: 'reset by admin:reset-second-factor',
    });
  });
  console.log(`已重置 ${username} 的动态口令；其会话已结束，下次登录须重新绑定。`);
} finally {
  await database.close();
}
