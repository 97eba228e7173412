import { ladderKey } from '../../audit/allocation-lifecycle';
import {
  escalationDate, escalationRung, escalationTarget, skipManagerOnLeave, type EscalationRung, type EscalationTarget,
} from '../../audit/escalation-ladder';
import type { OutboxMessage } from '../../audit/outbox-messages';
import type { Person } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { IsoDate } from '../../audit/working-days';
import { escalatedMonthsBefore, updateAllocation, type AllocationDetail } from '../../store/allocations-repo';
import type { Queryable } from '../../store/db';
import type { LeaveLookup } from '../leave-lookup';
import type { Due, DueStep } from './step';

/** The day after due (004 §2.17): open audits whose escalation date has come. */
export function escalationsDue(profile: ProgrammeProfile, open: readonly AllocationDetail[], due: Due): AllocationDetail[] {
  return open.filter((a) => due(escalationDate(profile, a)));
}

/**
 * What an escalation says: the auditor hears it is overdue; the ladder's rung (or QA, with the reason) hears of it.
 * Keyed by ladderKey, so an audit extended and then late again is told, and escalated, once more for the new date.
 */
export function escalationMessages(a: AllocationDetail, rung: EscalationRung, target: EscalationTarget): OutboxMessage[] {
  const escalatesTo = target.kind === 'person' ? target.personId : null;
  const k = ladderKey(a);
  const messages: OutboxMessage[] = [
    { key: `overdue:${k}`, channel: 'teams', kind: 'overdue', recipientId: a.auditorId, payload: { allocationId: a.id, escalatesTo } },
  ];
  if (target.kind === 'person') {
    const payload = { allocationId: a.id, rung, auditorId: a.auditorId, ...(target.insteadOf === undefined ? {} : { insteadOf: target.insteadOf }) };
    messages.push({ key: `escalation:${k}:${rung}`, channel: 'teams', kind: 'escalation', recipientId: target.personId, payload });
  } else {
    messages.push({ key: `escalation-qa:${k}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { allocationId: a.id, caseRef: a.caseRef, rung, reason: target.reason } });
  }
  return messages;
}

/** Who an escalation goes to, decided before its transaction: the rung, and the manager's leave read through Graph. */
export interface EscalationPlan {
  rung: EscalationRung;
  target: EscalationTarget;
}

/**
 * Climbs the ladder for repeat lateness and skips a manager on leave (today). Null when the auditor is no longer on
 * record: the step is then done with nothing to say, as before.
 */
export async function planEscalation(
  db: Queryable,
  profile: ProgrammeProfile,
  a: AllocationDetail,
  peopleById: ReadonlyMap<string, Person>,
  leave: LeaveLookup,
  today: IsoDate,
): Promise<EscalationPlan | null> {
  const auditor = peopleById.get(a.auditorId);
  if (auditor === undefined) return null;
  const rung = escalationRung(profile, a.month, await escalatedMonthsBefore(db, a.auditorId, a.month));
  const first = escalationTarget(rung, auditor, peopleById);
  if (first.kind !== 'person') return { rung, target: first };
  return { rung, target: skipManagerOnLeave(first, peopleById, await managersAway(leave, first.personId, peopleById, today)) };
}

/**
 * Who of a manager and, when they are away, the manager above them is on leave today: all that the ladder's one rung
 * up (skipManagerOnLeave, leaveOfferRecipients) needs to know, so the one above is asked only when it matters.
 */
export async function managersAway(
  leave: LeaveLookup,
  managerId: string | null,
  peopleById: ReadonlyMap<string, Person>,
  today: IsoDate,
): Promise<Set<string>> {
  const away = new Set<string>();
  const manager = managerId === null ? undefined : peopleById.get(managerId);
  if (manager === undefined || !(await leave.awayOn(manager, [today])).away) return away;
  away.add(manager.id);
  const up = manager.managerId === null ? undefined : peopleById.get(manager.managerId);
  if (up !== undefined && (await leave.awayOn(up, [today])).away) away.add(up.id);
  return away;
}

/** The step: record the escalation and queue its messages; once per due date. */
export function escalationStep(a: AllocationDetail, plan: EscalationPlan | null, actor: string): DueStep {
  return {
    step: `escalation:${ladderKey(a)}`,
    period: a.month,
    work: async (tx) => {
      if (plan === null) return [];
      await updateAllocation(tx, a.id, { type: 'escalate', level: plan.rung }, actor);
      return escalationMessages(a, plan.rung, plan.target);
    },
  };
}
