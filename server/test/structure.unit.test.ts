/**
 * The code holds to its own structure: SQL only in the owner's queries files, module floors and
 * no import cycles. Each rule is also shown to catch a deliberate violation.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT_DIR } from '../src/config.js';
import { checkQuerySource, cruise, sourceFiles } from './structure.js';

const rel = (p: string) => path.relative(ROOT_DIR, p).split(path.sep).join('/');

describe('structure: one owner per table', () => {
  it('no module builds SQL outside its *.queries.ts, and queries files write and select only their own tables', () => {
    const violations = sourceFiles(path.join(ROOT_DIR, 'server/src/modules')).flatMap((f) =>
      checkQuerySource(rel(f), fs.readFileSync(f, 'utf8')),
    );
    expect(violations.map((v) => `${v.file}:${v.line} ${v.message}`)).toEqual([]);
  }, 60_000); // parses every module file: seconds at rest, longer on a loaded machine

  it('catches a query in a service, a foreign write, a foreign main table (not a subquery) and an sql template outside queries', () => {
    const service = `
      export const f = (db) => db.selectFrom('plans').selectAll().execute();
      export const g = (db) => sql\`select 1\`.execute(db);
      export const h = (db) => sql<number>\`count(*)\`;
      export const k = (raw) => raw.prepare('select * from certificates where id = ?');`;
    expect(checkQuerySource('server/src/modules/assessment/plans.service.ts', service).map((v) => v.message)).toEqual([
      'selectFrom() outside a *.queries.ts file',
      'an sql`…` template outside a *.queries.ts file',
      'an sql`…` template outside a *.queries.ts file',
      'a prepared SQL statement outside a *.queries.ts file',
    ]);
    const queries = `
      export const a = (db) => db.insertInto('certificates').values({}).execute();
      export const b = (db) => db.selectFrom('learners as l').selectAll().execute();
      export const c = (db) => db.selectFrom('evaluation_plans as p').innerJoin('institutions as i', 'i.id', 'p.institution_id').selectAll().execute();
      export const d = (db) => db.updateTable('registrations').set({}).execute();
      export const e = (db) => db.selectFrom('evaluation_plans').where('institution_id', 'in', db.selectFrom('institutions').select('id')).execute();
      export const f = (db) => db.updateTable('evaluation_plans').where('id', 'in', (eb) => eb.selectFrom('certificates').select('id')).set({}).execute();
      export const g = (db) => db.selectFrom('evaluation_plans').where('id', 'in', db.insertInto('certificates').values({}).returning('id')).execute();`;
    expect(checkQuerySource('server/src/modules/assessment/plans.queries.ts', queries).map((v) => v.message)).toEqual([
      "insertInto('certificates') in module assessment: the table belongs to certificates (only its owner writes it)",
      "selectFrom('learners') in module assessment: the table belongs to people (join it to read, or call its owner)",
      "insertInto('certificates') in module assessment: the table belongs to certificates (only its owner writes it)",
    ]);
  });
});

describe('structure: module floors and import cycles (dependency-cruiser)', () => {
  it('the tree keeps the rules of .dependency-cruiser.cjs', () => {
    const r = cruise(ROOT_DIR, ['server/src', 'contract', 'web/src', 'scripts', 'bench']);
    expect(r.output).toContain('no dependency violations found');
    expect(r.status).toBe(0);
  }, 60_000);

  it('catches an upward import, a cycle and a contract that imports the server', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'skillcert-structure-'));
    try {
      const write = (p: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, p)), { recursive: true });
        fs.writeFileSync(path.join(dir, p), text);
      };
      fs.copyFileSync(path.join(ROOT_DIR, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
      write('tsconfig.json', JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext' } }));
      // regions (lowest floor) reaching up to certificates
      write(
        'server/src/modules/regions/regions.service.ts',
        `import { x } from '../certificates/c.js';\nexport const r = x;\n`,
      );
      write('server/src/modules/certificates/c.ts', `export const x = 1;\n`);
      // two files of one module importing each other
      write('server/src/modules/staff/a.ts', `import { b } from './b.js';\nexport const a = () => b;\n`);
      write('server/src/modules/staff/b.ts', `import { a } from './a.js';\nexport const b = () => a;\n`);
      write('contract/api.ts', `import { x } from '../server/src/modules/certificates/c.js';\nexport const y = x;\n`);
      const r = cruise(dir, ['server/src', 'contract']);
      expect(r.status).not.toBe(0);
      expect(r.output).toContain('floor-regions');
      expect(r.output).toContain('no-circular');
      expect(r.output).toContain('contract-is-shared');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
