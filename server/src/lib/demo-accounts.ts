/**
 * The demo accounts (demo mode only): who they are and their one public password. Plain data, so
 * the demo seed that creates them and the login page's list (/api/meta) read the same table.
 */
import type { Role } from '../../../contract/roles.js';

// the password policy refuses it outside demo mode, so it lives with the policy
export { DEMO_PASSWORD } from '../../../contract/password-policy.js';

export interface DemoAccount {
  username: string;
  displayName: string;
  role: Role;
  region?: string;
  institution?: string;
  description: string;
  /** the same in English (the login page in English); institution names stay as they are */
  descriptionEn: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'province-admin',
    displayName: '王建国',
    role: 'province_hrss',
    region: '410000',
    description: '河南省人社厅：全省数据，机构备案与动态管理',
    descriptionEn: 'Henan Province HRSS department: the whole province, institution filing and ongoing supervision',
  },
  {
    username: 'province-edu',
    displayName: '李文华',
    role: 'province_edu',
    region: '410000',
    description: '河南省教育厅：本科、高职、省属中职初审',
    descriptionEn:
      'Henan Province education department: first review of universities, higher vocational and provincial secondary vocational schools',
  },
  {
    username: 'city-admin',
    displayName: '张海涛',
    role: 'city_hrss',
    region: '410100',
    description: '郑州市人社局：只见郑州',
    descriptionEn: 'Zhengzhou City HRSS bureau: sees only Zhengzhou',
  },
  {
    username: 'city-edu',
    displayName: '高丽',
    role: 'city_edu',
    region: '410100',
    description: '郑州市教育局：本市中职初审',
    descriptionEn: 'Zhengzhou City education bureau: first review of the city’s secondary vocational schools',
  },
  {
    username: 'school-admin',
    displayName: '陈静',
    role: 'institution_admin',
    institution: '郑州智能制造职业学院',
    description: '郑州智能制造职业学院（已备案）管理员',
    descriptionEn: 'Administrator of 郑州智能制造职业学院 (filed)',
  },
  {
    username: 'zhongzhi-admin',
    displayName: '吴昊',
    role: 'institution_admin',
    institution: '郑州市电子信息工程学校',
    description: '郑州市电子信息工程学校（待申请备案）管理员',
    descriptionEn: 'Administrator of 郑州市电子信息工程学校 (not yet filed)',
  },
  {
    username: 'enterprise-admin',
    displayName: '郑凯',
    role: 'institution_admin',
    institution: '郑州宇通客车股份有限公司',
    description: '郑州宇通客车股份有限公司（已备案企业）管理员：企校合作评价',
    descriptionEn: 'Administrator of 郑州宇通客车股份有限公司 (a filed enterprise): enterprise–school evaluation',
  },
  {
    username: 'audit-admin',
    displayName: '赵敏',
    role: 'audit_admin',
    description: '审计管理员：审计日志',
    descriptionEn: 'Audit administrator: the audit log',
  },
  {
    username: 'learner',
    displayName: '刘洋',
    role: 'learner',
    description: '学员：本人记录',
    descriptionEn: 'Learner: own records',
  },
  {
    username: 'system-admin',
    displayName: '孙伟',
    role: 'system_admin',
    description: '系统管理员：账号管理',
    descriptionEn: 'System administrator: accounts',
  },
  {
    username: 'security-admin',
    displayName: '周平',
    role: 'security_admin',
    description: '安全管理员：解锁、重置密码',
    descriptionEn: 'Security administrator: unlocking, password resets',
  },
  {
    username: 'city-finance',
    displayName: '刘芳',
    role: 'city_finance',
    region: '410100',
    description: '郑州市财政局：补贴公示期满后审核拨付，专账资金',
    descriptionEn:
      'Zhengzhou City finance bureau: reviews and pays subsidies after their publicity, special account funds',
  },
  {
    username: 'luoyang-admin',
    displayName: '马强',
    role: 'city_hrss',
    region: '410300',
    description: '洛阳市人社局：只见洛阳',
    descriptionEn: 'Luoyang City HRSS bureau: sees only Luoyang',
  },
];
