import { describe, expect, it } from 'vitest';
import { ACCESS, ACTIONS, can, RESTRICTION_ALLOWS, rolesFor } from './access.js';
import { ROLE_INFO, ROLES } from './roles.js';

const EVERYONE = ['session.own', 'second_factor.own', 'home.read', 'reference.read'];

describe('the access table', () => {
  it('names each role once per action, and every action has someone', () => {
    for (const a of ACTIONS) {
      const roles = ACCESS[a].roles;
      expect(roles.length, a).toBeGreaterThan(0);
      expect(new Set(roles).size, a).toBe(roles.length);
      expect(rolesFor(a).sort(), a).toEqual([...roles].sort());
    }
  });

  it('only what every signed-in user does is open to every role', () => {
    expect(ACTIONS.filter((a) => ACCESS[a].roles.length === ROLES.length)).toEqual(EVERYONE);
  });

  it('platform actions belong to the three administrators, national lists to province officials', () => {
    for (const a of ACTIONS) {
      if (ACCESS[a].scope === 'platform')
        expect(
          ACCESS[a].roles.every((r) => ROLE_INFO[r].scope === 'platform'),
          a,
        ).toBe(true);
      if (ACCESS[a].scope === 'national')
        expect(
          ACCESS[a].roles.every((r) => ROLE_INFO[r].regionLevel === 'province'),
          a,
        ).toBe(true);
    }
  });

  it('三员分立: only the audit administrator reads the audit trail, and does nothing else', () => {
    expect(rolesFor('audit.read')).toEqual(['audit_admin']);
    expect(ACTIONS.filter((a) => can('audit_admin', a))).toEqual([...EVERYONE, 'audit.read']);
    expect(rolesFor('account.manage')).toEqual(['system_admin']);
    expect(rolesFor('account.secure')).toEqual(['security_admin']);
  });

  it('a learner only reaches their own records', () => {
    expect(ACTIONS.filter((a) => can('learner', a))).toEqual([
      ...EVERYONE,
      'ticket.download',
      'objection.raise',
      'learner.own',
      'certificate.read',
      'other_certificate.read',
    ]);
  });

  it('finding 5: a confined session reaches only its own session (and, to enrol, its second factor)', () => {
    expect(RESTRICTION_ALLOWS.password_change).toEqual(['session.own']);
    expect(RESTRICTION_ALLOWS.second_factor_enrolment).toEqual(['session.own', 'second_factor.own']);
    for (const a of Object.values(RESTRICTION_ALLOWS).flat()) expect(ACCESS[a].scope).toBe('self');
  });

  it('INST-2: education departments recommend, HRSS files, both decide; the institution applies', () => {
    expect(rolesFor('filing.review')).toEqual(['province_edu', 'city_edu']);
    expect(rolesFor('filing.file')).toEqual(['province_hrss', 'city_hrss']);
    expect(rolesFor('filing.decide').sort()).toEqual([...rolesFor('filing.review'), ...rolesFor('filing.file')].sort());
    expect(rolesFor('filing.apply')).toEqual(['institution_admin']);
  });
});
