import { ladderKey } from '../../audit/allocation-lifecycle';
import { escalationDate, escalationRung, escalationTarget, type EscalationRung, type EscalationTarget } from '../../audit/escalation-ladder';
import type { OutboxMessage } from '../../audit/outbox-messages';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { escalatedMonthsBefore, updateAllocation, type AllocationDetail } from '../../store/allocations-repo';
import { listPeople } from '../../store/people-repo';
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
    messages.push({ key: `escalation:${k}:${rung}`, channel: 'teams', kind: 'escalation', recipientId: target.personId, payload: { allocationId: a.id, rung, auditorId: a.auditorId } });
  } else {
    messages.push({ key: `escalation-qa:${k}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { allocationId: a.id, caseRef: a.caseRef, rung, reason: target.reason } });
  }
  return messages;
}

/** The step: climb the ladder for repeat lateness, record the escalation, and queue its messages; once per due date. */
export function escalationStep(profile: ProgrammeProfile, a: AllocationDetail, actor: string): DueStep {
  return {
    step: `escalation:${ladderKey(a)}`,
    period: a.month,
    work: async (tx) => {
      const people = await listPeople(tx);
      const byId = new Map(people.map((p) => [p.id, p]));
      const auditor = byId.get(a.auditorId);
      if (auditor === undefined) return [];
      const rung = escalationRung(profile, a.month, await escalatedMonthsBefore(tx, a.auditorId, a.month));
      const target = escalationTarget(rung, auditor, byId);
      await updateAllocation(tx, a.id, { type: 'escalate', level: rung }, actor);
      return escalationMessages(a, rung, target);
    },
  };
}
