/**
 * The structure rules the code holds itself to, as functions the structure test runs:
 * - only a module's `*.queries.ts` builds SQL (Kysely's builders, `sql` templates, prepared
 *   statements), and a queries file writes, or selects from as its main table, only the tables
 *   its module owns (`server/src/database/owners.ts`); joins and subqueries that read another
 *   module's table are allowed;
 * - the import rules of `.dependency-cruiser.cjs` (module floors, no cycles, shared contract).
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ts from 'typescript';
import { TABLE_OWNERS } from '../src/database/owners.js';

const BUILDERS = new Set(['selectFrom', 'insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);
const WRITES = new Set(['insertInto', 'updateTable', 'deleteFrom', 'replaceInto', 'mergeInto']);

export interface Violation {
  file: string;
  line: number;
  message: string;
}

/** The module a source file belongs to (`server/src/modules/<module>/…`), or null. */
export function moduleOf(file: string): string | null {
  return /(?:^|\/)server\/src\/modules\/([^/]+)\//.exec(file.split(path.sep).join('/'))?.[1] ?? null;
}

/**
 * A query nested in a method call's arguments (`.where('id', 'in', db.selectFrom(…))`, `.where((eb) =>
 * eb.exists(eb.selectFrom(…)))`): a subquery that reads, not a main query.
 */
function isSubquery(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (
      ts.isCallExpression(parent) &&
      ts.isPropertyAccessExpression(parent.expression) &&
      parent.arguments.some((a) => a === child)
    )
      return true;
    // `return db.selectFrom(…)`, `const q = db.selectFrom(…)`: a main query
    if (ts.isFunctionDeclaration(parent) || ts.isVariableStatement(parent) || ts.isReturnStatement(parent))
      return false;
  }
  return false;
}

/** `'learners as l'` → `learners`. */
const tableOf = (text: string) =>
  text
    .trim()
    .split(/\s+as\s+/i)[0]
    .trim();

/** Checks one module source file (not a test) against the query rules. */
export function checkQuerySource(file: string, source: string): Violation[] {
  const module = moduleOf(file);
  if (!module) return [];
  const isQueries = file.endsWith('.queries.ts');
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const out: Violation[] = [];
  const at = (node: ts.Node, message: string) =>
    out.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, message });

  const visit = (node: ts.Node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const name = node.expression.name.text;
      const arg = node.arguments[0];
      if (BUILDERS.has(name)) {
        if (!isQueries) at(node, `${name}() outside a *.queries.ts file`);
        else {
          const literals = arg && ts.isArrayLiteralExpression(arg) ? arg.elements : arg ? [arg] : [];
          for (const a of literals) {
            if (!ts.isStringLiteralLike(a)) continue;
            const table = tableOf(a.text);
            const owner = (TABLE_OWNERS as Record<string, string>)[table];
            if (owner && owner !== module && (WRITES.has(name) || !isSubquery(node)))
              at(
                node,
                `${name}('${table}') in module ${module}: the table belongs to ${owner}` +
                  (WRITES.has(name) ? ' (only its owner writes it)' : ' (join it to read, or call its owner)'),
              );
          }
        }
      } else if (
        name === 'prepare' &&
        !isQueries &&
        arg &&
        (ts.isStringLiteralLike(arg) || ts.isTemplateExpression(arg))
      ) {
        at(node, 'a prepared SQL statement outside a *.queries.ts file');
      }
    }
    if (!isQueries && ts.isTaggedTemplateExpression(node)) {
      const tag = node.tag;
      const base = ts.isPropertyAccessExpression(tag) ? tag.expression : tag;
      const id = ts.isExpressionWithTypeArguments(base) ? base.expression : base;
      if (ts.isIdentifier(id) && id.text === 'sql') at(node, 'an sql`…` template outside a *.queries.ts file');
    }
    if (!isQueries && ts.isCallExpression(node)) {
      const callee = node.expression;
      if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'sql' &&
        ['raw', 'ref', 'table', 'id', 'join', 'lit', 'val'].includes(callee.name.text)
      )
        at(node, `sql.${callee.name.text}() outside a *.queries.ts file`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out;
}

/** Every non-test source file under `dir`. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

/** Runs dependency-cruiser with the project's rules in `cwd`; returns its exit code and report. */
export function cruise(cwd: string, paths: string[], configFile = '.dependency-cruiser.cjs') {
  const bin = path.join(path.dirname(new URL(import.meta.url).pathname), '../../node_modules/.bin/depcruise');
  const r = spawnSync(bin, ['--config', configFile, '--output-type', 'err', ...paths], { cwd, encoding: 'utf8' });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}
