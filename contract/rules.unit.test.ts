import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderRulesDoc, RULES_DOC_PATH } from '../scripts/rules-doc.js';
import { isRuleId, RULE_GROUPS, RULE_IDS, RULES, ruleGroup, ruleText, type Rule } from './rules.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where rule ids are cited: code, tests, scripts and the hand-written docs. */
const SCANNED = ['server', 'web/src', 'contract', 'e2e', 'scripts', 'bench', 'docs', 'README.md'];
const SKIPPED = new Set(['contract/rules.ts', 'docs/rules.md']);
const TEXT_FILE = /\.(ts|tsx|js|mjs|cjs|css|html|json|sql|csv|md)$/;
/** A rule id: one of the group prefixes, a hyphen, a number (so 'UTF-8', 'SHA-256', 'ISO-8601' are not ids). */
const RULE_ID = new RegExp(`\\b(?:${Object.keys(RULE_GROUPS).join('|')})-\\d+\\b`, 'g');

function* sourceFiles(rel: string): Generator<string> {
  const abs = path.join(ROOT, rel);
  if (!fs.existsSync(abs)) return;
  if (fs.statSync(abs).isFile()) {
    yield rel;
    return;
  }
  for (const entry of fs.readdirSync(abs, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const child = path.posix.join(rel, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(child);
    else if (TEXT_FILE.test(entry.name)) yield child;
  }
}

/** Every rule id cited outside contract/rules.ts, with the places it is cited. */
function citedRuleIds(): Map<string, string[]> {
  const cited = new Map<string, string[]>();
  for (const root of SCANNED) {
    for (const file of sourceFiles(root)) {
      if (SKIPPED.has(file)) continue;
      fs.readFileSync(path.join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          for (const [id] of line.matchAll(RULE_ID)) {
            cited.set(id, [...(cited.get(id) ?? []), `${file}:${i + 1}`]);
          }
        });
    }
  }
  return cited;
}

describe('policy rules (contract/rules.ts)', () => {
  it('docs/rules.md is generated from contract/rules.ts (run `npm run rules:doc` after editing the rules)', () => {
    expect(fs.readFileSync(RULES_DOC_PATH, 'utf8')).toBe(renderRulesDoc());
  });

  it('every rule id cited in server, web, contract, e2e, scripts and docs exists in RULES', () => {
    const cited = citedRuleIds();
    expect(cited.size).toBeGreaterThan(0);
    const unknown = [...cited].filter(([id]) => !isRuleId(id)).map(([id, where]) => `${id} at ${where.join(', ')}`);
    expect(unknown, 'rule ids cited but not defined in contract/rules.ts').toEqual([]);
  });

  it('every rule has a title, an English title, a Chinese text and a source; ids are numbered 1..n per group', () => {
    for (const id of RULE_IDS) {
      const rule: Rule = RULES[id];
      expect(rule.title, id).not.toBe('');
      expect(rule.titleEn, id).toMatch(/^[A-Z]/);
      expect(rule.text, id).toMatch(/[\u4e00-\u9fff]/);
      expect(rule.text, id).toMatch(/。$/);
      expect(rule.source, id).not.toBe('');
    }
    for (const group of Object.keys(RULE_GROUPS)) {
      const numbers = RULE_IDS.filter((id) => ruleGroup(id) === group).map((id) => Number(id.split('-')[1]));
      expect(numbers, group).toEqual(numbers.map((_, i) => i + 1));
    }
  });

  it('ruleText gives what a refusal shows: name, text and the citation', () => {
    const first = RULE_IDS[0];
    const rule: Rule = RULES[first];
    expect(ruleText(first)).toEqual({
      id: first,
      title: rule.title,
      text: rule.text,
      source: `${rule.source} ${rule.sourceRef}`,
    });
    expect(isRuleId('NOPE-1')).toBe(false);
    expect(isRuleId('toString')).toBe(false);
  });
});
