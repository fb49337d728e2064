/**
 * A separate process issuing certificates, used by the concurrency test: it opens its own
 * connection (as another app server would), keeps several issuances in flight, and prints the
 * numbers it got as JSON.
 */
import os from 'node:os';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/database/connection.js';
import { classifyDatabaseError } from '../src/database/failures.js';
import { systemClock } from '../src/lib/clock.js';
import { issueCertificate } from '../src/modules/certificates/certificates.service.js';

const env = process.env;
const database = openDatabase(env.ISSUE_DB!, os.tmpdir(), {
  pgPoolSize: 4,
  searchPath: env.ISSUE_SEARCH_PATH || undefined,
});
const deps = { database, db: database.db, config: loadConfig({}, { keyDir: env.ISSUE_KEY_DIR! }), clock: systemClock };
const institutionId = Number(env.ISSUE_INSTITUTION);
const ctx = {
  actor: {
    id: 1,
    username: 'worker',
    displayName: 'worker',
    role: 'institution_admin' as const,
    regionCode: null,
    regionPath: null,
    institutionId,
    scopeLabel: '',
    scopePath: [],
  },
  ip: null,
  requestId: `worker-${process.pid}`,
};
async function retryWhileBusy<T>(work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (e) {
      if (attempt >= 5 || classifyDatabaseError(e) !== 'busy') throw e;
      process.stderr.write(`busy, retry ${attempt}\n`);
    }
  }
}

const learners = env.ISSUE_LEARNERS!.split(',').map(Number);
const numbers: string[] = [];
try {
  for (let i = 0; i < learners.length; i += 8) {
    const batch = await Promise.all(
      learners.slice(i, i + 8).map((learnerId) =>
        // a server answers 503 when the database stays locked past its busy timeout (a loaded
        // machine), and the client tries again: so does this worker, the transaction having rolled back
        retryWhileBusy(() =>
          database.db.transaction().execute((trx) =>
            issueCertificate(trx, deps, ctx, {
              learnerId,
              occupationId: Number(env.ISSUE_OCCUPATION),
              level: Number(env.ISSUE_LEVEL),
              pathway: 'exam',
              issuedOn: '2027-01-15',
            }),
          ),
        ),
      ),
    );
    numbers.push(...batch.map((b) => b.number));
  }
  process.stdout.write(JSON.stringify(numbers));
} finally {
  await database.close();
}
