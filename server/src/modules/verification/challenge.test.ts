/**
 * Issue 11, finding 8: an ID number + name confirms a person who holds no certificate number, so
 * beyond a client's few free look-ups each one needs a solved proof-of-work challenge (altcha,
 * self-hosted), each solution used once. Solved here with altcha-lib's own solver. Look-ups by
 * certificate number are never challenged.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { Value } from '@sinclair/typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import {
  ChallengeRequiredSchema,
  VerifyChallengeSchema,
  VerifyResponseSchema,
  type VerifyChallenge,
} from '../../../../contract/api-verification.js';
import { DEMO_CERTIFICATE } from '../../seed/demo.js';
import { CHALLENGE_ALGORITHM, CHALLENGE_COST, clientNetwork } from './challenge.js';
import { personalData } from '../../lib/personal-data.js';

const FREE = 3;

async function solve(challenge: VerifyChallenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  expect(solution).not.toBeNull();
  return Buffer.from(
    JSON.stringify({ challenge, solution: { counter: solution!.counter, derivedKey: solution!.derivedKey } }),
  ).toString('base64');
}

describe(`proof-of-work challenge for look-ups by ID number + name (${TEST_DB})`, () => {
  let p: TestPlatform;
  let person: { number: string; holder_name: string; holder_id_number: string };
  let ipSeq = 0;
  /** a client of its own, so each test starts with its free look-ups */
  const newClient = () => `198.51.100.${++ipSeq}`;
  const verify = async (qs: Record<string, string>, ip: string) => {
    const r = await p.app.inject({
      method: 'GET',
      url: `/api/public/verify?${new URLSearchParams(qs)}`,
      remoteAddress: ip,
    });
    return { status: r.statusCode, body: JSON.parse(r.body), text: r.body };
  };
  const byId = (ip: string, altcha?: string, name = person.holder_name, idNumber = person.holder_id_number) =>
    verify(altcha ? { idNumber, name, altcha } : { idNumber, name }, ip);
  /** uses up a client's free look-ups; the next one is challenged */
  const useFree = async (ip: string) => {
    for (let i = 0; i < FREE; i++) expect((await byId(ip)).status).toBe(200);
  };
  const challenged = async (ip: string): Promise<VerifyChallenge> => {
    const r = await byId(ip);
    expect(r.status).toBe(428);
    return r.body.challenge;
  };

  beforeAll(async () => {
    p = await createTestPlatform({
      verifyPerClient: 1000,
      verifyPerIdentity: 1000,
      verifyFreeIdLookups: FREE,
      verifyFreeIdWindowMinutes: 60,
      verifyChallengeMaxNumber: 30, // quick to solve in a test; the real difficulty is tuned in bench/challenge.ts
    });
    const { holder_id_number_enc, ...row } = await p.deps.db
      .selectFrom('certificates')
      .select(['number', 'holder_name', 'holder_id_number_enc'])
      .where('status', '=', 'valid')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    // stored sealed: the test asks with the number as the holder knows it
    person = {
      ...row,
      holder_id_number: personalData(p.deps.config).openIdNumber('certificates.holder_id_number', holder_id_number_enc),
    };
  });
  afterAll(async () => p?.close());

  it('the first look-ups by ID number + name of a client are free; the next answers 428 CHALLENGE_REQUIRED with a fresh challenge', async () => {
    const ip = newClient();
    await useFree(ip);
    const r = await byId(ip);
    expect(r.status).toBe(428);
    expect(r.body.error.code).toBe('CHALLENGE_REQUIRED');
    expect(r.body.error.message).toMatch(/安全验证/);
    expect([...Value.Errors(ChallengeRequiredSchema, r.body)].map((e) => `${e.path} ${e.message}`)).toEqual([]);
    const c = r.body.challenge as VerifyChallenge;
    expect(c.parameters).toMatchObject({ algorithm: CHALLENGE_ALGORITHM, cost: CHALLENGE_COST });
    expect(c.parameters.expiresAt! * 1000).toBeGreaterThan(p.clock.now().getTime());
    expect(c.signature).toMatch(/^[0-9a-f]{64}$/);
    // a fresh one each time
    expect((await challenged(ip)).signature).not.toBe(c.signature);
    // the refusal says nothing about the person asked about: an unknown ID answers alike
    const unknown = await byId(ip, undefined, '不存在', '110105194912310029');
    expect(unknown.status).toBe(428);
    expect({ ...unknown.body.error, requestId: 0 }).toEqual({ ...r.body.error, requestId: 0 });
    expect(Object.keys(unknown.body.challenge.parameters).sort()).toEqual(Object.keys(c.parameters).sort());
    expect(r.text).not.toContain(person.holder_id_number);
  });

  it('a solved challenge lets the look-up through, and the answer says no more than the certificates themselves, masked', async () => {
    const ip = newClient();
    await useFree(ip);
    const r = await byId(ip, await solve(await challenged(ip)));
    expect(r.status).toBe(200);
    expect([...Value.Errors(VerifyResponseSchema, r.body)]).toEqual([]);
    expect(Value.Clean(VerifyResponseSchema, structuredClone(r.body))).toEqual(r.body);
    expect(r.body.result).toBe('valid');
    expect(r.body.certificates.length).toBeGreaterThanOrEqual(1);
    expect(r.text).not.toContain(person.holder_id_number);
    expect(r.text).not.toContain(`"${person.holder_name}"`);
    // each certificate listed is exactly what its own number + name look-up shows, nothing more
    for (const cert of r.body.certificates) {
      const { result, checks, ...masked } = cert;
      const own = await verify({ number: cert.number, name: person.holder_name }, newClient());
      expect(masked).toEqual(own.body.certificate);
      expect({ result, checks }).toEqual({ result: own.body.result, checks: own.body.checks });
      expect(masked.holderName).toMatch(/^.\*+$/u);
      expect(masked.holderIdNumber).toMatch(/^\d{3}\*{11}\d{3}[\dX]$/);
    }
  });

  it('a not-found answer behind a solved challenge is identical for no such person and for a wrong name', async () => {
    const ip = newClient();
    await useFree(ip);
    const wrongName = await byId(ip, await solve(await challenged(ip)), '不是本人');
    const noPerson = await byId(ip, await solve(await challenged(ip)), '不是本人', '110105194912310029');
    expect(wrongName.status).toBe(200);
    expect(wrongName.body).toEqual(noPerson.body);
    expect(wrongName.body).toMatchObject({ result: 'not_found', certificate: null, certificates: [] });
  });

  it('a replayed solution is refused (403 CHALLENGE_INVALID with a fresh challenge): the used one is kept in the database', async () => {
    const ip = newClient();
    await useFree(ip);
    const challenge = await challenged(ip);
    const payload = await solve(challenge);
    expect((await byId(ip, payload)).status).toBe(200);
    const again = await byId(ip, payload);
    expect(again.status).toBe(403);
    expect(again.body.error).toMatchObject({ code: 'CHALLENGE_INVALID', message: expect.stringContaining('已使用') });
    expect([...Value.Errors(ChallengeRequiredSchema, again.body)]).toEqual([]);
    // from another client too
    expect((await byId(newClient(), payload)).status).toBe(403);
    const spent = await p.deps.db
      .selectFrom((p.dialect === 'sqlite' ? 'rl.spent_challenges' : 'spent_challenges') as 'spent_challenges')
      .select(['signature', 'expires_at'])
      .where('signature', '=', challenge.signature)
      .executeTakeFirstOrThrow();
    expect(Number(spent.expires_at)).toBe(challenge.parameters.expiresAt);
  });

  it('an expired challenge is refused, even solved', async () => {
    const ip = newClient();
    await useFree(ip);
    const payload = await solve(await challenged(ip));
    p.clock.advanceMinutes(11);
    try {
      const r = await byId(ip, payload);
      expect(r.status).toBe(403);
      expect(r.body.error).toMatchObject({ code: 'CHALLENGE_INVALID', message: expect.stringContaining('过期') });
    } finally {
      p.clock.advanceMinutes(-11);
    }
  });

  it('a challenge signed with another key, a tampered one, a wrong solution and garbage are refused', async () => {
    const ip = newClient();
    await useFree(ip);
    const expiresAt = Math.floor(p.clock.now().getTime() / 1000) + 300;
    const foreign = (await createChallenge({
      algorithm: CHALLENGE_ALGORITHM,
      cost: CHALLENGE_COST,
      counter: 3,
      deriveKey,
      expiresAt,
      hmacSignatureSecret: 'not the platform secret',
      hmacKeySignatureSecret: 'nor this',
    })) as VerifyChallenge;
    const refused = async (payload: string) => {
      const r = await byId(ip, payload);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('CHALLENGE_INVALID');
      expect(r.body.challenge.signature).toMatch(/^[0-9a-f]{64}$/);
      return r.body.error.message as string;
    };
    expect(await refused(await solve(foreign))).toContain('未通过');
    // a genuine challenge, solved, its expiry pushed back: the signature no longer fits
    const genuine = await challenged(ip);
    const solved = await solve(genuine);
    const decoded = JSON.parse(Buffer.from(solved, 'base64').toString());
    decoded.challenge.parameters.expiresAt += 3600;
    expect(await refused(Buffer.from(JSON.stringify(decoded)).toString('base64'))).toContain('未通过');
    // a genuine challenge, a made-up solution
    const made = Buffer.from(
      JSON.stringify({ challenge: genuine, solution: { counter: 0, derivedKey: '00'.repeat(32) } }),
    ).toString('base64');
    expect(await refused(made)).toContain('未通过');
    expect(await refused('bm90IGpzb24')).toContain('格式');
    // none of these used the genuine one up
    expect((await byId(ip, solved)).status).toBe(200);
  });

  it('GET /api/public/verify/challenge serves a challenge that a look-up can use', async () => {
    const ip = newClient();
    const r = await p.app.inject({ method: 'GET', url: '/api/public/verify/challenge', remoteAddress: ip });
    expect(r.statusCode).toBe(200);
    const challenge = JSON.parse(r.body);
    expect([...Value.Errors(VerifyChallengeSchema, challenge)]).toEqual([]);
    await useFree(ip);
    expect((await byId(ip, await solve(challenge))).status).toBe(200);
  });

  it('look-ups by certificate number + name (and the QR code) are never challenged', async () => {
    const ip = newClient();
    await useFree(ip);
    expect((await byId(ip)).status).toBe(428);
    for (let i = 0; i < 10; i++) {
      const r = await verify({ number: DEMO_CERTIFICATE, name: '刘洋' }, ip);
      expect(r.status).toBe(200);
      expect(r.body.result).toBe('valid');
    }
    // and a stray altcha parameter beside them changes nothing
    expect((await verify({ number: DEMO_CERTIFICATE, name: '刘洋', altcha: 'x' }, ip)).status).toBe(200);
  });

  it('the free look-ups come back in the next window; an IPv6 client is counted by its /64', async () => {
    const ip = newClient();
    await useFree(ip);
    expect((await byId(ip)).status).toBe(428);
    p.clock.advanceMinutes(61);
    expect((await byId(ip)).status).toBe(200);
    // two addresses of one /64 share the free look-ups; another /64 has its own
    const a = '2001:db8:1:2::1';
    const b = '2001:db8:1:2:ffff:1:2:3';
    for (let i = 0; i < FREE; i++) expect((await byId(i % 2 ? a : b)).status).toBe(200);
    expect((await byId(b)).status).toBe(428);
    expect((await byId('2001:db8:1:3::1')).status).toBe(200);
  });

  it('the HMAC secret is created at random in the key directory (0600), or taken from VERIFY_CHALLENGE_SECRET', async () => {
    const file = path.join(p.deps.config.keyDir, 'verify-challenge-hmac.secret');
    const stat = fs.statSync(file);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(fs.readFileSync(file, 'utf8').length).toBeGreaterThanOrEqual(32);
    // another platform with its own key directory does not accept this one's challenges …
    const ip = newClient();
    await useFree(ip);
    const payload = await solve(await challenged(ip));
    const other = await createTestPlatform({ verifyFreeIdLookups: 0, verifyChallengeMaxNumber: 30 });
    const shared = await createTestPlatform({
      verifyFreeIdLookups: 0,
      verifyChallengeSecret: 'a shared secret of the app servers',
    });
    try {
      const call = (q: TestPlatform, altcha?: string) =>
        q.app.inject({
          method: 'GET',
          url: `/api/public/verify?${new URLSearchParams({ idNumber: '110105194912310029', name: '某人', ...(altcha ? { altcha } : {}) })}`,
        });
      expect((await call(other)).statusCode).toBe(428); // no free look-ups there
      expect((await call(other, payload)).statusCode).toBe(403);
      // … app servers sharing VERIFY_CHALLENGE_SECRET accept each other's
      const c = JSON.parse((await call(shared)).body).challenge;
      const mirror = await createTestPlatform({
        verifyFreeIdLookups: 0,
        verifyChallengeSecret: 'a shared secret of the app servers',
      });
      try {
        expect((await call(mirror, await solve(c))).statusCode).toBe(200);
      } finally {
        await mirror.close();
      }
    } finally {
      await other.close();
      await shared.close();
    }
  }, 120_000);
});

describe('clientNetwork', () => {
  it('keeps IPv4 addresses, unwraps IPv4-mapped ones and cuts IPv6 to its /64', () => {
    expect(clientNetwork('203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('::ffff:203.0.113.7')).toBe('203.0.113.7');
    expect(clientNetwork('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(clientNetwork('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientNetwork('::1')).toBe('0:0:0:0::/64');
    expect(clientNetwork('unknown')).toBe('unknown');
  });
});
