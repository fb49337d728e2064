/**
 * Background credential signing with several app servers on one database (province mode): each
 * server claims a certificate before signing it, a claim is a lease (CREDENTIAL_LEASE_SECONDS),
 * and only the holder of the current claim stores. Two "servers" here are two connections of
 * their own to the test platform's database, sharing its clock.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, TEST_DB, type TestPlatform } from '../../../test/harness.js';
import { openDatabase, type Database } from '../../database/connection.js';
import type { Deps } from '../../lib/context.js';
import { certificatesAwaitingCredential } from '../certificates/certificates.queries.js';
import { claimCredential, credentialJsonOf, storeSignedCredential } from './credentials.queries.js';
import { signPendingCredentials } from './credentials.service.js';

describe(`credential signing on several app servers (${TEST_DB})`, () => {
  let p: TestPlatform;
  let other: Database;
  let a: Deps;
  let b: Deps;
  const signedRows = async () =>
    Number(
      (
        await p.deps.db
          .selectFrom('certificate_credentials')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('credential_json', 'is not', null)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const unfinishedClaims = async () =>
    Number(
      (
        await p.deps.db
          .selectFrom('certificate_credentials')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('credential_json', 'is', null)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    p = await createTestPlatform();
    other = openDatabase(p.deps.config.databaseUrl, p.deps.config.dataDir, { pgPoolSize: 2 });
    a = p.deps;
    b = { ...p.deps, database: other, db: other.db };
  });
  afterAll(async () => {
    await other?.close();
    await p?.close();
  });

  it('two servers signing at once: each certificate is claimed and signed by one of them — the signed counts add up to the credentials stored, no claim is left unfinished', async () => {
    const before = await signedRows();
    const [na, nb] = await Promise.all([signPendingCredentials(a, 6), signPendingCredentials(b, 6)]);
    expect(na + nb).toBeGreaterThanOrEqual(6);
    expect(await signedRows()).toBe(before + na + nb);
    expect(await unfinishedClaims()).toBe(0);
  });

  it('a server that died holding a claim: the certificate waits out the lease, then another server takes it over and signs it; the dead claim cannot store afterwards', async () => {
    const lease = p.deps.config.credentialLeaseSeconds;
    const now = () => p.clock.now().toISOString();
    const stale = () => new Date(p.clock.now().getTime() - lease * 1000).toISOString();
    const [x] = await certificatesAwaitingCredential(a.db, stale(), 1);
    expect(x).toBeDefined();
    const deadClaim = now();
    expect(await claimCredential(a.db, x, deadClaim, stale())).toBe(true);
    // server a "dies" here. Within the lease the other server leaves it alone …
    expect(await claimCredential(b.db, x, now(), stale())).toBe(false);
    expect(await certificatesAwaitingCredential(b.db, stale(), 1000)).not.toContain(x);
    await signPendingCredentials(b, 2);
    expect(await credentialJsonOf(p.deps.db, x)).toBeNull();
    // … and takes it over once the lease has run out
    p.clock.advanceMinutes(lease / 60 + 1);
    try {
      expect((await certificatesAwaitingCredential(b.db, stale(), 1))[0]).toBe(x);
      expect(await signPendingCredentials(b, 1)).toBe(1);
      const json = await credentialJsonOf(p.deps.db, x);
      expect(JSON.parse(json!).id).toMatch(/^urn:skillcert:certificate:/);
      // the server that died comes back with the credential it had signed: nothing is stored
      expect(await storeSignedCredential(a.db, x, '{"late":true}', 'k', now(), deadClaim)).toBe(false);
      expect(await credentialJsonOf(p.deps.db, x)).toBe(json);
      expect(await unfinishedClaims()).toBe(0);
    } finally {
      p.clock.advanceMinutes(-(lease / 60 + 1));
    }
  });
});
