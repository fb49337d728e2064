/** The verification page's words, Chinese first. The choice is shared with the platform (skillcert.lang). */
export type Lang = 'zh' | 'en';

const zh = {
  title: '职业技能等级证书核验',
  lead: '核验证书是否真实、当前是否有效，以及发证机构是否备案。',
  langLabel: '语言',
  tabs: '查询方式',
  tabNum: '证书编号 + 姓名',
  tabId: '证件号码 + 姓名',
  lNum: '证书编号',
  hNum: '证书上的 22 位编号：1 位字母加 21 位数字',
  lId: '证件号码',
  hId: '持证人的 18 位居民身份证号码',
  lName: '姓名',
  hName: '持证人姓名，与证书一致',
  submit: '核验',
  busy: '正在核验…',
  another: '核验其他证书',
  foot: '本页只显示脱敏后的个人信息。对核验结果有疑问，请联系发证机构或当地人力资源和社会保障部门。',
  vcTitle: '核验数字凭证（Open Badges 3.0）',
  vcHint: '持证人可从平台下载证书的数字凭证（JSON）。将其粘贴在下方，即可核验签名、签发方与撤销/暂停状态。',
  vcGo: '核验凭证',
  vcBad: '无法解析：请粘贴完整的 JSON 凭证',
  vcOk: '凭证有效',
  vcNo: '凭证未通过核验',
  eNumEmpty: '请输入证书编号',
  eNumLen: '证书编号应为 22 位，当前为 {n} 位',
  eNumShape: '证书编号应为 1 位大写字母加 21 位数字',
  eNumLetter: '证书编号应以字母 Y 或 S 开头',
  eNumLevel: '证书编号第 16 位表示等级，应为 1–5',
  eIdEmpty: '请输入证件号码',
  eIdLen: '身份证号码应为 18 位，当前为 {n} 位',
  eIdShape: '身份证号码前 17 位应为数字，末位为数字或 X',
  eIdDate: '身份证号码中的出生日期无效',
  eIdCheck: '身份证号码校验位不符，请核对',
  eNameEmpty: '请输入姓名',
  eNameLong: '姓名不能超过 40 个字',
  r_valid: '有效',
  r_revoked: '已撤销',
  r_suspended: '已暂停',
  r_invalid: '存疑',
  r_not_found: '未找到',
  t_valid: '证书真实有效，各项核验均已通过。',
  t_revoked: '该证书已被撤销，不再有效。',
  t_suspended: '该证书目前处于暂停状态，暂不能作为有效证书使用。',
  t_invalid: '证书未通过全部核验，请勿采信，并向发证机构或人社部门核实。',
  t_not_found: '未找到与所填信息相符的证书。请核对证书编号（或证件号码）与姓名后重试。',
  t_not_found_qr: '未找到与该二维码相符的证书，请勿采信。可改用证书编号与姓名查询。',
  nfTip: '新颁发的证书一般在考试后约 20 个工作日可查。',
  multi: '找到 {n} 张证书',
  count: '{r} {n} 张',
  checks: '核验项目',
  checksOf: '核验项目（{n}）',
  passed: '通过',
  failed: '未通过',
  details: '证书信息',
  masked: '姓名与证件号码已脱敏显示',
  at: '核验时间',
  viaQr: '扫码核验',
  loading: '正在核验证书…',
  errRate: '查询过于频繁，请一分钟后再试。',
  errNet: '网络连接失败，请检查网络后重试。',
  errServer: '服务暂时不可用，请稍后再试。',
  errBad: '查询条件不正确，请核对后重试。',
  retry: '重试',
  powBusy: '正在进行安全验证…',
  powWhy: '本设备近期查询较多，页面正在自动完成一次安全验证（通常只需一两秒），无需任何操作。',
  errPow: '安全验证未能完成，请重试。',
  errPowUnsupported: '当前浏览器无法完成安全验证，请更换浏览器（需通过 HTTPS 访问），或改用证书编号查询。',
  qrNoCode: '链接中没有核验码，请输入持证人姓名完成核验。',
  dNum: '证书编号',
  dName: '姓名',
  dId: '证件号码',
  dOcc: '职业（工种）',
  dLevel: '等级',
  dInst: '发证机构',
  dFiling: '备案号',
  dIssued: '发证日期',
  dStatus: '状态',
};
type Key = keyof typeof zh;

const en: Record<Key, string> = {
  title: 'Vocational skill certificate verification',
  lead: 'Checks that a certificate is genuine and in force, and that its issuer was filed.',
  langLabel: 'Language',
  tabs: 'Search by',
  tabNum: 'Cert. No. + name',
  tabId: 'ID No. + name',
  lNum: 'Certificate number',
  hNum: 'The 22 characters on the certificate: a letter and 21 digits',
  lId: 'ID number',
  hId: "The holder's 18-character resident ID number",
  lName: 'Name',
  hName: "The holder's name as on the certificate",
  submit: 'Verify',
  busy: 'Verifying…',
  another: 'Verify another certificate',
  foot: 'Personal data is shown masked. If in doubt about a result, contact the issuing institution or the local human resources and social security department.',
  vcTitle: 'Check a digital credential (Open Badges 3.0)',
  vcHint:
    'Holders can download their certificate as a digital credential (JSON). Paste it below to check its signature, issuer and revocation or suspension status.',
  vcGo: 'Check credential',
  vcBad: 'Cannot read that: paste the whole JSON credential',
  vcOk: 'Credential verified',
  vcNo: 'Credential not verified',
  eNumEmpty: 'Enter the certificate number',
  eNumLen: 'The certificate number has 22 characters; you entered {n}',
  eNumShape: 'One capital letter followed by 21 digits',
  eNumLetter: 'The certificate number starts with Y or S',
  eNumLevel: 'The 16th character is the level and must be 1–5',
  eIdEmpty: 'Enter the ID number',
  eIdLen: 'A resident ID number has 18 characters; you entered {n}',
  eIdShape: '17 digits, then a digit or X',
  eIdDate: 'The date of birth in this ID number is not valid',
  eIdCheck: 'The check character does not match; please check the number',
  eNameEmpty: 'Enter the name',
  eNameLong: 'At most 40 characters',
  r_valid: 'Valid',
  r_revoked: 'Revoked',
  r_suspended: 'Suspended',
  r_invalid: 'Questionable',
  r_not_found: 'Not found',
  t_valid: 'Genuine and in force: every check passed.',
  t_revoked: 'This certificate has been revoked and is no longer valid.',
  t_suspended: 'This certificate is suspended and cannot be relied on for now.',
  t_invalid: 'The certificate failed a check. Do not rely on it; confirm with the issuer or the HRSS department.',
  t_not_found:
    'No certificate matches the details entered. Check the certificate number (or ID number) and the name, and try again.',
  t_not_found_qr:
    'No certificate matches this QR code; do not rely on it. You can search by certificate number and name instead.',
  nfTip: 'New certificates are usually searchable about 20 working days after the exam.',
  multi: '{n} certificates found',
  count: '{n} {r}',
  checks: 'Checks',
  checksOf: 'Checks ({n})',
  passed: 'Passed',
  failed: 'Failed',
  details: 'Certificate',
  masked: 'Name and ID number are partly hidden',
  at: 'Checked at',
  viaQr: 'QR code',
  loading: 'Verifying the certificate…',
  errRate: 'Too many searches. Please try again in a minute.',
  errNet: 'Could not reach the server. Check your connection and try again.',
  errServer: 'The service is temporarily unavailable. Please try again later.',
  errBad: 'The search was not accepted. Please check the details.',
  retry: 'Try again',
  powBusy: 'Running a security check…',
  powWhy:
    'This device has made several searches recently, so the page is completing a short security check on its own (usually a second or two). Nothing to do.',
  errPow: 'The security check could not be completed. Please try again.',
  errPowUnsupported:
    'This browser cannot complete the security check. Try another browser (over HTTPS), or search by certificate number instead.',
  qrNoCode: 'The link has no verification code. Enter the holder’s name to verify.',
  dNum: 'Certificate No.',
  dName: 'Name',
  dId: 'ID number',
  dOcc: 'Occupation (work type)',
  dLevel: 'Level',
  dInst: 'Issued by',
  dFiling: 'Filing No.',
  dIssued: 'Date of issue',
  dStatus: 'Status',
};

/** English for the server's Chinese reasons; anything else is shown as sent. */
export const REASONS_EN: Record<string, string> = {
  发证日期早于机构备案日期: 'Issued before the institution was filed',
  发证时机构处于取消备案状态: "The institution's filing had been cancelled on the date of issue",
  发证时机构处于暂停状态: 'The institution was suspended on the date of issue',
  发证时该职业等级不在机构备案的评价范围内:
    "The occupation and level were outside the institution's filed scope on the date of issue",
  证书已被撤销: 'The certificate has been revoked',
  证书已被暂停: 'The certificate has been suspended',
  '证书数据与发证时的签章不符，可能被篡改':
    'The data no longer matches the seal made at issue; it may have been altered',
};

export const LEVELS_EN = [
  '',
  'Level 1 / Senior technician',
  'Level 2 / Technician',
  'Level 3 / Senior worker',
  'Level 4 / Intermediate worker',
  'Level 5 / Junior worker',
];

const KEY = 'skillcert.lang';
export let lang: Lang = 'zh';
try {
  if (localStorage.getItem(KEY) === 'en') lang = 'en';
} catch {
  /* storage blocked */
}

export function setLang(l: Lang) {
  lang = l;
  try {
    localStorage.setItem(KEY, l);
  } catch {
    /* storage blocked */
  }
}

export const t = (k: string, n?: number | string, r = ''): string =>
  ((lang === 'en' ? en : zh)[k as Key] ?? k).replace('{n}', String(n)).replace('{r}', r);
