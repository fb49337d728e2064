/**
 * `npm start`: builds the web client if it is missing or older than its sources, then runs the
 * platform on http://localhost:3000 (PORT overrides). Without DATABASE_URL it uses the embedded
 * SQLite file under data/, created, migrated and filled with the demo data on first start.
 * Demo mode is on unless SKILLCERT_DEMO=0.
 */
import { buildWebIfStale } from './lib/build-web.js';

buildWebIfStale();
process.env.SKILLCERT_DEMO ??= '1';
await import('../server/src/main.js');
