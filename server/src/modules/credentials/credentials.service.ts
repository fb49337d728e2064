/**
 * Portable signed credentials: every certificate is also an Open Badges 3.0 credential (a W3C
 * Verifiable Credential 2.0) with a Data Integrity proof (`eddsa-rdfc-2022`, Ed25519), issued by
 * the platform's `did:web` (`issuer.ts`), its revocation and suspension published as Bitstring
 * Status Lists (`status-lists.service.ts`). Signing (RDF canonicalisation) runs in the background,
 * in a worker thread (`signing-task.ts`), and never holds up issuance, verification or anyone else.
 */
import { createHash } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Transaction } from 'kysely';
import { levelLabel } from '../../../../contract/levels.js';
import type { DB } from '../../database/schema.js';
import type { Deps, RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { recordAuditNow } from '../audit/audit.service.js';
import type { CertificateChange } from '../certificates/certificate-listeners.js';
import {
  certificateById,
  certificatesAwaitingCredential,
  certificatesByIds,
} from '../certificates/certificates.queries.js';
import { visibleCertificate } from '../certificates/certificates.service.js';
import { credentialBacklog } from '../certificates/certificates.queries.js';
import { durationZh, expectedSigningTime } from './signing-rate.js';
import {
  claimCredentials,
  recordSigningBatch,
  signingBatchesSince,
  credentialJsonOf,
  credentialsToReissue,
  dropCredential,
  dropStatusLists,
  storeReissuedCredential,
  storeSignedCredentials,
} from './credentials.queries.js';
import { runTask } from '../../lib/workers.js';
import { issuerDid, OB_V3, signingMaterial, type SigningMaterial, VC_V2 } from './issuer.js';
import { personalData } from '../../lib/personal-data.js';
import { holderIdOpener } from '../certificates/holder-id.js';
import { SIGN_CREDENTIALS } from './signing-task.js';
import { LIST_SIZE, messageListPosition, STATUS_MESSAGES, STATUS_SIZE, statusUrl } from './status-lists.service.js';
import { occupationWithWorkType } from '../../../../contract/certificate-wording.js';

type CertForCredential = {
  id: number;
  number: string;
  holder_name: string;
  holder_id_number: string;
  institution_name: string;
  filing_no: string;
  occupation_code: string;
  occupation_name: string;
  work_type: string | null;
  level: number;
  issued_on: string;
  pathway: string;
};

/** The unsigned Open Badges 3.0 credential of a certificate. */
export function buildCredential(deps: Deps, c: CertForCredential) {
  const did = issuerDid(deps.config.publicBaseUrl);
  const { listId, index } = messageListPosition(c.id);
  const salt = createHash('sha256').update(`${c.number}|skillcert`).digest('hex').slice(0, 16);
  // one entry (Open Badges 3.0 allows one) that carries both revocation and suspension
  const status = {
    id: `${statusUrl(deps, listId, 'message')}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: 'message',
    statusListIndex: String(index),
    statusSize: STATUS_SIZE,
    statusMessage: STATUS_MESSAGES,
    statusListCredential: statusUrl(deps, listId, 'message'),
  };
  const institution = {
    id: `urn:skillcert:institution:${c.filing_no}`,
    type: ['Profile'],
    name: c.institution_name,
    description: `评价机构，备案号 ${c.filing_no}`,
  };
  return {
    '@context': [VC_V2, OB_V3],
    id: `urn:skillcert:certificate:${c.number}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: `职业技能等级证书 ${c.number}`,
    issuer: { id: did, type: ['Profile'], name: '技能人才评价与证书管理平台', url: deps.config.publicBaseUrl },
    validFrom: `${c.issued_on}T00:00:00Z`,
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: c.holder_name },
        {
          type: 'IdentityObject',
          identityType: 'nationalIdentityNumber',
          hashed: true,
          salt,
          identityHash: `sha256$${createHash('sha256')
            .update(c.holder_id_number + salt)
            .digest('hex')}`,
        },
      ],
      achievement: {
        id: `urn:skillcert:achievement:${c.occupation_code}:${c.level}`,
        type: ['Achievement'],
        achievementType: 'Certificate',
        name: `${c.occupation_name} ${levelLabel(c.level)}`,
        description: `职业技能等级证书：${occupationWithWorkType(c.occupation_name, c.work_type)} ${levelLabel(c.level)}，证书编号 ${c.number}`,
        criteria: {
          narrative:
            c.pathway === 'exam'
              ? '理论知识考试和操作技能考核均合格'
              : `经${{ recognition: '1+X 证书直接认定', process: '过程化考核', competition: '职业技能竞赛', enterprise: '企校合作评价' }[c.pathway] ?? '评价'}取得`,
        },
        creator: institution,
        alignment: [
          {
            type: ['Alignment'],
            targetName: c.occupation_name,
            targetCode: c.occupation_code,
            targetFramework: '中华人民共和国职业分类大典',
            targetUrl: `urn:skillcert:occupation:${c.occupation_code}`,
            targetType: 'ext:Occupation',
          },
        ],
      },
    },
    credentialStatus: status,
  };
}

type StoredCertificate = Omit<CertForCredential, 'holder_id_number'> & { holder_id_number_enc: string };

/**
 * Signs certificates' credentials: each built here, on the main thread (the holder's number is
 * opened where the data keys are, and the credential carries only its salted digest), all signed
 * together in a worker thread (`signing-task.ts`: RDF canonicalisation is tens of milliseconds of
 * CPU each). The proof goes into an array, as the Open Badges 3.0 schema takes it (a proof set of
 * one); the signature is the same either way. Returned in the order given, each as the JSON text
 * to store (the worker serialises it).
 */
export async function signCertificateCredentials(
  deps: Deps,
  certs: StoredCertificate[],
  key: SigningMaterial,
): Promise<string[]> {
  if (!certs.length) return [];
  const open = holderIdOpener(personalData(deps.config));
  const unsigned = certs.map((c) => buildCredential(deps, { ...c, holder_id_number: open(c.holder_id_number_enc) }));
  // split over the worker threads, so signing scales with the cores (each thread canonicalises its share)
  const threads = signingThreads(deps);
  const share = Math.ceil(unsigned.length / threads);
  const parts: object[][] = [];
  for (let i = 0; i < unsigned.length; i += share) parts.push(unsigned.slice(i, i + share));
  return (await Promise.all(parts.map((part) => runTask(deps, SIGN_CREDENTIALS, key, part, true)))).flat();
}

/** Threads signing runs on: the worker pool's (one without a pool: the task runs inline). */
export const signingThreads = (deps: Deps) => (deps.workers ? deps.workers.options.threads : 1);

/** Credentials one background run claims per signing thread (a few seconds of work each). */
export const SIGNING_SHARE = 25;

/**
 * Background work, run by every app server: claims certificates without a credential, one at a
 * time, and signs them; returns how many it signed. The run is recorded (when, how many, on how
 * many threads): the measured rate behind every expected time (`signingBacklog`). A claim is a lease of `credentialLeaseSeconds`
 * (one signing takes well under a second): another server leaves a claimed certificate alone until
 * the lease runs out, then takes it over (the claimant died), and only the holder of the current
 * claim stores — each certificate is signed into the table by exactly one server.
 */
export async function signPendingCredentials(
  deps: Deps,
  limit = SIGNING_SHARE * signingThreads(deps),
): Promise<number> {
  const startedAt = deps.clock.now().toISOString();
  const staleClaim = () =>
    new Date(deps.clock.now().getTime() - deps.config.credentialLeaseSeconds * 1000).toISOString();
  const pending = await certificatesAwaitingCredential(deps.db, staleClaim(), limit);
  if (!pending.length) return reissueOutdatedCredentials(deps, limit);
  // claim: another app server that got here first wins (primary key), or a stale claim is retaken;
  // the batch in one statement and its stores in another (one commit each: on SQLite every commit
  // is an fsync that holds up the request thread, tens of milliseconds on a busy disk)
  const claimedAt = deps.clock.now().toISOString();
  const ids = await claimCredentials(deps.db, pending, claimedAt, staleClaim());
  if (!ids.length) return 0;
  const claimed = await certificatesByIds(deps.db, ids);
  if (claimed.length !== ids.length) throw new Error(`a certificate vanished while being signed (${ids.join(', ')})`);
  // the request thread's share in short turns: on SQLite each query above and the store below runs
  // synchronously, so a batch read, built and stored in one go would hold every request behind it
  await nextTurn();
  // the signatures in a worker thread; the claims and the stores here, each only while its claim holds
  const key = await signingMaterial(deps);
  const signed = await signCertificateCredentials(deps, claimed, key);
  await nextTurn();
  const stored = await storeSignedCredentials(
    deps.db,
    claimed.map((c, i) => ({ certificateId: c.id, json: signed[i] })),
    key.kid,
    deps.clock.now().toISOString(),
    claimedAt,
  );
  const finishedAt = deps.clock.now();
  if (stored)
    await recordSigningBatch(
      deps.db,
      { started_at: startedAt, finished_at: finishedAt.toISOString(), signed: stored, threads: signingThreads(deps) },
      new Date(finishedAt.getTime() - 86_400_000).toISOString(),
    );
  return stored;
}

/** The recent past the signing rate is measured over. */
const RATE_WINDOW_MS = 15 * 60_000;

/**
 * The signing backlog: credentials still to sign (`pending`, `ahead` of certificate `beforeId`),
 * how far it has come since its oldest pending certificate was issued (`done` of `total`), and
 * the expected time to sign it all and to reach that certificate, from the rate the signers
 * measured in their recent batches (null until they have signed enough to measure one).
 */
export async function signingBacklog(deps: Deps, beforeId?: number) {
  const backlog = await credentialBacklog(deps.db, beforeId);
  const now = deps.clock.now().getTime();
  const recent = await signingBatchesSince(deps.db, new Date(now - RATE_WINDOW_MS).toISOString());
  const done = backlog.oldest
    ? (await signingBatchesSince(deps.db, backlog.oldest)).reduce((a, b) => a + b.signed, 0)
    : 0;
  const all = expectedSigningTime(recent, backlog.pending);
  const mine = expectedSigningTime(recent, backlog.ahead + 1);
  return {
    pending: backlog.pending,
    done,
    total: done + backlog.pending,
    ahead: backlog.ahead,
    ratePerSecond: all.ratePerSecond === null ? null : Math.round(all.ratePerSecond * 10) / 10,
    expectedSeconds: all.seconds,
    expectedSecondsForThis: beforeId === undefined ? null : mine.seconds,
  };
}

/** The backlog in a sentence: how far it has come, and when it will be done at the measured rate. */
export function backlogSentence(b: Awaited<ReturnType<typeof signingBacklog>>, forOne: boolean): string {
  const progress = `签发队列已完成 ${b.done} / ${b.total} 份`;
  const seconds = forOne ? b.expectedSecondsForThis : b.expectedSeconds;
  if (seconds === null) return `${progress}，签发速度尚未测得`;
  return `${progress}，按最近每秒 ${b.ratePerSecond} 份的速度，${forOne ? '本证书的凭证' : '全部'}预计${durationZh(seconds)}后签好`;
}

/**
 * Background work once nothing is pending: signs afresh, in the current shape, credentials signed
 * in an older one (migration 0024 queued them). The old copy is served until the new one replaces
 * it, and copies handed out keep verifying (their status lists are still published).
 */
export async function reissueOutdatedCredentials(deps: Deps, limit = 100): Promise<number> {
  const queued = await credentialsToReissue(deps.db, limit);
  if (!queued.length) return 0;
  const todo: { certificateId: number; signedAt: string | null; cert?: StoredCertificate }[] = [];
  for (const q of queued)
    // a credential dropped meanwhile (corrected) is signed as pending work, in the current shape
    todo.push({ ...q, cert: q.signedAt ? await certificateById(deps.db, q.certificateId) : undefined });
  const key = await signingMaterial(deps);
  // the signatures in a worker thread, all at once; the stores here
  const certs = todo.flatMap((t) => (t.cert ? [t.cert] : []));
  const signed = await signCertificateCredentials(deps, certs, key);
  const byId = new Map(certs.map((c, i) => [c.id, signed[i]]));
  let stored = 0;
  for (const { certificateId, signedAt, cert } of todo) {
    const json = cert ? byId.get(cert.id)! : null;
    if (await storeReissuedCredential(deps.db, certificateId, signedAt, json, key.kid, deps.clock.now().toISOString()))
      stored++;
  }
  return stored;
}

/** The signed Open Badges 3.0 credential of a certificate the actor may see. */
export async function certificateCredential(deps: Deps, ctx: RequestContext, id: number) {
  await visibleCertificate(deps, ctx, id);
  const json = await credentialJsonOf(deps.db, id);
  if (!json) {
    const backlog = await signingBacklog(deps, id);
    throw new AppError('CREDENTIAL_PENDING', `数字凭证正在后台签发：${backlogSentence(backlog, true)}，请稍后再试`);
  }
  await recordAuditNow(deps, ctx, {
    action: 'certificate.credential_download',
    objectType: 'certificate',
    objectId: id,
  });
  return JSON.parse(json) as Record<string, unknown>;
}

/**
 * Follows certificate changes (registered with certificates at app start), inside their
 * transaction: a status change drops its range's status lists, a correction drops its credential;
 * both are signed afresh (the lists on the next request, the credential in the background).
 */
export async function followCertificateChange(trx: Transaction<DB>, certificateId: number, change: CertificateChange) {
  if (change === 'status') await dropStatusLists(trx, Math.floor(certificateId / LIST_SIZE));
  else if (change === 'corrected') await dropCredential(trx, certificateId);
}
