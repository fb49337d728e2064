import { describe, expect, it } from 'vitest';
import { ROLES } from '../../contract/roles.js';
import { canOpen, PAGES_BY_ROLE } from './access';

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
  it('learners and experts see only the home page for now', () => {
    expect(PAGES_BY_ROLE.learner).toEqual(['home']);
    expect(PAGES_BY_ROLE.expert).toEqual(['home']);
  });
});
