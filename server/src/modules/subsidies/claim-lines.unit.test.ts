import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  judgeCandidates,
  maskBankAccount,
  periodsOverlap,
  priceOf,
  rateOn,
  slotKey,
  type ClaimCandidate,
  type RateRow,
  type SlotState,
} from './claim-lines.js';

const RATES: RateRow[] = [
  {
    id: 1,
    kind: 'evaluation',
    level: 4,
    amount_fen: 24000,
    percent: null,
    valid_from: '2022-01-01',
    valid_to: '2025-06-30',
  },
  { id: 2, kind: 'evaluation', level: 4, amount_fen: 30000, percent: null, valid_from: '2025-07-01', valid_to: null },
  {
    id: 3,
    kind: 'recognition_share',
    level: 0,
    amount_fen: null,
    percent: 50,
    valid_from: '2022-01-01',
    valid_to: null,
  },
  {
    id: 4,
    kind: 'special_ability',
    level: 0,
    amount_fen: 10000,
    percent: null,
    valid_from: '2022-01-01',
    valid_to: null,
  },
  { id: 5, kind: 'training', level: 5, amount_fen: 120000, percent: null, valid_from: '2022-01-01', valid_to: null },
];
const cand = (f: Partial<ClaimCandidate> = {}): ClaimCandidate => ({
  lineKind: 'evaluation',
  learnerId: 1,
  occupationId: 10,
  level: 4,
  sourceType: 'certificate',
  certificateId: 100,
  pathway: 'exam',
  basisDate: '2025-06-30',
  ...f,
});

describe('claim lines (SUB-1)', () => {
  it('SUB-1: the rate of a date is the one in force that day, both ends included', () => {
    expect(rateOn(RATES, 'evaluation', 4, '2025-06-30')?.id).toBe(1);
    expect(rateOn(RATES, 'evaluation', 4, '2025-07-01')?.id).toBe(2);
    expect(rateOn(RATES, 'evaluation', 4, '2021-12-31')).toBeUndefined();
  });
  it('SUB-1: direct recognition is paid at the share of the evaluation rate, rounded to the fen; special ability has one rate', () => {
    expect(priceOf(RATES, cand({ pathway: 'recognition', basisDate: '2025-07-01' }))).toEqual({
      rateId: 2,
      amountFen: 15000,
    });
    expect(priceOf(RATES, cand({ lineKind: 'special_ability', level: 0 }))).toEqual({ rateId: 4, amountFen: 10000 });
    expect(priceOf(RATES, cand({ lineKind: 'training', level: 5 }))).toEqual({ rateId: 5, amountFen: 120000 });
    expect(priceOf(RATES, cand({ level: 3 }))).toBeNull();
  });
  it('SUB-1: reasons in order — the source’s own problem, paid, claimed elsewhere, twice in this claim, no rate', () => {
    const slots = new Map<number, SlotState>([
      [slotKey('evaluation', 2, 10, 4), 'paid'],
      [slotKey('evaluation', 3, 10, 4), 'held'],
    ]);
    const judged = judgeCandidates(
      [
        cand({ sourceProblem: 'revoked' }),
        cand({ learnerId: 2 }),
        cand({ learnerId: 3 }),
        cand({ learnerId: 4 }),
        cand({ learnerId: 4, certificateId: 101 }),
        cand({ learnerId: 5, basisDate: '2020-01-01' }),
        // another subsidy for a paid slot's person: a different kind, a different slot
        cand({ learnerId: 2, lineKind: 'training', level: 5 }),
      ],
      RATES,
      slots,
    );
    expect(judged.map((l) => [l.reason, l.amountFen])).toEqual([
      ['revoked', 0],
      ['already_paid', 0],
      ['already_claimed', 0],
      [null, 24000],
      ['duplicate_in_claim', 0],
      ['rate_missing', 0],
      [null, 120000],
    ]);
  });
  it('SUB-1 (property): eligible lines never share a slot with each other or with a slot held anywhere', () => {
    const candidate = fc.record({
      learnerId: fc.integer({ min: 1, max: 6 }),
      occupationId: fc.integer({ min: 1, max: 3 }),
      level: fc.constantFrom(4),
      basisDate: fc.constantFrom('2021-06-01', '2024-01-01', '2025-08-01'),
      pathway: fc.constantFrom('exam', 'recognition'),
    });
    fc.assert(
      fc.property(
        fc.array(candidate, { maxLength: 40 }),
        fc.array(
          fc.tuple(
            fc.integer({ min: 1, max: 6 }),
            fc.integer({ min: 1, max: 3 }),
            fc.constantFrom<SlotState>('held', 'paid'),
          ),
          {
            maxLength: 10,
          },
        ),
        (cs, held) => {
          const slots = new Map(held.map(([l, o, s]) => [slotKey('evaluation', l, o, 4), s]));
          const judged = judgeCandidates(
            cs.map((c) => cand(c)),
            RATES,
            slots,
          );
          const keys = judged
            .filter((l) => !l.reason)
            .map((l) => slotKey(l.lineKind, l.learnerId, l.occupationId, l.level));
          expect(new Set(keys).size).toBe(keys.length);
          for (const k of keys) expect(slots.has(k)).toBe(false);
          for (const l of judged) expect(l.reason ? l.amountFen === 0 : l.amountFen > 0).toBe(true);
        },
      ),
    );
  });
  it('validity periods overlap when they share a day; an open end runs on', () => {
    expect(periodsOverlap('2025-07-01', null, '2022-01-01', '2025-06-30')).toBe(false);
    expect(periodsOverlap('2025-06-30', null, '2022-01-01', '2025-06-30')).toBe(true);
    expect(periodsOverlap('2020-01-01', '2021-01-01', '2022-01-01', null)).toBe(false);
  });
  it('a bank account is shown as its first four and last four digits', () => {
    expect(maskBankAccount('6222020200198765678')).toBe('6222 **** **** 5678');
    expect(maskBankAccount('12345678')).toBe('**** 5678');
  });
});
