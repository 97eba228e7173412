import type { Allocation } from './allocation-lifecycle';
import { isUrgent, type AuditResponse } from './audit-response';
import type { Case } from './cases';
import type { OutboxMessage } from './outbox-messages';
import { inadequateDeadlines, urgentRecipients } from './inadequate-path';
import { partBDueDate } from './part-b';
import { hasRole, type Person } from './people';
import type { ProgrammeProfile } from './programme-profile';
import type { IsoDate } from './working-days';

/** A message the programme must send, as plain data; the store queues it with the change that caused it. */
export type PlannedMessage = OutboxMessage;

export interface ResponseFollowUps {
  messages: PlannedMessage[];
  partB: { teamManagerId: string | null; dueDate: IsoDate } | null;
}

/**
 * What a returned audit sets in motion. An Inadequate grade or safeguarding concern tells the allocated worker, team
 * manager and AD at once, in writing (004 §2.11), asks QA to moderate (003), and sets the 3-working-day update and
 * the 7-day follow-up; every return asks the team manager for Part B (004 §7).
 */
export function responseFollowUps(
  profile: ProgrammeProfile,
  a: Allocation,
  c: Case,
  r: Pick<AuditResponse, 'grade' | 'safeguardingConcern'>,
  /** Everyone on record; read only on the urgent path, so a caller may pass [] when `isUrgent(r)` is false. */
  people: readonly Person[],
  returnedOn: IsoDate,
): ResponseFollowUps {
  const messages: PlannedMessage[] = [];
  const base = { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: c.serviceArea, team: c.team, grade: r.grade };
  if (isUrgent(r)) {
    const deadlines = inadequateDeadlines(profile, a.month, returnedOn);
    const { recipients, missing } = urgentRecipients(profile, c, people);
    const alert = { ...base, auditorId: a.auditorId, safeguardingConcern: r.safeguardingConcern, ...deadlines };
    for (const { target, personId } of recipients) {
      messages.push({ key: `urgent:${a.id}:${personId}`, channel: 'teams', kind: 'inadequate-alert', recipientId: personId, payload: { ...alert, target } });
      if (profile.inadequate.alsoByEmail) {
        messages.push({ key: `urgent-email:${a.id}:${personId}`, channel: 'email', kind: 'inadequate-email', recipientId: personId, payload: { ...alert, target } });
      }
    }
    for (const target of missing) {
      messages.push({ key: `urgent-missing:${a.id}:${target}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { ...base, reason: `no ${target} on record for this case: the urgent notice could not go to them` } });
    }
    if (r.grade === 'Inadequate' && profile.inadequate.moderatedByQa) {
      for (const qa of people.filter((p) => hasRole(p, 'qa'))) {
        messages.push({ key: `moderation-request:${a.id}:${qa.id}`, channel: 'teams', kind: 'moderation-request', recipientId: qa.id, payload: { ...base, auditorId: a.auditorId } });
      }
    }
  }
  const due = partBDueDate(profile, returnedOn, r);
  const partB = due === null ? null : { teamManagerId: c.teamManagerId, dueDate: due };
  if (partB !== null && partB.teamManagerId !== null) {
    messages.push({ key: `partb-request:${a.id}`, channel: 'teams', kind: 'part-b-request', recipientId: partB.teamManagerId, payload: { ...base, dueDate: partB.dueDate } });
  }
  return { messages, partB };
}
