import { describe, expect, it } from 'vitest';
import {
  PARTNERSHIP_STATUSES,
  PARTNERSHIP_TRANSITIONS,
  partnershipInForce,
  partnershipSteps,
  type PartnershipStatus,
} from './partnership-workflow.js';

describe('the 企校合作 agreement workflow (CERT-6)', () => {
  it('CERT-6: the school accepts or declines a proposal; the enterprise only withdraws it', () => {
    expect(partnershipSteps('proposed', 'school')).toEqual(['accept', 'decline']);
    expect(partnershipSteps('proposed', 'enterprise')).toEqual(['withdraw']);
  });
  it('CERT-6: either party ends an accepted agreement; nothing follows a closed one', () => {
    expect(partnershipSteps('accepted', 'school')).toEqual(['end']);
    expect(partnershipSteps('accepted', 'enterprise')).toEqual(['end']);
    for (const s of ['declined', 'withdrawn', 'ended'] as const) {
      expect(partnershipSteps(s, 'school')).toEqual([]);
      expect(partnershipSteps(s, 'enterprise')).toEqual([]);
    }
  });
  it('every step leads to a known status, from known statuses', () => {
    const known = Object.keys(PARTNERSHIP_STATUSES) as PartnershipStatus[];
    for (const t of Object.values(PARTNERSHIP_TRANSITIONS)) {
      expect(known).toContain(t.to);
      for (const f of t.from) expect(known).toContain(f);
    }
  });
  it('CERT-6: only an accepted agreement within its dates (both days included) is in force', () => {
    const p = { validFrom: '2025-09-01', validUntil: '2028-08-31' };
    expect(partnershipInForce({ ...p, status: 'accepted' }, '2025-09-01')).toBe(true);
    expect(partnershipInForce({ ...p, status: 'accepted' }, '2028-08-31')).toBe(true);
    expect(partnershipInForce({ ...p, status: 'accepted' }, '2028-09-01')).toBe(false);
    expect(partnershipInForce({ ...p, status: 'accepted' }, '2025-08-31')).toBe(false);
    for (const s of ['proposed', 'declined', 'withdrawn', 'ended'])
      expect(partnershipInForce({ ...p, status: s }, '2026-01-01')).toBe(false);
  });
});
