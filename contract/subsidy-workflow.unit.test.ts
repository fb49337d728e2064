import { describe, expect, it } from 'vitest';
import { ACCESS } from './access.js';
import {
  CLAIM_DEADLINES,
  CLAIM_STATUSES,
  CLAIM_TRANSITIONS,
  HOLDING_LINE_STATUSES,
  claimSteps,
  yuan,
  type ClaimStatus,
} from './subsidy-workflow.js';

describe('the subsidy claim workflow (SUB-1 … SUB-4)', () => {
  it('SUB-2: the institution submits and withdraws; HRSS accepts, returns, approves or rejects; finance approves, refuses and pays', () => {
    expect(claimSteps('draft', 'institution')).toEqual(['submit', 'withdraw']);
    expect(claimSteps('returned', 'institution')).toEqual(['submit', 'withdraw']);
    expect(claimSteps('submitted', 'hrss')).toEqual(['accept', 'return']);
    expect(claimSteps('accepted', 'hrss')).toEqual(['return', 'approve', 'reject']);
    expect(claimSteps('publicity', 'finance')).toEqual(['finance_approve', 'refuse']);
    expect(claimSteps('finance_approved', 'finance')).toEqual(['refuse', 'pay']);
    expect(claimSteps('paid', 'hrss')).toEqual(['reverse']);
    for (const s of ['rejected', 'withdrawn', 'reversed'] as const)
      for (const party of ['institution', 'hrss', 'finance'] as const) expect(claimSteps(s, party)).toEqual([]);
  });
  it('SUB-3: nothing reaches finance without passing through the publicity', () => {
    expect(CLAIM_TRANSITIONS.finance_approve.from).toEqual(['publicity']);
    expect(CLAIM_TRANSITIONS.approve.to).toBe('publicity');
  });
  it('every step leads to a known status from known ones, under an action whose roles include its party', () => {
    const known = Object.keys(CLAIM_STATUSES) as ClaimStatus[];
    for (const t of Object.values(CLAIM_TRANSITIONS)) {
      expect(known).toContain(t.to);
      for (const f of t.from) expect(known).toContain(f);
      expect(ACCESS[t.action].roles.length).toBeGreaterThan(0);
    }
    for (const s of Object.keys(CLAIM_DEADLINES)) expect(known).toContain(s);
  });
  it('SUB-1, SUB-4: held, paid and reversed-not-yet-recovered lines hold the slot', () => {
    expect([...HOLDING_LINE_STATUSES]).toEqual(['held', 'paid', 'reversed']);
  });
  it('amounts in fen are shown as yuan', () => {
    expect(yuan(2_000_000_00)).toBe('2,000,000.00');
    expect(yuan(15050)).toBe('150.50');
    expect(yuan(5)).toBe('0.05');
  });
});
