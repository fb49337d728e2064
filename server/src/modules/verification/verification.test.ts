/**
 * Public verification: the named checks for valid, revoked, suspended, tampered and rotated-key
 * certificates; not found and wrong name alike; an ID number never confirmed without its name;
 * rate limits; and a scan of every public answer for unmasked personal data.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, json, loginAs, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { DEMO_CERTIFICATE } from '../../seed/demo.js';
import { rotateSigningKey } from '../signing/signing-keys.js';
import { Value } from '@sinclair/typebox/value';
import { VerifyResponseSchema as VerifyResponse } from '../../../../contract/api-verification.js';
import { forgetIssuerFacts } from './verification.service.js';

describe(`public verification (${TEST_DB})`, () => {
  let p: TestPlatform;
  const bodies: string[] = [];
  const verify = async (qs: Record<string, string>, ip = '203.0.113.7') => {
    const r = await p.app.inject({
      method: 'GET',
      url: `/api/public/verify?${new URLSearchParams(qs)}`,
      remoteAddress: ip,
    });
    bodies.push(r.body);
    const body = JSON.parse(r.body);
    // the answer is serialised by hand on the hot path: it must still be what the OpenAPI says
    if (r.statusCode === 200) {
      expect([...Value.Errors(VerifyResponse, body)].map((e) => `${e.path} ${e.message}`)).toEqual([]);
      expect(Value.Clean(VerifyResponse, structuredClone(body))).toEqual(body); // and nothing beyond it
    }
    return { status: r.statusCode, body };
  };
  let other: { id: number; number: string; holder_name: string; holder_id_number: string; verify_code: string };

  beforeAll(async () => {
    p = await createTestPlatform({ verifyPerClient: 1000, verifyPerIdentity: 1000 });
    other = await p.deps.db
      .selectFrom('certificates')
      .select(['id', 'number', 'holder_name', 'holder_id_number', 'verify_code'])
      .where('status', '=', 'valid')
      .where('holder_name', '!=', '刘洋')
      .orderBy('id')
      .executeTakeFirstOrThrow();
  });
  afterAll(async () => p?.close());

  it('a valid certificate by number + name: every named check passes, details masked', async () => {
    const r = await verify({ number: DEMO_CERTIFICATE, name: '刘洋' });
    expect(r.status).toBe(200);
    expect(r.body.result).toBe('valid');
    expect(r.body.checks.map((c: any) => [c.key, c.passed])).toEqual([
      ['exists', true],
      ['name_matches', true],
      ['institution_filed', true],
      ['not_revoked', true],
      ['not_suspended', true],
      ['seal_intact', true],
    ]);
    expect(r.body.certificate).toMatchObject({
      number: DEMO_CERTIFICATE,
      holderName: '刘*',
      occupation: '电工',
      levelLabel: '四级/中级工',
      institutionName: '郑州智能制造职业学院',
      statusLabel: '有效',
    });
    expect(r.body.certificate.holderIdNumber).toMatch(/^410\*{11}\d{3}[\dX]$/);
    // no work type on this certificate: the field is left out, never a "--" placeholder
    expect(r.body.certificate).not.toHaveProperty('workType');
  });

  it('unknown number and wrong name answer exactly alike', async () => {
    const wrongName = await verify({ number: DEMO_CERTIFICATE, name: '张三' });
    const unknown = await verify({ number: 'Y000041000001254999999', name: '刘洋' });
    expect(wrongName.body).toEqual(unknown.body);
    expect(wrongName.body).toMatchObject({
      result: 'not_found',
      certificate: null,
      checks: [{ key: 'exists', passed: false }],
    });
    expect((await verify({ number: 'NOT-A-NUMBER', name: '刘洋' })).body.error.code).toBe('VALIDATION_FAILED');
    expect((await verify({ name: '刘洋' })).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('by ID number + name: only a matching name confirms anything', async () => {
    const ok = await verify({ idNumber: other.holder_id_number, name: other.holder_name });
    expect(ok.body.result).toBe('valid');
    expect(ok.body.certificates.length).toBeGreaterThanOrEqual(1);
    const noName = await verify({ idNumber: other.holder_id_number, name: '不是本人' });
    const noId = await verify({ idNumber: '110105194912310029', name: '不是本人' });
    expect(noName.body).toEqual(noId.body);
  });

  it('the QR link: number + the per-certificate code, no name needed; a wrong code looks like an unknown number', async () => {
    const ok = await verify({ number: other.number, code: other.verify_code });
    expect(ok.body.result).toBe('valid');
    expect(ok.body.checks[1]).toMatchObject({ key: 'code_matches', passed: true });
    const bad = await verify({ number: other.number, code: 'AAAAAAAAAA' });
    const unknown = await verify({ number: 'Y000041000001254999999', code: other.verify_code });
    expect(bad.body).toEqual(unknown.body);
  });

  it('CERT-12: revoked and suspended certificates answer so, with the failed check named', async () => {
    const cookie = await loginAs(p.app, 'school-admin');
    const mine = json(
      await p.app.inject({ method: 'GET', url: '/api/certificates?pageSize=5', headers: { cookie } }),
    ).items.filter((c: any) => c.holderName !== '刘洋');
    await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${mine[0].id}/status`,
      headers: { cookie },
      payload: { action: 'revoke', reason: '成绩造假' },
    });
    await p.app.inject({
      method: 'POST',
      url: `/api/certificates/${mine[1].id}/status`,
      headers: { cookie },
      payload: { action: 'suspend', reason: '核查中' },
    });
    const rev = await verify({
      number: mine[0].number,
      name: (
        await p.deps.db
          .selectFrom('certificates')
          .select('holder_name')
          .where('id', '=', mine[0].id)
          .executeTakeFirstOrThrow()
      ).holder_name,
    });
    expect(rev.body.result).toBe('revoked');
    expect(rev.body.checks.find((c: any) => c.key === 'not_revoked')).toMatchObject({
      passed: false,
      reason: expect.stringContaining('撤销'),
    });
    expect(rev.body.certificate.statusLabel).toBe('已撤销');
    const sus = await verify({
      number: mine[1].number,
      name: (
        await p.deps.db
          .selectFrom('certificates')
          .select('holder_name')
          .where('id', '=', mine[1].id)
          .executeTakeFirstOrThrow()
      ).holder_name,
    });
    expect(sus.body.result).toBe('suspended');
  });

  it('a certificate altered in the database fails the seal check; a rotated key keeps old seals valid', async () => {
    const kidBefore = (
      await p.deps.db.selectFrom('certificates').select('seal_kid').where('id', '=', other.id).executeTakeFirstOrThrow()
    ).seal_kid;
    await rotateSigningKey(p.deps.db, p.deps.config.keyDir);
    expect((await verify({ number: other.number, name: other.holder_name })).body.result).toBe('valid');
    const keys = await p.deps.db.selectFrom('signing_keys').select(['kid', 'retired_at']).execute();
    expect(keys.find((k) => k.kid === kidBefore)?.retired_at).not.toBeNull();
    await sql`update certificates set occupation_name = ${'伪造职业'}, level = 1 where id = ${other.id}`.execute(
      p.deps.db,
    );
    const r = await verify({ number: other.number, name: other.holder_name });
    expect(r.body.result).toBe('invalid');
    expect(r.body.checks.find((c: any) => c.key === 'seal_intact')).toMatchObject({
      passed: false,
      reason: expect.stringContaining('篡改'),
    });
  });

  it('a signed field changed after this server checked the seal is still caught (the checked-seal cache compares every field)', async () => {
    const c = await p.deps.db
      .selectFrom('certificates')
      .select(['id', 'number', 'holder_name', 'holder_id_number'])
      .where('status', '=', 'valid')
      .where('id', '!=', other.id)
      .orderBy('id')
      .limit(1)
      .offset(3)
      .executeTakeFirstOrThrow();
    expect((await verify({ number: c.number, name: c.holder_name })).body.result).toBe('valid');
    // the ID number is sealed but never shown: only the seal can notice it changed
    await p.deps.db
      .updateTable('certificates')
      .set({ holder_id_number: '11010519491231002X' })
      .where('id', '=', c.id)
      .execute();
    const r = await verify({ number: c.number, name: c.holder_name });
    expect(r.body.result).toBe('invalid');
    expect(r.body.checks.find((x: any) => x.key === 'seal_intact')).toMatchObject({ passed: false });
    await p.deps.db
      .updateTable('certificates')
      .set({ holder_id_number: c.holder_id_number })
      .where('id', '=', c.id)
      .execute();
    expect((await verify({ number: c.number, name: c.holder_name })).body.result).toBe('valid');
  });

  it('INST-4/INST-5: the issuer check — a certificate dated before its institution was filed fails it', async () => {
    const c = await p.deps.db
      .selectFrom('certificates')
      .select(['id', 'number', 'holder_name'])
      .where('status', '=', 'valid')
      .where('id', '!=', other.id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    await p.deps.db
      .updateTable('institutions')
      .set({ filed_at: '2099-01-01T00:00:00.000Z' })
      .where(
        'id',
        '=',
        (
          await p.deps.db
            .selectFrom('certificates')
            .select('institution_id')
            .where('id', '=', c.id)
            .executeTakeFirstOrThrow()
        ).institution_id,
      )
      .execute();
    forgetIssuerFacts(); // the test rewrote history under the cache
    const r = await verify({ number: c.number, name: c.holder_name });
    expect(r.body.checks.find((x: any) => x.key === 'institution_filed')).toMatchObject({ passed: false });
    expect(r.body.result).toBe('invalid');
  });

  it('rate limits per client and per queried certificate', async () => {
    const q = await createTestPlatform({ verifyPerClient: 5, verifyPerIdentity: 3 });
    try {
      const call = (qs: Record<string, string>, ip: string) =>
        q.app.inject({ method: 'GET', url: `/api/public/verify?${new URLSearchParams(qs)}`, remoteAddress: ip });
      const same = [];
      for (let i = 0; i < 4; i++)
        same.push((await call({ number: DEMO_CERTIFICATE, name: '刘洋' }, `198.51.100.${i}`)).statusCode);
      expect(same).toEqual([200, 200, 200, 429]); // one certificate, four different clients
      const many = [];
      for (let i = 0; i < 6; i++)
        many.push((await call({ number: `Y00004100000125499999${i}`, name: '某人' }, '198.51.100.99')).statusCode);
      expect(many).toEqual([200, 200, 200, 200, 200, 429]); // one client, many certificates
      const r = await call({ number: DEMO_CERTIFICATE, name: '刘洋' }, '198.51.100.200');
      expect(JSON.parse(r.body).error).toMatchObject({ code: 'RATE_LIMITED' });
      q.clock.advanceMinutes(2);
      expect((await call({ number: DEMO_CERTIFICATE, name: '刘洋' }, '198.51.100.200')).statusCode).toBe(200);
    } finally {
      await q.close();
    }
  });

  it('no public answer carries a full ID number or a full holder name', async () => {
    const people = await p.deps.db.selectFrom('certificates').select(['holder_name', 'holder_id_number']).execute();
    const all = bodies.join('\n');
    expect(all.length).toBeGreaterThan(1000);
    const ID = /(?<![0-9A-Z])[1-9]\d{16}[\dX](?![0-9])/; // 18 characters standing alone (certificate numbers are 22)
    expect(all).not.toMatch(ID);
    for (const id of new Set(people.map((x) => x.holder_id_number))) expect(all.includes(id)).toBe(false);
    const names = new Set(people.map((x) => x.holder_name).filter((n) => n.length >= 2));
    for (const n of names) expect(all.includes(`"${n}"`), n).toBe(false);
    // and the other public endpoints
    for (const url of ['/api/public/institutions?pageSize=200', '/api/public/occupations', '/api/meta']) {
      const r = await p.app.inject({ method: 'GET', url });
      expect(r.body).not.toMatch(/(?<![0-9A-Z])[1-9]\d{16}[\dX](?![0-9])/);
    }
  });

  it('the request log never holds the queried name or ID number', async () => {
    const { buildApp } = await import('../../app.js');
    const { PassThrough } = await import('node:stream');
    const stream = new PassThrough();
    let log = '';
    stream.on('data', (d) => (log += d));
    const app = await buildApp(p.deps, { logStream: stream });
    try {
      await app.inject({
        method: 'GET',
        url: `/api/public/verify?idNumber=${other.holder_id_number}&name=${encodeURIComponent(other.holder_name)}`,
      });
      await new Promise((r) => setTimeout(r, 50));
      expect(log).toContain('/api/public/verify?…');
      expect(log).not.toContain(other.holder_id_number);
      expect(log).not.toContain(encodeURIComponent(other.holder_name));
    } finally {
      await app.close();
    }
  });

  it('rate-limit counts are shared between app servers through the database', async () => {
    const { RateLimiter } = await import('./rate-limiter.js');
    const { verifyStore } = await import('./verification.queries.js');
    const a = new RateLimiter(verifyStore(p.deps.database), 5);
    const b = new RateLimiter(verifyStore(p.deps.database), 5);
    const w = 123456;
    for (let i = 0; i < 3; i++) a.hit(['shared-key'], w);
    for (let i = 0; i < 2; i++) b.hit(['shared-key'], w);
    await a.flush();
    await b.flush();
    a.hit(['shared-key'], w);
    await a.flush(); // a learns b's hits from the shared row
    expect(a.hit(['shared-key'], w)).toEqual([7]);
    const row = await p.deps.db
      .selectFrom((p.dialect === 'sqlite' ? 'rl.rate_limits' : 'rate_limits') as 'rate_limits')
      .select('hits')
      .where('key', '=', 'shared-key')
      .executeTakeFirstOrThrow();
    expect(row.hits).toBe(6);
  });
});
