import type { Cohort } from './cases';
import { addMonths } from './working-days';

/**
 * Which cases the month's draw leaves out, and why (issue #16 item 7, a local rule: no domain document sets it).
 * A case audited in the months before is not drawn again, so the sample spreads over the caseload; a themed month
 * draws its cohorts first. Re-audits of Inadequate cases are outside these rules: they are owed (003 "re-audited
 * after a month") whatever the window says.
 */

/** A case's latest month with an audit or re-audit that was not exempted (what the store's draw history gives). */
export interface AuditedCase {
  caseRef: string;
  month: string;
}

/** Why a case in the case list was not drawn this month: typed, so the CLI can count and list them. */
export type DrawSkip = { caseRef: string; serviceArea: string } & (
  | { reason: 'closed' }
  | { reason: 'recently-audited'; auditedIn: string; windowMonths: number }
  /** Every auditor has a conflict of interest (004 §2.1); another case took its place. */
  | { reason: 'conflict-of-interest'; conflicts: readonly string[] }
  | { reason: 'outside-cohorts'; cohort: Cohort; cohorts: readonly Cohort[] }
  | { reason: 'sample-full'; sampleSize: number }
);
export type SkipReason = DrawSkip['reason'];

/** The order skips are counted and listed in: the rules first, then the luck of the draw. */
export const SKIP_REASONS: readonly SkipReason[] = ['recently-audited', 'conflict-of-interest', 'outside-cohorts', 'sample-full', 'closed'];

/**
 * Cases audited within the window, by their latest audited month: the `windowMonths` months before `month` (12 before
 * 2026-12 is 2025-12 to 2026-11). A window of 0 excludes nothing.
 */
export function recentlyAudited(month: string, windowMonths: number, history: readonly AuditedCase[]): Map<string, string> {
  const out = new Map<string, string>();
  if (windowMonths <= 0) return out;
  const from = addMonths(month, -windowMonths);
  for (const h of history) {
    if (h.month < from || h.month >= month) continue;
    const seen = out.get(h.caseRef);
    if (seen === undefined || h.month > seen) out.set(h.caseRef, h.month);
  }
  return out;
}

/** The months a window covers before `month`, as [from, before), or null when it is off: what the store is asked for. */
export function exclusionWindow(month: string, windowMonths: number): { from: string; before: string } | null {
  return windowMonths <= 0 ? null : { from: addMonths(month, -windowMonths), before: month };
}

/** One line for a skipped case: its reference and why, never a name. */
export function describeSkip(s: DrawSkip): string {
  switch (s.reason) {
    case 'closed':
      return `${s.caseRef}: the case is closed`;
    case 'recently-audited':
      return `${s.caseRef}: audited in ${s.auditedIn} (within ${s.windowMonths} months)`;
    case 'conflict-of-interest':
      return `${s.caseRef}: conflict of interest for every auditor (${s.conflicts.join('; ')})`;
    case 'outside-cohorts':
      return `${s.caseRef}: not in this month's cohorts (${s.cohorts.join(', ')}) and the sample was full`;
    case 'sample-full':
      return `${s.caseRef}: not drawn, the ${s.serviceArea} sample of ${s.sampleSize} was full`;
  }
}

/** How a group of skips is counted in one phrase: "3 audited within 12 months". */
export function describeSkipCount(reason: SkipReason, skips: readonly DrawSkip[]): string {
  const n = skips.length;
  switch (reason) {
    case 'closed':
      return `${n} closed`;
    case 'recently-audited': {
      const first = skips[0];
      return `${n} audited within ${first?.reason === 'recently-audited' ? first.windowMonths : '?'} months`;
    }
    case 'conflict-of-interest':
      return `${n} with a conflict of interest for every auditor`;
    case 'outside-cohorts':
      return `${n} not in this month's cohorts`;
    case 'sample-full':
      return `${n} not drawn (sample full)`;
  }
}
