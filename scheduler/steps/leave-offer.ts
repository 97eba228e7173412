import { effectiveDueDate, ladderKey } from '../../audit/allocation-lifecycle';
import type { OutboxMessage } from '../../audit/outbox-messages';
import { qaOfficers, type Person } from '../../audit/people';
import type { AllocationDetail } from '../../store/allocations-repo';
import type { LeaveAnswer } from '../leave-lookup';
import { send, type DueStep } from './step';

/**
 * An auditor on leave through the due date: chasing pauses, and their line manager (or, if the line manager is on
 * leave too, the next tier; with no one, each QA officer) gets one card offering an extension, an exemption or a
 * reallocation. Once per due date (ladderKey), so an extension for after the leave re-arms the ordinary ladder.
 */
export function leaveOfferStep(a: AllocationDetail, answer: LeaveAnswer, recipients: readonly Pick<Person, 'id'>[]): DueStep {
  const k = ladderKey(a);
  const payload = { allocationId: a.id, auditorId: a.auditorId, dueDate: effectiveDueDate(a), leaveEnds: answer.until };
  const messages: OutboxMessage[] = recipients.map((r) => ({
    key: `leave-offer:${k}:${r.id}`, channel: 'teams', kind: 'leave-offer', recipientId: r.id, payload,
  }));
  return { step: `leave-offer:${k}`, period: a.month, work: send(messages) };
}

/** Who decides for an auditor on leave: the line manager unless away, else the next tier, else QA. */
export function leaveOfferRecipients(auditor: Person, peopleById: ReadonlyMap<string, Person>, away: ReadonlySet<string>): Person[] {
  const lm = auditor.managerId === null ? undefined : peopleById.get(auditor.managerId);
  if (lm !== undefined && !away.has(lm.id)) return [lm];
  const up = lm?.managerId === null || lm === undefined ? undefined : peopleById.get(lm.managerId);
  if (up !== undefined && !away.has(up.id)) return [up];
  return qaOfficers([...peopleById.values()]);
}
