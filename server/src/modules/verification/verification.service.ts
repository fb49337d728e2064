/**
 * Public verification (证书核验): anyone checks a certificate by number + name, by ID number +
 * name, or by the QR link's per-certificate code. The answer is a log of named checks, then the
 * masked details. Not found and wrong name answer alike; nothing unmasked leaves. Look-ups by ID
 * number + name beyond a client's free ones need a solved proof-of-work challenge (challenge.ts).
 */
import type {
  MaskedCertificate,
  VerifyCheck,
  VerifyResponse,
  VerifyResult,
} from '../../../../contract/api-verification.js';
import { levelLabel } from '../../../../contract/levels.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { maskName } from '../../lib/identity.js';
import { normalizeIdNumber, personalData } from '../../lib/personal-data.js';
import { holderIdOpener, maskedHolderId } from '../certificates/holder-id.js';
import { CERTIFICATE_NUMBER_RE } from '../certificates/certificate-number.js';
import { certificateLookup, type CertificateLookupRow } from '../certificates/lookup.queries.js';
import { verifySeal } from '../signing/seal.js';
import { verifyStore } from './verification.queries.js';
import { RateLimiter } from './rate-limiter.js';
import { passChallenge } from './challenge.js';

export type VerifyQuery =
  | { number: string; name: string }
  | { idNumber: string; name: string; altcha?: string }
  | { number: string; code: string };

/** One named check: the contract's `VerifyCheck` with its keys closed. */
export interface Check extends VerifyCheck {
  key:
    'exists' | 'name_matches' | 'code_matches' | 'institution_filed' | 'not_revoked' | 'not_suspended' | 'seal_intact';
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
const check = (key: Check['key'], passed: boolean, reason: string | null = null): Check => ({
  key,
  label: LABELS[key][0],
  labelEn: LABELS[key][1],
  passed,
  reason,
});
/** The passed checks are constants (never mutated), each with its JSON ready. */
const PASSED = Object.fromEntries(
  Object.keys(LABELS).map((k) => [k, Object.freeze(check(k as Check['key'], true))]),
) as Record<Check['key'], Check>;
const PASSED_JSON = new Map<VerifyCheck, string>(Object.values(PASSED).map((c) => [c, JSON.stringify(c)]));

const NOT_FOUND_REASON = '未找到与所填信息相符的证书，请核对证书编号（或证件号码）与姓名';
const NOT_FOUND_CHECK = Object.freeze(check('exists', false, NOT_FOUND_REASON)) as Check;
PASSED_JSON.set(NOT_FOUND_CHECK, JSON.stringify(NOT_FOUND_CHECK));

/**
 * Whether a given text equals the stored one, in time that depends only on the stored text's
 * length, never on how much of the guess was right (the QR code is a secret; names are compared
 * the same way). Both sides NFC-normalised and trimmed.
 */
export function sameText(stored: string, given: string): boolean {
  const a = stored.normalize('NFC').trim();
  const b = given.normalize('NFC').trim();
  let diff = a.length ^ b.length;
  // past the end of b, charCodeAt gives NaN, which ^ turns into 0: a's own code stays in diff
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

type Row = CertificateLookupRow;
type MaybePromise<T> = T | Promise<T>;

/** INST-4/5 on the date of issue: filed then, not suspended or revoked then, the pair in scope then. */
const issuerCache = new Map<string, { check: Check; until: number }>();
const ISSUER_TTL_MS = 5 * 60_000;

function issuerCheck(deps: Deps, r: Row): MaybePromise<Check> {
  // the facts about a past date rarely change: cached briefly, bounded
  const key = `${r.institution_id}|${r.occupation_id}|${r.level}|${r.issued_on}`;
  const now = Date.now();
  const hit = issuerCache.get(key);
  if (hit && hit.until > now) return hit.check;
  return issuerFacts(deps, r, key, now);
}

async function issuerFacts(deps: Deps, r: Row, key: string, now: number): Promise<Check> {
  const endOfDay = `${r.issued_on}T23:59:59.999Z`;
  const f = await verifyStore(deps.database).issuer(r.institution_id, r.occupation_id, r.level, endOfDay);
  let c: Check;
  if (!f.filedAt || f.filedAt > endOfDay) c = check('institution_filed', false, '发证日期早于机构备案日期');
  else if (f.statusThen === 'suspended' || f.statusThen === 'revoked')
    c = check('institution_filed', false, `发证时机构处于${f.statusThen === 'revoked' ? '取消备案' : '暂停'}状态`);
  else if (!f.scopeGrantedAt || f.scopeGrantedAt > endOfDay)
    c = check('institution_filed', false, '发证时该职业等级不在机构备案的评价范围内');
  else c = PASSED.institution_filed;
  if (issuerCache.size > 100_000) issuerCache.clear();
  issuerCache.set(key, { check: c, until: now + ISSUER_TTL_MS });
  return c;
}

/** Forgets cached issuer facts (an institution's filing data was corrected). */
export function forgetIssuerFacts() {
  issuerCache.clear();
}

const STATUS_LABEL = { valid: '有效', suspended: '已暂停', revoked: '已撤销' } as const;

function details(deps: Deps, r: Row): MaskedCertificate {
  return {
    number: r.number,
    holderName: maskName(r.holder_name),
    holderIdNumber: maskedHolderId(personalData(deps.config), r.holder_id_number_enc),
    occupation: r.occupation_name,
    workType: r.work_type || null,
    level: r.level,
    levelLabel: levelLabel(r.level),
    institutionName: r.institution_name,
    filingNo: r.filing_no,
    issuedOn: r.issued_on,
    status: r.status,
    statusLabel: STATUS_LABEL[r.status],
  };
}

interface Judged {
  result: Exclude<VerifyResult, 'not_found'>;
  checks: Check[];
  certificate: MaskedCertificate;
}
/** The answer, typed by the contract's schema (the route documents it, the web page reads it). */
export type VerifyAnswer = VerifyResponse;
const NOT_FOUND: VerifyAnswer = Object.freeze({
  result: 'not_found',
  checks: [NOT_FOUND_CHECK],
  certificate: null,
  certificates: [],
});

/** The checks on a found certificate. Synchronous when the issuer facts and the seal are already known to this server. */
function judge(deps: Deps, r: Row, identityCheck: Check): MaybePromise<Judged> {
  const issuer = issuerCheck(deps, r);
  const seal = verifySeal(deps.database.read.db, r, r.seal, r.seal_kid, holderIdOpener(personalData(deps.config)));
  if (issuer instanceof Promise || seal instanceof Promise)
    return Promise.all([issuer, seal]).then(([i, s]) => judged(deps, r, identityCheck, i, s));
  return judged(deps, r, identityCheck, issuer, seal);
}

function judged(deps: Deps, r: Row, identityCheck: Check, issuer: Check, sealOk: boolean): Judged {
  const checks = [
    PASSED.exists,
    identityCheck,
    issuer,
    r.status === 'revoked' ? check('not_revoked', false, '证书已被撤销（CERT-12）') : PASSED.not_revoked,
    r.status === 'suspended' ? check('not_suspended', false, '证书已被暂停') : PASSED.not_suspended,
    sealOk ? PASSED.seal_intact : check('seal_intact', false, '证书数据与发证时的签章不符，可能被篡改'),
  ];
  const result =
    r.status === 'revoked'
      ? 'revoked'
      : r.status === 'suspended'
        ? 'suspended'
        : issuer.passed && sealOk
          ? 'valid'
          : 'invalid';
  return { result, checks, certificate: details(deps, r) };
}

const single = (v: Judged): VerifyAnswer => ({
  result: v.result,
  checks: v.checks,
  certificate: v.certificate,
  certificates: [v.certificate],
});

const limiters = new WeakMap<Deps['database'], RateLimiter>();
export function rateLimiter(database: Deps['database']): RateLimiter {
  let l = limiters.get(database);
  if (!l) limiters.set(database, (l = new RateLimiter(verifyStore(database))));
  return l;
}

/**
 * Counts a public query against the client (`clientKey`, per endpoint) and, when given, the identity it asks about;
 * throws RATE_LIMITED past either limit. Shared by certificate and credential verification.
 */
export function limitPublicQuery(deps: Deps, clientKey: string, identityKey?: string) {
  const window = Math.floor(deps.clock.now().getTime() / 60_000);
  const [byClient, byIdentity = 0] = rateLimiter(deps.database).hit(
    identityKey ? [clientKey, identityKey] : [clientKey],
    window,
  );
  if (byClient > deps.config.verifyPerClient || byIdentity > deps.config.verifyPerIdentity) {
    throw new AppError(
      'RATE_LIMITED',
      byIdentity > deps.config.verifyPerIdentity
        ? '对同一证书或证件的查询过于频繁，请一分钟后再试'
        : '查询过于频繁，请一分钟后再试',
    );
  }
}

/** Counts a public query against the identity it asks about alone (its client was counted before). */
function limitIdentity(deps: Deps, identityKey: string) {
  const window = Math.floor(deps.clock.now().getTime() / 60_000);
  const [byIdentity] = rateLimiter(deps.database).hit([identityKey], window);
  if (byIdentity > deps.config.verifyPerIdentity)
    throw new AppError('RATE_LIMITED', '对同一证书或证件的查询过于频繁，请一分钟后再试');
}

/**
 * Verifies a certificate. The hot path (by number, on SQLite, with the issuer and the seal
 * already checked by this server) runs without a single await.
 */
export function verifyCertificate(deps: Deps, client: string, q: VerifyQuery): MaybePromise<VerifyAnswer> {
  if ('idNumber' in q) return verifyByIdNumber(deps, client, q);
  if (!CERTIFICATE_NUMBER_RE.test(q.number)) {
    if ('code' in q) return NOT_FOUND;
    throw new AppError('VALIDATION_FAILED', '证书编号应为 22 位：首位 Y 或 S，其后 21 位数字（第 16 位为等级 1–5）', {
      details: [{ field: 'querystring:/number', message: '格式不正确' }],
    });
  }
  // certificate numbers are no personal data: the counter is keyed by the number itself
  limitPublicQuery(deps, `verify:c:${client}`, `verify:n:${q.number}`);
  const found = certificateLookup(deps.database).byNumber(q.number);
  return found instanceof Promise ? found.then((r) => answerByNumber(deps, q, r)) : answerByNumber(deps, q, found);
}

function answerByNumber(
  deps: Deps,
  q: Exclude<VerifyQuery, { idNumber: string }>,
  r: Row | undefined,
): MaybePromise<VerifyAnswer> {
  // the code is the secret: a wrong one answers exactly like an unknown number; so does a wrong name
  const byCode = 'code' in q;
  if (!r || !(byCode ? sameText(r.verify_code, q.code.toUpperCase()) : sameText(r.holder_name, q.name)))
    return NOT_FOUND;
  const v = judge(deps, r, byCode ? PASSED.code_matches : PASSED.name_matches);
  return v instanceof Promise ? v.then(single) : single(v);
}

async function verifyByIdNumber(
  deps: Deps,
  client: string,
  q: { idNumber: string; name: string; altcha?: string },
): Promise<VerifyAnswer> {
  // the client's limit first (a refused challenge costs the server one), then a few free look-ups
  // or a solved challenge, and only then the identity's limit, so unsolved requests never use it up
  limitPublicQuery(deps, `verify:c:${client}`);
  await passChallenge(deps, client, q.altcha);
  // an ID number is personal data: its counter and its look-up use the keyed hash, never the number
  const idNumberHash = personalData(deps.config).idNumberHash(normalizeIdNumber(q.idNumber));
  limitIdentity(deps, `verify:i:${idNumberHash.slice(0, 24)}`);
  const rows = await certificateLookup(deps.database).byIdNumberHash(idNumberHash);
  // an ID number alone never confirms anything: only rows whose name also matches are answered
  const mine = rows.filter((r) => sameText(r.holder_name, q.name));
  if (!mine.length) return NOT_FOUND;
  const judged = await Promise.all(mine.map((r) => judge(deps, r, PASSED.name_matches)));
  const first = judged[0];
  return {
    result: first.result,
    checks: first.checks,
    certificate: first.certificate,
    certificates: judged.map((j) => ({ ...j.certificate, result: j.result, checks: j.checks })),
  };
}

/**
 * The answer as JSON text, shaped as `VerifyResponse` (tests hold it to the schema). The hot
 * path: the passed checks are ready-made text, the masked details are serialised once even
 * though the answer carries them twice (`certificate` and `certificates[0]`).
 */
export function verifyAnswerJson(a: VerifyAnswer): string {
  if (!a.certificate)
    return `{"result":"${a.result}","checks":${checksJson(a.checks)},"certificate":null,"certificates":[]}`;
  const certificate = JSON.stringify(a.certificate);
  const list =
    a.certificates.length === 1 && a.certificates[0] === a.certificate
      ? certificate
      : JSON.stringify(a.certificates).slice(1, -1);
  return `{"result":"${a.result}","checks":${checksJson(a.checks)},"certificate":${certificate},"certificates":[${list}]}`;
}

function checksJson(checks: VerifyCheck[]): string {
  let out = '[';
  for (let i = 0; i < checks.length; i++)
    out += (i ? ',' : '') + (PASSED_JSON.get(checks[i]) ?? JSON.stringify(checks[i]));
  return `${out}]`;
}
