/** `npm run openapi`: writes the OpenAPI document to docs/openapi.json (from the same schemas that validate). */
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { buildApp } from '../server/src/app.js';
import { loadConfig, ROOT_DIR } from '../server/src/config.js';
import { prepareDatabase } from '../server/src/platform.js';
import { systemClock } from '../server/src/lib/clock.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-openapi-'));
const config = loadConfig({}, { databaseUrl: `sqlite:${path.join(dir, 'x.db')}`, webDist: null });
const { database } = await prepareDatabase(config);
const app = await buildApp({ database, db: database.db, config, clock: systemClock }, { logger: false });
await app.ready();
const out = path.join(ROOT_DIR, 'docs', 'openapi.json');
fs.writeFileSync(out, JSON.stringify(app.swagger(), null, 2) + '\n');
await app.close();
await database.close();
fs.rmSync(dir, { recursive: true, force: true });
console.log(`OpenAPI 文档已写入 ${path.relative(process.cwd(), out)}`);
