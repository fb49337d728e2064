/**
 * SUB-2 and SUB-3 on the official working-day calendar (lib/workdays.ts: holidays and adjusted
 * working weekends, with administrators' corrections), as pure functions of business dates
 * (`YYYY-MM-DD` in China Standard Time).
 *
 * - A stage's deadline is counted from its start day, that day not counted (CLAIM_DEADLINES).
 * - A claim is overdue on the first day after its deadline; it is N working days late when N
 *   working days have passed since the deadline (a weekend after a Friday deadline adds none).
 * - The publicity starts on the day HRSS approves; its working days are counted from the next
 *   one, like the results publicity (CERT-2), so finance may approve from the day after the third.
 */
import { CLAIM_DEADLINES, PUBLICITY_WORKING_DAYS, type ClaimStatus } from '../../../../contract/subsidy-workflow.js';
import { addDays } from '../../lib/dates.js';
import { addWorkingDays, isWorkday, type CalendarOverrides, type WorkdayResult } from '../../lib/workdays.js';

export interface ClaimDates {
  submitted_on: string | null;
  publicity_until: string | null;
}

/** The stage a claim in `status` waits in (null when nobody has to act by a deadline). */
export function deadlineOf(status: string) {
  return (CLAIM_DEADLINES as Partial<Record<ClaimStatus, (typeof CLAIM_DEADLINES)[keyof typeof CLAIM_DEADLINES]>>)[
    status as ClaimStatus
  ];
}

/** The deadline of the stage a claim enters with `status`, or null. */
export function dueDateFor(status: string, c: ClaimDates, overrides: CalendarOverrides): WorkdayResult | null {
  const d = deadlineOf(status);
  if (!d) return null;
  const start = d.from === 'submitted' ? c.submitted_on : c.publicity_until;
  if (!start) return null;
  return addWorkingDays(start, d.workingDays, overrides);
}

/** SUB-3: the last day of a publicity that starts on `from`. */
export function publicityEnd(from: string, overrides: CalendarOverrides): WorkdayResult {
  return addWorkingDays(from, PUBLICITY_WORKING_DAYS, overrides);
}

/** SUB-3: the first day finance may approve payment. */
export const financeOpensOn = (publicityUntil: string) => addDays(publicityUntil, 1);

/** Working days after `due` up to and including `today` (0 when not past it). */
export function workingDaysLate(due: string, today: string, overrides: CalendarOverrides): number {
  let n = 0;
  for (let d = addDays(due, 1); d <= today; d = addDays(d, 1)) if (isWorkday(d, overrides)) n++;
  return n;
}
