import { defineConfig } from 'vitest/config';

/**
 * Projects: `unit` (pure logic, no database), `sqlite` and `postgres` (the same server tests on
 * each database), `e2e` (real Chromium against a running platform). `npm test` runs them all
 * through scripts/test.ts, which prints the counts per database.
 */
const serverTests = ['server/**/*.test.ts'];
const unitTests = ['server/**/*.unit.test.ts', 'contract/**/*.unit.test.ts', 'web/src/**/*.unit.test.ts'];
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: unitTests, environment: 'node' } },
      {
        test: {
          name: 'sqlite',
          include: serverTests,
          globalSetup: ['server/test/global-setup.ts'],
          exclude: unitTests,
          env: { SKILLCERT_TEST_DB: 'sqlite' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: serverTests,
          globalSetup: ['server/test/global-setup.ts'],
          exclude: unitTests,
          env: { SKILLCERT_TEST_DB: 'postgres' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          testTimeout: 90_000,
          // expect.poll waits for what a page shows after a request; vitest's 1 s default is shorter
          // than one Argon2 hash plus a list reload on a loaded CI machine (a new account once took longer)
          expect: { poll: { timeout: 10_000 } },
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
