/**
 * Checking a credential someone pasted, offline, as a log of named checks: issued by this platform,
 * proof intact (verified by the VC ecosystem's own verifier), signed while its key was current,
 * not revoked or suspended (our status lists), within its validity.
 */
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import type { Deps } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { signingKey } from '../signing/signing.queries.js';
import { issuerDid } from './issuer.js';
import { documentLoader, messageValueAt } from './status-lists.service.js';
import { classifyDatabaseError } from '../../database/failures.js';

export interface CredentialCheck {
  key: 'proof' | 'key_valid' | 'issuer' | 'not_revoked' | 'not_suspended' | 'in_validity';
  label: string;
  passed: boolean;
  reason: string | null;
}

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

const STATUS_LABEL = { not_revoked: '未被撤销', not_suspended: '未被暂停' } as const;
const STATUS_REFUSAL = { not_revoked: '凭证已被撤销（CERT-12）', not_suspended: '凭证已被暂停' } as const;

async function decodedList(loader: ReturnType<typeof documentLoader>, url: string) {
  const list = (await loader(url)) as { document: { credentialSubject: { encodedList: string } } };
  return bsl.decodeList({ encodedList: list.document.credentialSubject.encodedList });
}

/**
 * Revocation and suspension from the status lists: one `message` entry (its 2-bit value: 1
 * suspended, 2 revoked) in credentials signed now, a `revocation` and a `suspension` entry in those
 * signed before.
 */
async function statusChecks(credential: unknown, loader: ReturnType<typeof documentLoader>) {
  const result = (key: keyof typeof STATUS_LABEL, passed: boolean, reason: string | null): CredentialCheck => ({
    key,
    label: STATUS_LABEL[key],
    passed,
    reason: passed ? null : (reason ?? STATUS_REFUSAL[key]),
  });
  const unreadable = (e: unknown) => {
    if (classifyDatabaseError(e)) throw e;
    return `无法读取状态列表：${e instanceof Error ? e.message : String(e)}`.slice(0, 200);
  };
  let message: { statusListIndex: string; statusListCredential: string } | null = null;
  try {
    message = bsl.getCredentialStatus({ credential, statusPurpose: 'message' });
  } catch {
    message = null; // signed before: two single-bit entries
  }
  if (message) {
    try {
      const value = messageValueAt(
        await decodedList(loader, message.statusListCredential),
        Number(message.statusListIndex),
      );
      const unknown = value > 2 ? `状态列表中的状态值 ${value} 无定义` : null;
      return [
        result('not_revoked', value !== 2 && !unknown, unknown),
        result('not_suspended', value !== 1 && !unknown, unknown),
      ];
    } catch (e) {
      const why = unreadable(e);
      return [result('not_revoked', false, why), result('not_suspended', false, why)];
    }
  }
  const checks: CredentialCheck[] = [];
  for (const purpose of ['revocation', 'suspension'] as const) {
    const key = purpose === 'revocation' ? 'not_revoked' : 'not_suspended';
    try {
      const entry = bsl.getCredentialStatus({ credential, statusPurpose: purpose });
      const set = (await decodedList(loader, entry.statusListCredential)).getStatus(Number(entry.statusListIndex));
      checks.push(result(key, !set, null));
    } catch (e) {
      checks.push(result(key, false, unreadable(e)));
    }
  }
  return checks;
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
    // the database failing is not the credential's fault, and its words never reach the caller
    if (classifyDatabaseError(e)) throw e;
    reason = `无法校验：${e instanceof Error ? e.message : String(e)}`.slice(0, 300);
  }
  checks.push({ key: 'proof', label: '签名完整（eddsa-rdfc-2022）', passed: proofOk, reason });
  checks.push(await signingKeyCheck(deps, did, (credential as { proof?: unknown }).proof));
  checks.push(...(await statusChecks(credential, loader)));
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
