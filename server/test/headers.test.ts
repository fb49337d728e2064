/**
 * Response headers a browser and a cache act on: HSTS only when the platform is reached over HTTPS,
 * the public status lists and the DID document cacheable as their handlers say (everything else
 * under /api never stored), and one referrer policy in the header and in the HTML pages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERRER_POLICY } from '../src/app.js';
import { loadConfig, ROOT_DIR } from '../src/config.js';
import { signPendingCredentials } from '../src/modules/credentials/credentials.service.js';
import { createTestPlatform, TEST_DB, type TestPlatform } from './harness.js';

describe(`response headers (${TEST_DB})`, () => {
  let plain: TestPlatform;
  let https: TestPlatform;
  beforeAll(async () => {
    plain = await createTestPlatform();
    https = await createTestPlatform({ cookieSecure: true });
  });
  afterAll(async () => {
    await plain?.close();
    await https?.close();
  });

  it('HSTS: sent for a year behind HTTPS (COOKIE_SECURE=1), never over plain HTTP', async () => {
    const secure = await https.app.inject({ method: 'GET', url: '/api/health' });
    expect(secure.headers['strict-transport-security']).toBe('max-age=31536000');
    const page = await https.app.inject({ method: 'GET', url: '/verify' });
    expect(page.headers['strict-transport-security']).toBe('max-age=31536000');
    const insecure = await plain.app.inject({ method: 'GET', url: '/api/health' });
    expect(insecure.headers['strict-transport-security']).toBeUndefined();
  });

  it('HSTS_MAX_AGE sets the lifetime, or turns HSTS off with 0; a bad value is refused at start', () => {
    expect(loadConfig({ COOKIE_SECURE: '1' }).hstsMaxAge).toBe(31_536_000);
    expect(loadConfig({ COOKIE_SECURE: '1', HSTS_MAX_AGE: '0' }).hstsMaxAge).toBe(0);
    expect(loadConfig({ HSTS_MAX_AGE: '600' }).hstsMaxAge).toBe(600);
    expect(loadConfig({}).hstsMaxAge).toBe(0);
    expect(() => loadConfig({ HSTS_MAX_AGE: '-1' })).toThrow(/HSTS_MAX_AGE/);
  });

  it('the status lists keep their max-age=60 (verifiers cache them); other API answers are never stored', async () => {
    await signPendingCredentials(plain.deps, 1);
    for (const url of ['/api/public/status/0/message', '/api/public/status/0/revocation']) {
      const list = await plain.app.inject({ method: 'GET', url });
      expect(list.statusCode, url).toBe(200);
      expect(list.headers['cache-control'], url).toBe('public, max-age=60');
    }
    const did = await plain.app.inject({ method: 'GET', url: '/.well-known/did.json' });
    expect(did.headers['cache-control']).toBe('public, max-age=300');
    const missing = await plain.app.inject({ method: 'GET', url: '/api/public/status/0/nonsense' });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['cache-control']).toBe('no-store');
    const meta = await plain.app.inject({ method: 'GET', url: '/api/meta' });
    expect(meta.headers['cache-control']).toBe('no-store');
  });

  it('one referrer policy: the header on every answer and the <meta name="referrer"> of each HTML page agree', async () => {
    const r = await plain.app.inject({ method: 'GET', url: '/api/health' });
    expect(r.headers['referrer-policy']).toBe(REFERRER_POLICY);
    expect(REFERRER_POLICY).toBe('no-referrer');
    for (const page of ['index.html', 'verify.html']) {
      const html = fs.readFileSync(path.join(ROOT_DIR, 'web', page), 'utf8');
      const metas = [...html.matchAll(/<meta\s+name="referrer"\s+content="([^"]+)"/g)].map((m) => m[1]);
      expect(metas, page).toEqual([REFERRER_POLICY]);
    }
  });
});
