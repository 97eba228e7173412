import type { Case } from './cases';
import type { Grade } from './grades';
import type { ProgrammeProfile } from './programme-profile';
import { addWorkingDays, type IsoDate } from './working-days';

/**
 * 004 §7.1: Part B is completed by the worker and team manager "at the next available supervision – or within 5
 * working days if the case is graded inadequate and where immediate safeguarding actions are identified": both, not
 * either. 004 §7.5: non-compliance is escalated to the Assistant Director.
 */
export function isPartBUrgent(r: { grade: Grade | null; safeguardingConcern: boolean }): boolean {
  return r.grade === 'Inadequate' && r.safeguardingConcern;
}

export function partBDueDate(
  profile: ProgrammeProfile,
  returnedOn: IsoDate,
  r: { grade: Grade | null; safeguardingConcern: boolean },
): IsoDate | null {
  if (profile.partB === null) return null;
  return addWorkingDays(returnedOn, isPartBUrgent(r) ? profile.partB.inadequateWorkingDays : profile.partB.nextSupervisionWorkingDays);
}

/**
 * Who completes Part B. 004 §7.2: "In the event that the case has closed, the audit should be sent to the previous
 * team manager for review and completion of Part B" — the team manager still on the case record. A closed case with
 * nobody on record goes to QA by hand rather than being skipped silently.
 */
export type PartBRoute =
  | { to: 'team-manager'; teamManagerId: string; caseClosed: boolean }
  | { to: 'qa'; caseClosed: true; reason: string }
  | { to: 'nobody' };

export function partBRoute(c: Pick<Case, 'caseRef' | 'teamManagerId' | 'open'>): PartBRoute {
  if (c.teamManagerId !== null) return { to: 'team-manager', teamManagerId: c.teamManagerId, caseClosed: !c.open };
  if (!c.open) {
    return { to: 'qa', caseClosed: true, reason: `${c.caseRef} has closed and no previous team manager is on record: send Part B to whoever can complete it (004 §7.2)` };
  }
  return { to: 'nobody' };
}

/** The audit's "what needs to improve", offered as Part B's suggested actions for the team manager to edit (004 §7.3). */
export function suggestedActionsFrom(improvement: string | null | undefined): string {
  return (improvement ?? '').trim().slice(0, 4000);
}
