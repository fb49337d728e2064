/**
 * Public verification (证书核验): anyone checks a certificate by number + name, by ID number +
 * name, or by the QR link's per-certificate code. The answer is a log of named checks, then the
 * masked details. Not found and wrong name answer alike; nothing unmasked leaves.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { levelLabel } from '../../../../contract/levels.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { maskIdNumber, maskName } from '../../lib/identity.js';
import { CERTIFICATE_NUMBER_RE } from '../certificates/certificate-number.js';
import { verifyStore, type CertRow } from './verification.queries.js';
import { RateLimiter } from './rate-limiter.js';
import { verifySeal } from './seal.js';

export type VerifyQuery = { number: string; name: string } | { idNumber: string; name: string } | { number: string; code: string };

export interface Check {
  key: 'exists' | 'name_matches' | 'code_matches' | 'institution_filed' | 'not_revoked' | 'not_suspended' | 'seal_intact';
  label: string;
  labelEn: string;
  passed: boolean;
  reason: string | null;
}

const LABELS: Record<Check['key'], [string, string]> = {
  exists: ['证书存在', 'Certificate exists'],
  name_matches: ['姓名一致', 'Name matches'],
  code_matches: ['核验码一致', 'Verification code matches'],
  institution_filed: ['发证时评价机构已备案且在评价范围内', 'Issuer was filed and in scope on the date of issue'],
  not_revoked: ['未被撤销', 'Not revoked'],
  not_suspended: ['未被暂停', 'Not suspended'],
  seal_intact: ['证书数据签章完整', 'Seal intact'],
};
const check = (key: Check['key'], passed: boolean, reason: string | null = null): Check => ({ key, label: LABELS[key][0], labelEn: LABELS[key][1], passed, reason });

const NOT_FOUND_REASON = '未找到与所填信息相符的证书，请核对证书编号（或证件号码）与姓名';
const digest = (s: string) => createHash('sha256').update(s.normalize('NFC').trim()).digest();
const same = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));

type Row = CertRow;

/** INST-4/5 on the date of issue: filed then, not suspended or revoked then, the pair in scope then. */
const issuerCache = new Map<string, { check: Check; until: number }>();
const ISSUER_TTL_MS = 5 * 60_000;

async function issuerCheck(deps: Deps, r: Row): Promise<Check> {
  // the facts about a past date rarely change: cached briefly, bounded
  const key = `${r.institution_id}|${r.occupation_id}|${r.level}|${r.issued_on}`;
  const now = Date.now();
  const hit = issuerCache.get(key);
  if (hit && hit.until > now) return hit.check;
  const endOfDay = `${r.issued_on}T23:59:59.999Z`;
  const f = await verifyStore(deps.database).issuer(r.institution_id, r.occupation_id, r.level, endOfDay);
  let c: Check;
  if (!f.filedAt || f.filedAt > endOfDay) c = check('institution_filed', false, '发证日期早于机构备案日期');
  else if (f.statusThen === 'suspended' || f.statusThen === 'revoked') c = check('institution_filed', false, `发证时机构处于${f.statusThen === 'revoked' ? '取消备案' : '暂停'}状态`);
  else if (!f.scopeGrantedAt || f.scopeGrantedAt > endOfDay) c = check('institution_filed', false, '发证时该职业等级不在机构备案的评价范围内');
  else c = check('institution_filed', true);
  if (issuerCache.size > 100_000) issuerCache.clear();
  issuerCache.set(key, { check: c, until: now + ISSUER_TTL_MS });
  return c;
}

/** Forgets cached issuer facts (an institution's filing data was corrected). */
export function forgetIssuerFacts() {
  issuerCache.clear();
}

function details(r: Row) {
  return {
    number: r.number,
    holderName: maskName(r.holder_name),
    holderIdNumber: maskIdNumber(r.holder_id_number),
    occupation: r.occupation_name,
    workType: r.work_type ?? '--',
    level: r.level,
    levelLabel: levelLabel(r.level),
    institutionName: r.institution_name,
    filingNo: r.filing_no,
    issuedOn: r.issued_on,
    status: r.status,
    statusLabel: { valid: '有效', suspended: '已暂停', revoked: '已撤销' }[r.status],
  };
}

async function judge(deps: Deps, r: Row, identityCheck: Check) {
  const checks = [
    check('exists', true),
    identityCheck,
    await issuerCheck(deps, r),
    check('not_revoked', r.status !== 'revoked', r.status === 'revoked' ? '证书已被撤销（CERT-12）' : null),
    check('not_suspended', r.status !== 'suspended', r.status === 'suspended' ? '证书已被暂停' : null),
    check('seal_intact', await verifySeal(deps.db, r, r.seal, r.seal_kid), null),
  ];
  if (!checks[5].passed) checks[5].reason = '证书数据与发证时的签章不符，可能被篡改';
  const result = r.status === 'revoked' ? 'revoked' : r.status === 'suspended' ? 'suspended' : checks.every((c) => c.passed) ? 'valid' : 'invalid';
  return { result, checks, certificate: details(r) };
}

const limiters = new WeakMap<Deps['database'], RateLimiter>();
export function rateLimiter(database: Deps['database']): RateLimiter {
  let l = limiters.get(database);
  if (!l) limiters.set(database, (l = new RateLimiter(verifyStore(database))));
  return l;
}

async function limit(deps: Deps, clientKey: string, identity: string) {
  const window = Math.floor(deps.clock.now().getTime() / 60_000);
  const [byClient, byIdentity] = rateLimiter(deps.database).hit([`verify:c:${clientKey}`, `verify:i:${createHash('sha256').update(identity).digest('hex').slice(0, 32)}`], window);
  if (byClient > deps.config.verifyPerClient || byIdentity > deps.config.verifyPerIdentity) {
    throw new AppError('RATE_LIMITED', byIdentity > deps.config.verifyPerIdentity ? '对同一证书或证件的查询过于频繁，请一分钟后再试' : '查询过于频繁，请一分钟后再试');
  }
}

export async function verifyCertificate(deps: Deps, client: string, q: VerifyQuery) {
  const notFound = { result: 'not_found' as const, checks: [check('exists', false, NOT_FOUND_REASON)], certificate: null, certificates: [] };
  if ('code' in q) {
    if (!CERTIFICATE_NUMBER_RE.test(q.number)) return notFound;
    await limit(deps, client, q.number);
    const r = await verifyStore(deps.database).byNumber(q.number);
    // the code is the secret: a wrong one answers exactly like an unknown number
    if (!r || !same(r.verify_code, q.code.toUpperCase())) return notFound;
    const v = await judge(deps, r, check('code_matches', true));
    return { ...v, certificates: [v.certificate] };
  }
  if ('number' in q) {
    if (!CERTIFICATE_NUMBER_RE.test(q.number)) {
      throw new AppError('VALIDATION_FAILED', '证书编号应为 22 位：首位 Y 或 S，其后 21 位数字（第 16 位为等级 1–5）', { details: [{ field: 'querystring:/number', message: '格式不正确' }] });
    }
    await limit(deps, client, q.number);
    const r = await verifyStore(deps.database).byNumber(q.number);
    const nameOk = !!r && same(r.holder_name, q.name);
    if (!r || !nameOk) return notFound;
    const v = await judge(deps, r, check('name_matches', true));
    return { ...v, certificates: [v.certificate] };
  }
  const idNumber = q.idNumber.trim().toUpperCase();
  await limit(deps, client, idNumber);
  const rows = await verifyStore(deps.database).byIdNumber(idNumber);
  // an ID number alone never confirms anything: only rows whose name also matches are answered
  const mine = rows.filter((r) => same(r.holder_name, q.name));
  if (!mine.length) return notFound;
  const judged = await Promise.all(mine.map((r) => judge(deps, r, check('name_matches', true))));
  const first = judged[0];
  return { result: first.result, checks: first.checks, certificate: first.certificate, certificates: judged.map((j) => ({ ...j.certificate, result: j.result, checks: j.checks })) };
}
