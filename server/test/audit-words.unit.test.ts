/**
 * Every action the server writes to the audit trail has its words (contract/audit-actions.ts),
 * Chinese and English, so the audit administrator reads 登录, not auth.login (issue 14, item 7).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_OBJECTS, auditActionLabel } from '../../contract/audit-actions.js';
import { MANAGEMENT_ACTIONS } from '../../contract/institutions.js';
import { PARTNERSHIP_STEPS } from '../../contract/partnership-workflow.js';
import { CLAIM_STEPS } from '../../contract/subsidy-workflow.js';
import { CLASS_STEPS } from '../../contract/training-class-workflow.js';

const CJK = /[\u3400-\u9fff]/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const f = path.join(dir, d.name);
    return d.isDirectory() ? sources(f) : f.endsWith('.ts') && !f.endsWith('.test.ts') ? [f] : [];
  });
}

/**
 * The dotted codes written on a line that names an action (`action: 'x.y'`, `action: a ? 'x.y' : 'x.z'`,
 * a default `action = 'x.y'`, a constant `REVEAL_ACTION = 'x.y'`) or passes one to a look-up that
 * audits a denial (`loadVisibleClass(trx, actor, id, 'x.y')`).
 */
function writtenActions(): Set<string> {
  const found = new Set<string>();
  for (const f of sources(path.join(import.meta.dirname, '..', 'src')))
    for (const line of fs.readFileSync(f, 'utf8').split('\n'))
      if (/\baction(:| =)\s|_ACTION = |\bloadVisible\w*\(/.test(line))
        for (const m of line.matchAll(/'([a-z_]+(?:\.[a-z_]+)+)'/g)) found.add(m[1]);
  return found;
}

describe('audit actions in words', () => {
  it('every action code in the server, and each family built from a step, has Chinese and English words', () => {
    const families = [
      ...['suspend', 'reinstate', 'revoke'].map((a) => `certificate.${a}`),
      ...['return', 'reject'].map((d) => `filing.${d}`),
      ...Object.keys(MANAGEMENT_ACTIONS).map((a) => `institution.${a}`),
      ...['file', 'reject'].map((d) => `spec.${d}`),
      ...Object.keys(PARTNERSHIP_STEPS).map((s) => `partnership.${s}`),
      ...['recognition', 'process', 'competition', 'enterprise'].map((p) => `pathway.${p}`),
      ...['approve', 'reject'].map((d) => `competition.${d}`),
      ...['verify', 'recovery_codes'].map((s) => `auth.second_factor.${s}`),
      ...Object.keys(CLAIM_STEPS).map((s) => `subsidy.${s}`),
      ...Object.keys(CLASS_STEPS).map((s) => `training.class.${s}`),
      ...['approve', 'refuse'].map((d) => `training.filing.${d}`),
    ];
    const missing = [...writtenActions(), ...families].filter((a) => !AUDIT_ACTIONS[a]);
    expect(missing).toEqual([]);
    for (const [code, [zh, en]] of Object.entries({ ...AUDIT_ACTIONS, ...AUDIT_OBJECTS })) {
      expect(CJK.test(zh), code).toBe(true);
      expect(CJK.test(en), code).toBe(false);
    }
  });
  it('reads a code in either language, and leaves an unknown one as it is', () => {
    expect(auditActionLabel('auth.login')).toBe('登录');
    expect(auditActionLabel('auth.login', 'en')).toBe('Sign-in');
    expect(auditActionLabel('system.seed_demo')).toBe('载入演示数据');
    expect(auditActionLabel('future.thing', 'en')).toBe('future.thing');
  });
});
