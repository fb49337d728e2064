/**
 * The demo data set (演示数据), loaded only in demo mode into an empty database: institutions
 * across Henan and one account per role. Every demo account's password is DEMO_PASSWORD.
 */
import type { Kysely } from 'kysely';
import type { Role } from '../../../contract/roles.js';
import type { DB } from '../database/schema.js';
import { hashPassword } from '../lib/password.js';
import { appendAudit } from '../modules/audit/audit.queries.js';

export const DEMO_PASSWORD = 'Skill@2026';

/** [name, kind, school type, owner, region code] */
const DEMO_INSTITUTIONS: [string, string, string | null, 'province' | 'local', string][] = [
  ['郑州智能制造职业学院', 'college', 'higher_vocational', 'province', '410102'],
  ['郑州城市建设职业技术学院', 'college', 'higher_vocational', 'province', '410105'],
  ['郑州市电子信息工程学校', 'college', 'secondary_vocational', 'local', '410103'],
  ['郑州市第一技师学院', 'college', 'technical', 'local', '410104'],
  ['巩义市职业教育中心', 'college', 'secondary_vocational', 'local', '410181'],
  ['中原数字技能培训评价中心', 'training_org', null, 'local', '410105'],
  ['洛阳理工应用技术学院', 'college', 'undergraduate', 'province', '410311'],
  ['洛阳机电技师学院', 'college', 'technical', 'local', '410305'],
  ['洛阳一拖装备制造有限公司', 'enterprise', null, 'local', '410307'],
  ['开封文化旅游职业学院', 'college', 'higher_vocational', 'province', '410205'],
  ['兰考县职业中等专业学校', 'college', 'secondary_vocational', 'local', '410225'],
  ['新乡医护职业学院', 'college', 'higher_vocational', 'province', '410711'],
  ['南阳农业职业学院', 'college', 'higher_vocational', 'province', '411303'],
  ['邓州市职业技术学校', 'college', 'secondary_vocational', 'local', '411381'],
  ['济源示范区职业技术学校', 'college', 'secondary_vocational', 'local', '419001'],
  ['信阳茶文化职业培训学校', 'social', null, 'local', '411502'],
  ['周口家政服务职业技能评价中心', 'social', null, 'local', '411602'],
  ['安阳钢铁职业技能鉴定站', 'appraisal', null, 'local', '410505'],
];

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  region?: string;
  institution?: string;
  description: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  { username: 'province-admin', displayName: '王建国', role: 'province_hrss', region: '410000', description: '河南省人社厅：全省数据' },
  { username: 'province-edu', displayName: '李文华', role: 'province_edu', region: '410000', description: '河南省教育厅：全省院校' },
  { username: 'city-admin', displayName: '张海涛', role: 'city_hrss', region: '410100', description: '郑州市人社局：只见郑州' },
  { username: 'school-admin', displayName: '陈静', role: 'institution_admin', institution: '郑州智能制造职业学院', description: '郑州智能制造职业学院管理员' },
  { username: 'audit-admin', displayName: '赵敏', role: 'audit_admin', description: '审计管理员：审计日志' },
  { username: 'learner', displayName: '刘洋', role: 'learner', description: '学员：本人记录' },
  { username: 'system-admin', displayName: '孙伟', role: 'system_admin', description: '系统管理员：账号管理' },
  { username: 'security-admin', displayName: '周平', role: 'security_admin', description: '安全管理员：解锁、重置密码' },
  { username: 'luoyang-admin', displayName: '马强', role: 'city_hrss', region: '410300', description: '洛阳市人社局：只见洛阳' },
];

export async function seedDemo(db: Kysely<DB>, now = new Date().toISOString()): Promise<{ institutions: number; accounts: number } | null> {
  const existing = await db.selectFrom('users').select('id').limit(1).executeTakeFirst();
  if (existing) return null;
  const hashes = await Promise.all(DEMO_ACCOUNTS.map(() => hashPassword(DEMO_PASSWORD)));
  await db.transaction().execute(async (trx) => {
    const ids = new Map<string, number>();
    for (const [name, kind, schoolType, owner, region] of DEMO_INSTITUTIONS) {
      const r = await trx
        .insertInto('institutions')
        .values({ name, kind, school_type: schoolType, owner, region_code: region, created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(name, r.id);
    }
    for (const [i, a] of DEMO_ACCOUNTS.entries()) {
      await trx
        .insertInto('users')
        .values({
          username: a.username,
          display_name: a.displayName,
          password_hash: hashes[i],
          role: a.role,
          region_code: a.region ?? null,
          institution_id: a.institution ? ids.get(a.institution)! : null,
          status: 'active',
          must_change_password: 0,
          created_at: now,
          updated_at: now,
        })
        .execute();
    }
    await appendAudit(trx, {
      at: now, actor_id: null, actor_name: 'system', actor_role: null, actor_scope: '全平台', ip: null,
      action: 'system.seed_demo', object_type: null, object_id: null, outcome: 'success', request_id: null,
      before_json: null, after_json: JSON.stringify({ institutions: DEMO_INSTITUTIONS.length, accounts: DEMO_ACCOUNTS.length }), detail: null,
    });
  });
  return { institutions: DEMO_INSTITUTIONS.length, accounts: DEMO_ACCOUNTS.length };
}
