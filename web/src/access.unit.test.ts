import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../contract/roles.js';
import { canOpen, PAGES_BY_ROLE, type PageKey } from './access';

describe('pages by role', () => {
  it('every role has a home page', () => {
    for (const r of ROLES) expect(canOpen(r, 'home'), r).toBe(true);
  });
  it('only the audit administrator opens the audit log (三员分立)', () => {
    expect(ROLES.filter((r) => canOpen(r, 'audit'))).toEqual(['audit_admin']);
  });
  it('accounts belong to the system and security administrators only', () => {
    expect(ROLES.filter((r) => canOpen(r, 'accounts')).sort()).toEqual(['security_admin', 'system_admin']);
  });
  it('learners see only the home page; experts also read institutions', () => {
    expect(PAGES_BY_ROLE.learner).toEqual(['home']);
    expect(PAGES_BY_ROLE.expert).toEqual(['home', 'institutions']);
  });
  it('the institution admin works on its own filing, staff and specifications; examiners only read', () => {
    expect(PAGES_BY_ROLE.institution_admin).toEqual(['home', 'institutions', 'filings', 'staff', 'specs']);
    expect(PAGES_BY_ROLE.examiner).toEqual(['home', 'institutions']);
  });
});

describe('the menu offers no page the server forbids', () => {
  // the lists the server's routes check; loaded by a computed path so the web typecheck stays out of server code
  const load = async (p: string) => (await import(/* @vite-ignore */ p)) as Record<string, readonly Role[]>;
  it('each page key maps onto the server readers of its endpoint', async () => {
    const filings = await load(['..', '..', 'server', 'src', 'modules', 'institutions', 'filings.routes.ts'].join('/'));
    const insts = await load(['..', '..', 'server', 'src', 'modules', 'institutions', 'institutions.routes.ts'].join('/'));
    const staff = await load(['..', '..', 'server', 'src', 'modules', 'staff', 'staff.routes.ts'].join('/'));
    const specs = await load(['..', '..', 'server', 'src', 'modules', 'specs', 'specs.routes.ts'].join('/'));
    const readers: Partial<Record<PageKey, readonly Role[]>> = {
      queue: filings.FILING_READERS,
      filings: filings.FILING_READERS,
      institutions: insts.INSTITUTION_READERS,
      staff: staff.STAFF_READERS,
      specs: specs.SPEC_READERS,
    };
    for (const [page, allowed] of Object.entries(readers) as [PageKey, readonly Role[]][]) {
      expect(allowed?.length, page).toBeGreaterThan(0);
      for (const r of ROLES) if (canOpen(r, page)) expect(allowed, `${r} → ${page}`).toContain(r);
    }
  });
});
