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
 * the 7-day follow-up; every return tells the allocated worker and team manager it is done (003 Audit Process Flow
 * Chart) and asks the team manager for Part B (004 §7).
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
      // Never to the QA officer who audited it: nobody moderates their own audit (004 §2.16).
      for (const qa of people.filter((p) => hasRole(p, 'qa') && p.id !== a.auditorId)) {
        messages.push({ key: `moderation-request:${a.id}:${qa.id}`, channel: 'teams', kind: 'moderation-request', recipientId: qa.id, payload: { ...base, auditorId: a.auditorId } });
      }
    }
  }
  messages.push(...completionNotices(profile, a, c, base));
  const due = partBDueDate(profile, returnedOn, r);
  const partB = due === null ? null : { teamManagerId: c.teamManagerId, dueDate: due };
  if (partB !== null && partB.teamManagerId !== null) {
    messages.push({ key: `partb-request:${a.id}`, channel: 'teams', kind: 'part-b-request', recipientId: partB.teamManagerId, payload: { ...base, dueDate: partB.dueDate } });
  }
  return { messages, partB };
}

type CompletionTarget = 'allocated-worker' | 'team-manager';

/**
 * "Practice Managers notifies Social Worker & Team Manager ... of the audit completed" (003 Audit Process Flow Chart),
 * to whichever of them the profile names. Someone not on record is skipped, not an error (the urgent path reports
 * missing people to QA; a routine notice need not); the auditor is never told of their own audit; one person in
 * both roles is told once.
 */
function completionNotices(
  profile: ProgrammeProfile,
  a: Allocation,
  c: Case,
  base: { allocationId: number; caseRef: string; month: string; serviceArea: string; team: string; grade: string | null },
): PlannedMessage[] {
  const wanted: [CompletionTarget, string | null][] = [];
  if (profile.completionNotices.allocatedWorker) wanted.push(['allocated-worker', c.allocatedWorkerId]);
  if (profile.completionNotices.teamManager) wanted.push(['team-manager', c.teamManagerId]);
  const told = new Set<string>([a.auditorId]);
  const messages: PlannedMessage[] = [];
  for (const [target, personId] of wanted) {
    if (personId === null || told.has(personId)) continue;
    told.add(personId);
    messages.push({ key: `completion:${a.id}:${personId}`, channel: 'teams', kind: 'completion-notice', recipientId: personId, payload: { ...base, auditorId: a.auditorId, target } });
  }
  return messages;
}
