import { z } from 'zod';
import type { AllocationEvent, AllocationStatus } from './allocation-lifecycle';
import { AuditError } from './errors';
import type { ProgrammeProfile } from './programme-profile';
import { addMonths, addWorkingDays, dayOfMonthInMonth, nextWorkingDayOnOrAfter, type IsoDate } from './working-days';

/**
 * 003 "Moderation and Management oversight": service leads receive the month's audits in their area on the 28th and
 * record their oversight by the 6th of the following month; disputes are taken up with the auditor, with QA's
 * support. Pure rules only: the store records, the scheduler chases, the bot asks.
 */

export const OVERSIGHT_DECISIONS = ['agree', 'dispute'] as const;
export const OversightDecisionSchema = z.enum(OVERSIGHT_DECISIONS);
export type OversightDecision = z.infer<typeof OversightDecisionSchema>;

/** A dispute's reason is read by QA and the auditor, so it has to say something. */
export const MIN_DISPUTE_REASON = 10;

export type OversightRules = NonNullable<ProgrammeProfile['oversight']>;

export interface OversightDates {
  /** The working day on or after `dueDayNextMonth` of the month after the audits' month. */
  dueDate: IsoDate;
  /** `reminderWorkingDaysBefore` working days before the due date (the due date itself when 0). */
  reminderDate: IsoDate;
  /** The working day after the due date: still outstanding, the service lead's manager is told. */
  escalationDate: IsoDate;
}

export function oversightDates(rules: OversightRules, month: string): OversightDates {
  const dueDate = nextWorkingDayOnOrAfter(dayOfMonthInMonth(addMonths(month, 1), rules.dueDayNextMonth));
  return {
    dueDate,
    reminderDate: addWorkingDays(dueDate, -rules.reminderWorkingDaysBefore),
    escalationDate: addWorkingDays(dueDate, 1),
  };
}

/** The profile's oversight dates for a month, or null when the programme has no service-lead oversight. */
export function oversightDatesOf(profile: Pick<ProgrammeProfile, 'oversight'>, month: string): OversightDates | null {
  return profile.oversight === null ? null : oversightDates(profile.oversight, month);
}

/** An audit as the oversight rules see it: its life-cycle status, its area and any decision already recorded. */
export interface OversightFacts {
  status: AllocationStatus;
  serviceArea: string;
  oversight: OversightDecision | null;
}

/** Returned and no decision recorded: the service lead still has to look at it. */
export function needsOversight(a: Pick<OversightFacts, 'status' | 'oversight'>): boolean {
  return a.status === 'returned' && a.oversight === null;
}

/** The audits of one area still waiting for the service lead's oversight. */
export function outstandingInArea<T extends OversightFacts>(audits: readonly T[], serviceArea: string): T[] {
  return audits.filter((a) => a.serviceArea === serviceArea && needsOversight(a));
}

export interface OversightTally {
  outstanding: number;
  overseen: number;
  disputed: number;
}

/** What the list card's heading and the report count: agreed (overseen), disputed, and still to do. */
export function tallyOversight(audits: readonly Pick<OversightFacts, 'status' | 'oversight'>[]): OversightTally {
  const tally: OversightTally = { outstanding: 0, overseen: 0, disputed: 0 };
  for (const a of audits) {
    if (a.oversight === 'agree') tally.overseen += 1;
    else if (a.oversight === 'dispute') tally.disputed += 1;
    else if (needsOversight(a)) tally.outstanding += 1;
  }
  return tally;
}

export interface OversightInput {
  decision: OversightDecision;
  reason?: string | null | undefined;
}

export interface OversightOutcome {
  decision: OversightDecision;
  /** The dispute's reason, trimmed; null when the service lead agreed. */
  reason: string | null;
  /** The life-cycle move to apply with the record: agree oversees the audit; a dispute leaves it returned. */
  event: AllocationEvent | null;
  /** The audit's status once recorded. */
  status: AllocationStatus;
}

/**
 * Applies the service lead's decision to a returned audit. One decision per audit: a second is refused, because the
 * first may already have gone to QA as a dispute. Refusals are AuditError INVALID_TRANSITION, which the bot shows
 * as "nothing was changed".
 */
export function decideOversight(
  a: { id: number; caseRef: string; status: AllocationStatus },
  existing: OversightDecision | null,
  input: OversightInput,
): OversightOutcome {
  const refuse = (why: string): never => {
    throw new AuditError('INVALID_TRANSITION', `Allocation ${a.id} (${a.caseRef}): ${why}`, [why]);
  };
  if (existing !== null) refuse(`oversight is already recorded (${existing === 'agree' ? 'agreed' : 'disputed'})`);
  if (a.status !== 'returned') refuse(`it is ${a.status}: only a returned audit can be overseen`);
  if (input.decision === 'agree') return { decision: 'agree', reason: null, event: { type: 'oversee' }, status: 'overseen' };
  const reason = (input.reason ?? '').trim();
  if (reason.length < MIN_DISPUTE_REASON) refuse(`a dispute needs a reason of at least ${MIN_DISPUTE_REASON} characters`);
  return { decision: 'dispute', reason, event: null, status: 'returned' };
}
