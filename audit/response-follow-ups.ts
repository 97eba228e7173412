import type { Allocation } from './allocation-lifecycle';
import { isUrgent, type AuditResponse } from './audit-response';
import type { Case } from './cases';
import type { OutboxMessage } from './outbox-messages';
import { inadequateDeadlines, urgentRecipients } from './inadequate-path';
import { startsInadequatePath } from './kind-forms';
import { pathAtReturn, roundKey } from './inadequate-update';
import { partBDueDate, partBRoute } from './part-b';
import { hasRole, type Person } from './people';
import type { ProgrammeProfile } from './programme-profile';
import type { IsoDate } from './working-days';

/** A message the programme must send, as plain data; the store queues it with the change that caused it. */
export type PlannedMessage = OutboxMessage;

export interface ResponseFollowUps {
  messages: PlannedMessage[];
  partB: { teamManagerId: string | null; dueDate: IsoDate } | null;
  /** An Inadequate grade puts the audit on the path: waiting for QA's moderation, or open from the return. */
  inadequatePath: { status: 'awaiting-moderation' | 'open'; startedOn: IsoDate | null } | null;
}

type AuditBase = { allocationId: number; caseRef: string; month: string; serviceArea: string; team: string; grade: string | null };

/**
 * The urgent notices (004 §2.11) for a path opened on `startedOn`: to each person the profile names, by e-mail too
 * where it asks, and to QA for each target nobody fills. Keys are per round, so a notice already sent (a
 * safeguarding concern's, at return) is not sent again when QA then agrees the grade.
 */
export function urgentNotices(
  profile: ProgrammeProfile,
  a: Pick<Allocation, 'id' | 'caseRef' | 'month' | 'auditorId'>,
  c: Case,
  grade: string | null,
  safeguardingConcern: boolean,
  people: readonly Person[],
  startedOn: IsoDate,
  round = 1,
): PlannedMessage[] {
  const messages: PlannedMessage[] = [];
  const base: AuditBase = { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: c.serviceArea, team: c.team, grade };
  const deadlines = inadequateDeadlines(profile, a.month, startedOn);
  const { recipients, missing } = urgentRecipients(profile, c, people);
  const alert = { ...base, auditorId: a.auditorId, safeguardingConcern, ...deadlines };
  for (const { target, personId } of recipients) {
    messages.push({ key: roundKey(`urgent:${a.id}:${personId}`, round), channel: 'teams', kind: 'inadequate-alert', recipientId: personId, payload: { ...alert, target } });
    if (profile.inadequate.alsoByEmail) {
      messages.push({ key: roundKey(`urgent-email:${a.id}:${personId}`, round), channel: 'email', kind: 'inadequate-email', recipientId: personId, payload: { ...alert, target } });
    }
  }
  for (const target of missing) {
    messages.push({ key: roundKey(`urgent-missing:${a.id}:${target}`, round), channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { ...base, reason: `no ${target} on record for this case: the urgent notice could not go to them` } });
  }
  return messages;
}

/**
 * What a returned audit sets in motion. An Inadequate grade or safeguarding concern tells the allocated worker, team
 * manager and AD in writing (004 §2.11) and sets the 3-working-day update and the 7-day follow-up; where the profile
 * has QA moderate first, an Inadequate grade is sent to QA and the notices follow QA's agreement (003) instead.
 * Every return tells the allocated worker and team manager it is done (003 Audit Process Flow Chart) and asks the
 * team manager for Part B (004 §7).
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
  const base: AuditBase = { allocationId: a.id, caseRef: a.caseRef, month: a.month, serviceArea: c.serviceArea, team: c.team, grade: r.grade };
  let inadequatePath: ResponseFollowUps['inadequatePath'] = null;
  // Only case audits and re-audits start the Inadequate path (#17): an Inadequate thematic audit or case reflection
  // is a finding, not an escalation. A safeguarding concern is told at once on any kind: it is about the child.
  const onPath = startsInadequatePath(a.kind);
  if (isUrgent(r) && (onPath || r.safeguardingConcern)) {
    // Never to the QA officer who audited it: nobody moderates their own audit (004 §2.16).
    const moderators = onPath && r.grade === 'Inadequate' && profile.inadequate.moderatedByQa ? people.filter((p) => hasRole(p, 'qa') && p.id !== a.auditorId) : [];
    const status = onPath ? pathAtReturn(profile, r.grade, moderators.length > 0) : null;
    if (status !== null) inadequatePath = { status, startedOn: status === 'open' ? returnedOn : null };
    // A safeguarding concern is told at once whatever the order: the child's safety comes before QA's moderation of
    // the grade (003 "Carrying out the audit": escalate immediately). Only the grade's notices wait for QA.
    if (status !== 'awaiting-moderation' || r.safeguardingConcern) {
      messages.push(...urgentNotices(profile, a, c, r.grade, r.safeguardingConcern, people, returnedOn));
    }
    for (const qa of moderators) {
      messages.push({ key: `moderation-request:${a.id}:${qa.id}`, channel: 'teams', kind: 'moderation-request', recipientId: qa.id, payload: { ...base, auditorId: a.auditorId } });
    }
  }
  messages.push(...completionNotices(profile, a, c, base));
  const due = partBDueDate(profile, returnedOn, r);
  const partB = due === null ? null : { teamManagerId: c.teamManagerId, dueDate: due };
  if (due !== null) {
    const route = partBRoute(c);
    if (route.to === 'team-manager') {
      // 004 §7.2: a closed case's Part B goes to its previous team manager, and the card says the case has closed.
      const closed = route.caseClosed ? { caseClosed: true } : {};
      messages.push({ key: `partb-request:${a.id}`, channel: 'teams', kind: 'part-b-request', recipientId: route.teamManagerId, payload: { ...base, dueDate: due, ...closed } });
    } else if (route.to === 'qa') {
      messages.push({ key: `partb-no-manager:${a.id}`, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { ...base, reason: route.reason } });
    }
  }
  return { messages, partB, inadequatePath };
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
  base: AuditBase,
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
