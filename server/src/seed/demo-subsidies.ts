/**
 * Demo subsidy claims (SUB-1 … SUB-4), through the subsidies module's own rules and queries so the
 * amounts are the platform's: the demo school's older certificates claimed and paid (one line since
 * reversed, its money being recovered), its next ones in publicity, and 郑州市第一技师学院's claim
 * waiting for the city past its acceptance deadline; 郑州's special account for the year. The demo
 * school's newest certificates are left for its administrator to claim.
 */
import type { Transaction } from 'kysely';
import type { ClaimStatus } from '../../../contract/subsidy-workflow.js';
import type { DB } from '../database/schema.js';
import { fieldCipher } from '../lib/field-crypto.js';
import type { CalendarOverrides } from '../lib/workdays.js';
import { certificatesIssuedBy } from '../modules/certificates/claimable.queries.js';
import { institutionWithPath } from '../modules/institutions/institutions.queries.js';
import { maskBankAccount, type ClaimCandidate } from '../modules/subsidies/claim-lines.js';
import { fundRegionOf, judge } from '../modules/subsidies/claims.service.js';
import { insertDraftClaim, insertStep, updateClaim } from '../modules/subsidies/claims.queries.js';
import { dueDateFor, publicityEnd } from '../modules/subsidies/deadlines.js';
import {
  holdDraftLines,
  draftLine,
  insertLines,
  lineTotals,
  moveClaimLines,
  paidLinesOf,
  reverseLines,
} from '../modules/subsidies/lines.queries.js';
import { insertPayment, insertRecovery, insertReversal, upsertFund } from '../modules/subsidies/money.queries.js';

interface DemoPeople {
  id: number;
  name: string;
  role: string;
}

export async function seedDemoSubsidies(
  trx: Transaction<DB>,
  o: {
    keyDir: string;
    nowIso: string;
    /** the business date `n` days before now */
    dayAgo: (n: number) => string;
    thisYear: number;
    institutions: ReadonlyMap<string, number>;
    users: { school: DemoPeople; technician: DemoPeople; city: DemoPeople; finance: DemoPeople };
  },
) {
  const overrides: CalendarOverrides = new Map();
  const cipher = fieldCipher(o.keyDir);
  const at = (day: string) => `${day}T02:00:00.000Z`;
  const school = o.institutions.get('郑州智能制造职业学院')!;
  const technician = o.institutions.get('郑州市第一技师学院')!;
  const zhengzhou = '410100';

  await upsertFund(trx, {
    region_code: zhengzhou,
    year: o.thisYear,
    budget_fen: 2_000_000_00,
    note: '省级下达职业技能提升行动专账资金',
    updated_by: o.users.finance.id,
    updated_by_name: o.users.finance.name,
    updated_at: o.nowIso,
  });

  const step = (
    claimId: number,
    who: DemoPeople,
    s: string,
    from: string | null,
    to: string,
    day: string,
    extra: { reason?: string; detail?: string } = {},
  ) =>
    insertStep(trx, {
      claim_id: claimId,
      step: s,
      from_status: from,
      to_status: to,
      actor_id: who.id,
      actor_name: who.name,
      actor_role: who.role,
      reason: extra.reason ?? null,
      detail: extra.detail ?? null,
      on_date: day,
      at: at(day),
    });

  /** A claim of an institution's certificates issued between two dates, submitted on `submitted`. */
  const claim = async (
    institutionId: number,
    creator: DemoPeople,
    from: string,
    to: string,
    submitted: string,
    title: string,
  ) => {
    const rows = await certificatesIssuedBy(trx, institutionId, from, to, 2000);
    const candidates: ClaimCandidate[] = rows.map((r) => ({
      lineKind: 'evaluation',
      learnerId: r.learner_id,
      occupationId: r.occupation_id,
      level: r.level,
      sourceType: 'certificate',
      certificateId: r.id,
      pathway: r.pathway,
      basisDate: r.issued_on,
      sourceProblem: r.status === 'revoked' ? 'revoked' : r.status === 'suspended' ? 'suspended' : null,
    }));
    const eligible = (await judge(trx, 'evaluation', candidates)).filter((l) => !l.reason);
    if (!eligible.length) return null;
    const account = institutionId === school ? '6222020200112345678' : '6228480018765432109';
    const id = await insertDraftClaim(
      trx,
      {
        institution_id: institutionId,
        kind: 'evaluation',
        title,
        fund_region_code: fundRegionOf((await institutionWithPath(trx, institutionId))!.region_path),
        line_count: eligible.length,
        amount_fen: eligible.reduce((s, l) => s + l.amountFen, 0),
        created_by: creator.id,
      },
      at(submitted),
    );
    await insertLines(
      trx,
      eligible.map((l) => draftLine(id, l)),
    );
    await step(id, creator, 'create', null, 'draft', submitted);
    await holdDraftLines(trx, id);
    const due = dueDateFor('submitted', { submitted_on: submitted, publicity_until: null }, overrides)!;
    await updateClaim(trx, id, 'draft', {
      status: 'submitted',
      payee_name: institutionId === school ? '郑州智能制造职业学院' : '郑州市第一技师学院',
      payee_bank: institutionId === school ? '中国工商银行郑州金水支行' : '中国农业银行郑州中原支行',
      payee_account: cipher.seal(account, 'subsidy_claims.payee_account'),
      payee_account_masked: maskBankAccount(account),
      submitted_on: submitted,
      submitted_at: at(submitted),
      due_on: due.date,
    });
    await step(id, creator, 'submit', 'draft', 'submitted', submitted, { detail: `受理时限 ${due.date}` });
    return { id, account };
  };
  const move = async (id: number, from: ClaimStatus, patch: Parameters<typeof updateClaim>[3]) =>
    updateClaim(trx, id, from, { ...patch, updated_at: o.nowIso });

  // 1. paid: the demo school's certificates issued more than 200 days ago
  const paid = await claim(
    school,
    o.users.school,
    '2000-01-01',
    o.dayAgo(200),
    o.dayAgo(60),
    '2025年度评价补贴申领（第一批）',
  );
  if (paid) {
    const accepted = o.dayAgo(56);
    const approved = o.dayAgo(50);
    const until = publicityEnd(approved, overrides).date;
    const financed = o.dayAgo(40);
    const paidOn = o.dayAgo(35);
    await move(paid.id, 'submitted', { status: 'accepted' });
    await step(paid.id, o.users.city, 'accept', 'submitted', 'accepted', accepted);
    await move(paid.id, 'accepted', { status: 'publicity', publicity_from: approved, publicity_until: until });
    await step(paid.id, o.users.city, 'approve', 'accepted', 'publicity', approved, {
      detail: `公示 ${approved} 至 ${until}`,
    });
    const total = (await lineTotals(trx, paid.id)).find((t) => t.status === 'held')!;
    await move(paid.id, 'publicity', {
      status: 'finance_approved',
      fund_source: 'special_account',
      fund_year: Number(financed.slice(0, 4)),
    });
    await step(paid.id, o.users.finance, 'finance_approve', 'publicity', 'finance_approved', financed);
    await moveClaimLines(trx, paid.id, ['held'], 'paid');
    await insertPayment(trx, {
      claim_id: paid.id,
      amount_fen: total.amountFen,
      paid_on: paidOn,
      voucher_no: `ZZCZ-${paidOn.replaceAll('-', '')}-001`,
      payee_name: '郑州智能制造职业学院',
      bank_name: '中国工商银行郑州金水支行',
      bank_account: cipher.seal(paid.account, 'subsidy_payments.bank_account'),
      bank_account_masked: maskBankAccount(paid.account),
      fund_source: 'special_account',
      fund_region_code: zhengzhou,
      fund_year: Number(financed.slice(0, 4)),
      paid_by: o.users.finance.id,
      paid_by_name: o.users.finance.name,
      created_at: at(paidOn),
    });
    await move(paid.id, 'finance_approved', { status: 'paid', due_on: null });
    await step(paid.id, o.users.finance, 'pay', 'finance_approved', 'paid', paidOn);
    // SUB-4: one line reversed after an inspection, half of its money back so far
    const [line] = await paidLinesOf(trx, paid.id);
    if (line) {
      const reversed = o.dayAgo(20);
      const reason = '专项检查发现该考生实操考核记录不全，冲销并追缴该笔评价补贴';
      const rid = await insertReversal(trx, {
        claim_id: paid.id,
        reason,
        line_count: 1,
        amount_fen: line.amount_fen,
        recovered_fen: Math.floor(line.amount_fen / 2),
        status: 'recovering',
        created_by: o.users.city.id,
        created_by_name: o.users.city.name,
        created_at: at(reversed),
        recovered_at: null,
      });
      await reverseLines(trx, [line.id], rid);
      await step(paid.id, o.users.city, 'reverse', 'paid', 'paid', reversed, { reason });
      await insertRecovery(trx, {
        reversal_id: rid,
        amount_fen: Math.floor(line.amount_fen / 2),
        received_on: o.dayAgo(10),
        note: '机构已退回一半，余款限期退回',
        recorded_by: o.users.finance.id,
        recorded_by_name: o.users.finance.name,
        created_at: at(o.dayAgo(10)),
      });
      await step(paid.id, o.users.finance, 'recover', 'paid', 'paid', o.dayAgo(10));
    }
  }

  // 2. in publicity: the demo school's certificates issued 200 to 100 days ago, approved yesterday
  const inPublicity = await claim(
    school,
    o.users.school,
    o.dayAgo(199),
    o.dayAgo(100),
    o.dayAgo(8),
    '2025年度评价补贴申领（第二批）',
  );
  if (inPublicity) {
    const approved = o.dayAgo(1);
    const until = publicityEnd(approved, overrides).date;
    const due = dueDateFor('publicity', { submitted_on: null, publicity_until: until }, overrides)!;
    await move(inPublicity.id, 'submitted', { status: 'accepted' });
    await step(inPublicity.id, o.users.city, 'accept', 'submitted', 'accepted', o.dayAgo(6));
    await move(inPublicity.id, 'accepted', {
      status: 'publicity',
      publicity_from: approved,
      publicity_until: until,
      due_on: due.date,
    });
    await step(inPublicity.id, o.users.city, 'approve', 'accepted', 'publicity', approved, {
      detail: `公示 ${approved} 至 ${until}`,
    });
  }

  // 3. waiting for the city past its 10 working days (SUB-2): 郑州市第一技师学院, submitted 20 days ago
  await claim(technician, o.users.technician, '2000-01-01', o.dayAgo(30), o.dayAgo(20), '评价补贴申领');
}
