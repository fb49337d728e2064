/**
 * Migration 0016 on a database an older version left: ID numbers and second-factor secrets stored
 * in clear are sealed in place, with their look-up hashes, the old copies compacted away; the
 * certificates' seals still verify; a person is still found by number; and `keys:rotate-data`
 * re-seals everything under a new key without changing what anyone finds.
 */
import path from 'node:path';
import type { Kysely } from 'kysely';
import { oldInstitutionAndOccupation, openOldDatabase } from './migration-fixtures.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type Config } from '../src/config.js';
import type { Database } from '../src/database/connection.js';
import { migrateTo, migrateToLatest, type MigrationContext } from '../src/database/migrate.js';
import { isSealed } from '../src/lib/field-crypto.js';
import { residentIdCheckChar } from '../src/lib/identity.js';
import { personalData } from '../src/lib/personal-data.js';
import { rotateDataKeys } from '../src/backup/data-keys.js';
import { holderIdOpener } from '../src/modules/certificates/holder-id.js';
import { findPersonByIdNumber } from '../src/modules/people/persons.service.js';
import { assertIdNumberKeysFit } from '../src/modules/people/id-numbers.service.js';
import { sealCertificate, verifySeal } from '../src/modules/signing/seal.js';
import { databaseText, TEST_DB } from './harness.js';

const id18 = (first17: string) => first17 + residentIdCheckChar(first17);
const PEOPLE = [
  { name: '旧数据甲', id: id18('41010519900401123') },
  { name: '旧数据乙', id: id18('41010219850401234') },
  { name: 'Anna Lee', id: 'E12345678', idType: 'passport' },
];
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';

describe(`migration 0016 seals the personal data an older version stored in clear (${TEST_DB})`, () => {
  let old: Awaited<ReturnType<typeof openOldDatabase>> | undefined;
  let database: Database;
  let config: Config;
  const ctx: MigrationContext = { personalDataKeys: () => personalData(config).cipher };
  let sealed: { seal: string; kid: string };
  let certificateId: number;

  beforeAll(async () => {
    old = await openOldDatabase('skillcert-0016-');
    const { url, dir } = old;
    config = loadConfig({}, { databaseUrl: url, dataDir: dir, keyDir: path.join(dir, 'keys'), webDist: null });
    database = old.database;
    // the schema as the version before 0016 left it, with its rows in clear
    await migrateTo(database.db, '0015_challenges', {
      personalDataKeys: () => {
        throw new Error('no migration before 0016 needs the keys');
      },
    });
    const db = database.db as unknown as Kysely<any>;
    const now = new Date().toISOString();
    await db
      .insertInto('regions')
      .values({
        code: '410000',
        name: '河南省',
        level: 'province',
        parent_code: null,
        path: '/410000/',
        updated_at: now,
      })
      .execute();
    const { inst, occ } = await oldInstitutionAndOccupation(db, '旧版评价机构', now);
    const learners: number[] = [];
    for (const p of PEOPLE) {
      const r = await db
        .insertInto('learners')
        .values({
          name: p.name,
          id_type: p.idType ?? 'resident_id',
          id_number: p.id,
          in_school: 0,
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      learners.push(r.id);
    }
    const fields = {
      number: 'Y000041000009254000001',
      holder_name: PEOPLE[0].name,
      holder_id_type: 'resident_id',
      holder_id_number: PEOPLE[0].id,
      occupation_code: '6-31-01-03',
      level: 4,
      filing_no: 'Y000041000009',
      institution_name: '旧版评价机构',
      issued_on: '2025-06-28',
    };
    sealed = await sealCertificate(database.db, config.keyDir, fields);
    certificateId = (
      await db
        .insertInto('certificates')
        .values({
          ...fields,
          kind: 'skill',
          institution_id: inst.id,
          learner_id: learners[0],
          occupation_id: occ.id,
          pathway: 'exam',
          status: 'valid',
          verify_code: 'OLDCODE000',
          occupation_name: '电工',
          fee: 0,
          issued_by: 0,
          created_at: now,
          seal: sealed.seal,
          seal_kid: sealed.kid,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    const user = await db
      .insertInto('users')
      .values({
        username: 'old-admin',
        display_name: '旧管理员',
        password_hash: 'x',
        role: 'system_admin',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('second_factors')
      .values({ user_id: user.id, secret: TOTP_SECRET, created_at: now, confirmed_at: now, last_time_step: null })
      .execute();
    // the old version's data, in clear where a copy of the database would show it
    const before = await databaseText(database);
    for (const p of PEOPLE) expect(before).toContain(p.id);
    expect(before).toContain(TOTP_SECRET);
  }, 120_000);

  afterAll(async () => {
    await old?.close();
  });

  it('seals every stored number and secret with its look-up hash, and no plain copy is left in the database', async () => {
    expect(await migrateToLatest(database.db, ctx)).toContain('0016_personal_data');
    const pd = personalData(config);
    const rows = await database.db.selectFrom('learners').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(PEOPLE.length);
    for (const [i, r] of rows.entries()) {
      expect(isSealed(r.id_number_enc)).toBe(true);
      expect(pd.openIdNumber('learners.id_number', r.id_number_enc)).toBe(PEOPLE[i].id);
      expect(r.id_number_hash).toBe(pd.idNumberHash(PEOPLE[i].id));
    }
    const cert = await database.db
      .selectFrom('certificates')
      .selectAll()
      .where('id', '=', certificateId)
      .executeTakeFirstOrThrow();
    expect(pd.openIdNumber('certificates.holder_id_number', cert.holder_id_number_enc)).toBe(PEOPLE[0].id);
    expect(cert.holder_id_number_hash).toBe(rows[0].id_number_hash); // one hash for every table
    const factor = await database.db.selectFrom('second_factors').selectAll().executeTakeFirstOrThrow();
    expect(pd.openSecret('second_factors.secret', factor.secret_enc)).toBe(TOTP_SECRET);

    const after = await databaseText(database);
    for (const p of PEOPLE) expect(after.includes(p.id), p.id).toBe(false);
    expect(after.includes(TOTP_SECRET)).toBe(false);
    await assertIdNumberKeysFit(database.db, pd); // what start-up checks
  });

  it('the certificate’s seal still verifies over the opened number; a person is found by number; the identity stays unique', async () => {
    const pd = personalData(config);
    const cert = await database.db
      .selectFrom('certificates')
      .selectAll()
      .where('id', '=', certificateId)
      .executeTakeFirstOrThrow();
    expect(await verifySeal(database.db, cert, cert.seal, cert.seal_kid, holderIdOpener(pd))).toBe(true);
    const found = await findPersonByIdNumber(database.db, { config }, 'resident_id', ` ${PEOPLE[1].id.toLowerCase()} `);
    expect(found?.name).toBe(PEOPLE[1].name);
    expect((await findPersonByIdNumber(database.db, { config }, 'passport', 'e12345678'))?.name).toBe('Anna Lee');
    const stored = pd.storeIdNumber('learners.id_number', PEOPLE[1].id);
    const now = new Date().toISOString();
    await expect(
      database.db
        .insertInto('learners')
        .values({
          name: '重复',
          id_type: 'resident_id',
          id_number_enc: stored.enc,
          id_number_hash: stored.hash,
          in_school: 0,
          created_at: now,
          updated_at: now,
        } as never)
        .execute(),
    ).rejects.toThrow();
  });

  it('keys:rotate-data re-seals every value under a new key; old seals, hashes and look-ups hold', async () => {
    const before = personalData(config).cipher.currentKid;
    // the command line shows a progress line: rows looked at of every sealed value, batch by batch
    const ticks: { pass: number; rows: number; done: number; total: number }[] = [];
    const r = await rotateDataKeys(database.db, config, { onProgress: (t) => ticks.push(t) });
    const sealed = PEOPLE.length + 1 + 1; // people, the one certificate, the one second factor
    expect(ticks.at(-1)).toEqual({ pass: 1, rows: 1, done: sealed, total: sealed });
    expect(ticks.reduce((a, t) => a + t.rows, 0)).toBe(sealed);
    expect(r.added).not.toBeNull();
    expect(r.current).not.toBe(before);
    expect(r.resealed).toEqual({ learners: PEOPLE.length, certificates: 1, secondFactors: 1 });
    const pd = personalData(config);
    for (const row of await database.db.selectFrom('learners').select('id_number_enc').execute())
      expect(pd.cipher.isCurrent(row.id_number_enc)).toBe(true);
    const cert = await database.db
      .selectFrom('certificates')
      .selectAll()
      .where('id', '=', certificateId)
      .executeTakeFirstOrThrow();
    expect(pd.cipher.isCurrent(cert.holder_id_number_enc)).toBe(true);
    expect(await verifySeal(database.db, cert, cert.seal, cert.seal_kid, holderIdOpener(pd))).toBe(true);
    expect((await findPersonByIdNumber(database.db, { config }, 'resident_id', PEOPLE[0].id))?.name).toBe(
      PEOPLE[0].name,
    );
    // nothing is left under the old key: it can go
    const retired = await rotateDataKeys(database.db, config, { retireOld: true });
    expect(retired.retired).toEqual([before]);
    expect(retired.resealed).toEqual({ learners: 0, certificates: 0, secondFactors: 0 });
    const factor = await database.db.selectFrom('second_factors').selectAll().executeTakeFirstOrThrow();
    expect(personalData(config).openSecret('second_factors.secret', factor.secret_enc)).toBe(TOTP_SECRET);
  });
});
