import type { Allocation } from './allocation-lifecycle';
import { effectiveDueDate } from './allocation-lifecycle';
import type { Person } from './people';
import type { ProgrammeProfile } from './programme-profile';
import { addMonths, addWorkingDays, type IsoDate } from './working-days';

/**
 * 004 §2.17: "If an auditor does not complete their monthly audit, the Principal Social Worker will notify their line
 * manager. In the event that auditors repeatedly do not complete their audits this will be escalated to the next
 * tier of line management". Rung 1 is the line manager, rung 2 the next tier.
 */
export type EscalationRung = 1 | 2;

/** The day the line manager is told: working days after the (possibly extended) due date. */
export function escalationDate(profile: ProgrammeProfile, a: Pick<Allocation, 'dueDate' | 'extendedTo'>): IsoDate {
  return addWorkingDays(effectiveDueDate(a), profile.escalation.lineManagerAfterWorkingDays);
}

/**
 * Repeat non-completion: the auditor missed in at least `missed` of the last `ofMonths` months, `month` included.
 * `missedMonths` lists the months (YYYY-MM) in which the auditor let an audit go past its escalation date.
 */
export function escalationRung(profile: ProgrammeProfile, month: string, missedMonths: readonly string[]): EscalationRung {
  const rule = profile.escalation.nextTier;
  if (rule === null) return 1;
  const window = new Set(Array.from({ length: rule.ofMonths }, (_, i) => addMonths(month, -i)));
  const missedInWindow = new Set(missedMonths.filter((m) => window.has(m)));
  missedInWindow.add(month); // this month's miss is why we are escalating at all
  return missedInWindow.size >= rule.missed ? 2 : 1;
}

export type EscalationTarget =
  /** `insteadOf`: the manager this would have gone to, who is on leave (the card says so). */
  | { kind: 'person'; rung: EscalationRung; personId: string; insteadOf?: string }
  | { kind: 'qa'; rung: EscalationRung; reason: string };

/** Who hears of it: the line manager (rung 1) or their manager (rung 2); with no one there, QA, and QA is told why. */
export function escalationTarget(
  rung: EscalationRung,
  auditor: Pick<Person, 'id' | 'managerId'>,
  peopleById: ReadonlyMap<string, Pick<Person, 'id' | 'managerId'>>,
): EscalationTarget {
  const lineManagerId = auditor.managerId;
  if (lineManagerId === null || !peopleById.has(lineManagerId)) {
    return { kind: 'qa', rung, reason: `auditor ${auditor.id} has no line manager on record` };
  }
  if (rung === 1) return { kind: 'person', rung, personId: lineManagerId };
  const nextTierId = peopleById.get(lineManagerId)?.managerId ?? null;
  if (nextTierId === null || !peopleById.has(nextTierId)) {
    return { kind: 'qa', rung, reason: `line manager ${lineManagerId} of auditor ${auditor.id} has no manager on record for the next tier` };
  }
  return { kind: 'person', rung, personId: nextTierId };
}

/**
 * An escalation never goes to a manager on leave: it goes one rung up (their own manager) and says whom it skipped;
 * with no one on record there, or that one away too, QA hears of it with the reason.
 */
export function skipManagerOnLeave(
  target: EscalationTarget,
  peopleById: ReadonlyMap<string, Pick<Person, 'id' | 'managerId'>>,
  away: ReadonlySet<string>,
): EscalationTarget {
  if (target.kind !== 'person' || !away.has(target.personId)) return target;
  const upId = peopleById.get(target.personId)?.managerId ?? null;
  if (upId === null || !peopleById.has(upId)) {
    return { kind: 'qa', rung: target.rung, reason: `manager ${target.personId} is on leave and has no manager on record to take the escalation` };
  }
  if (away.has(upId)) return { kind: 'qa', rung: target.rung, reason: `manager ${target.personId} and their manager ${upId} are both on leave` };
  return { kind: 'person', rung: target.rung, personId: upId, insteadOf: target.personId };
}
