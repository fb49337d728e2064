/**
 * The OpenAPI document as outside tools read it: Redocly's linter with its recommended rules finds
 * no error, and a client generated with openapi-typescript type-checks against concrete types
 * (named schemas, files as files, every operation by its id). The document does not depend on the
 * database, so this runs once, in the SQLite project.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { createTestPlatform, TEST_DB, type TestPlatform } from './harness.js';

const bin = (name: string) => path.join(ROOT_DIR, 'node_modules', '.bin', name);
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];

describe.skipIf(TEST_DB !== 'sqlite')('OpenAPI document', () => {
  let p: TestPlatform;
  let dir: string;
  let doc: any;
  let file: string;
  beforeAll(async () => {
    p = await createTestPlatform();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-openapi-'));
    doc = p.app.swagger();
    file = path.join(dir, 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc));
  });
  afterAll(async () => {
    await p?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const operations = () =>
    Object.entries(doc.paths).flatMap(([url, item]: [string, any]) =>
      METHODS.filter((m) => item[m]).map((m) => ({ name: `${m.toUpperCase()} ${url}`, op: item[m] })),
    );

  it('every operation has a unique operationId; servers name the platform', () => {
    const ids = operations().map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z0-9]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(doc.servers).toEqual([{ url: 'http://localhost:3000', description: expect.any(String) }]);
  });

  it('every JSON answer is a named schema in components.schemas; files are sent under their real media types', () => {
    for (const { name, op } of operations()) {
      for (const [code, res] of Object.entries(op.responses) as [string, any][]) {
        for (const [type, media] of Object.entries(res.content ?? {}) as [string, any][]) {
          if (media.schema.format === 'binary') {
            expect(type, `${name} ${code}: a file is not JSON`).not.toMatch(/json/);
            continue;
          }
          expect(media.schema.$ref, `${name} ${code} ${type}`).toMatch(/^#\/components\/schemas\/\w+$/);
          expect(doc.components.schemas[media.schema.$ref.split('/').pop()], name).toBeDefined();
        }
      }
    }
    const mediaOf = (url: string) => Object.keys(doc.paths[url].get.responses['200'].content);
    expect(mediaOf('/api/certificates/{id}/pdf')).toEqual(['application/pdf']);
    expect(mediaOf('/api/certificates/batch.zip')).toEqual(['application/zip']);
    expect(mediaOf('/api/institutions/export')).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(mediaOf('/api/roster-template')).toEqual([
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
    expect(mediaOf('/api/registrations/{id}/ticket')).toEqual(['application/pdf']);
    expect(mediaOf('/api/evidence/{id}')).toEqual(['application/pdf', 'image/png', 'image/jpeg']);
    const did = doc.paths['/.well-known/did.json'].get;
    expect(did.summary).toMatch(/DID/);
    expect(did.responses['200'].content['application/did+json'].schema.$ref).toBe(
      '#/components/schemas/JsonLdDocument',
    );
    expect(doc.paths['/api/certificates/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe(
      '#/components/schemas/CertificateDetail',
    );
  });

  it('Redocly CLI lint with the recommended rules: no errors', () => {
    const r = spawnSync(bin('redocly'), ['lint', file, '--extends=recommended', '--format=json'], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      timeout: 120_000,
    });
    const out = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    const errors = out.problems.filter((x: any) => x.severity === 'error');
    expect(errors.map((x: any) => `${x.ruleId}: ${x.message}`)).toEqual([]);
    expect(out.totals.errors).toBe(0);
    expect(r.status).toBe(0);
  }, 120_000);

  it('a client generated with openapi-typescript type-checks against concrete types (tsc)', async () => {
    fs.writeFileSync(path.join(dir, 'skillcert-api.ts'), astToString(await openapiTS(doc)));
    fs.writeFileSync(
      path.join(dir, 'client.ts'),
      `import type { components, operations, paths } from './skillcert-api';

type Schemas = components['schemas'];
type IsUnknown<T> = unknown extends T ? true : false;
type JsonOf<R> = R extends { content: { 'application/json': infer T } } ? T : never;

/** A certificate as JSON, its PDF as a file. */
export async function certificate(base: string, id: number): Promise<Schemas['CertificateDetail']> {
  const r = await fetch(\`\${base}/api/certificates/\${id}\`, { credentials: 'include' });
  if (!r.ok) throw new Error(((await r.json()) as Schemas['Error']).error.message);
  return (await r.json()) as JsonOf<paths['/api/certificates/{id}']['get']['responses'][200]>;
}
export async function certificatePdf(base: string, id: operations['getCertificatesByIdPdf']['parameters']['path']['id']) {
  return (await fetch(\`\${base}/api/certificates/\${id}/pdf\`)).blob();
}

export const checks = {
  detailIsConcrete: false satisfies IsUnknown<Schemas['CertificateDetail']>,
  pageIsConcrete: false satisfies IsUnknown<Schemas['CertificatePage']['items'][number]>,
  number: (c: Schemas['CertificateDetail']): string => c.number,
  firstOnPage: (p: Schemas['CertificatePage']): string | undefined => p.items[0]?.number,
  pdf: (b: paths['/api/certificates/{id}/pdf']['get']['responses'][200]['content']['application/pdf']) => b,
};
// @ts-expect-error a PDF is not JSON
export type PdfAsJson = paths['/api/certificates/{id}/pdf']['get']['responses'][200]['content']['application/json'];
// @ts-expect-error operations are known by their ids only
export type NoSuchOperation = operations['noSuchOperation'];
`,
    );
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          noEmit: true,
          target: 'es2022',
          module: 'es2022',
          moduleResolution: 'bundler',
          lib: ['es2022', 'dom'],
          types: [],
          skipLibCheck: false,
        },
        files: ['skillcert-api.ts', 'client.ts'],
      }),
    );
    let out = '';
    try {
      execFileSync(bin('tsc'), ['-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 120_000 });
    } catch (e: any) {
      out = `${e.stdout ?? ''}${e.stderr ?? ''}`;
    }
    expect(out).toBe('');
  }, 120_000);
});
