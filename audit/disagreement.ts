import { z } from 'zod';
import type { AllocationStatus } from './allocation-lifecycle';
import { AuditError } from './errors';
import type { OutboxMessage } from './outbox-messages';
import type { Mediator } from './permissions';
import type { ProgrammeProfile } from './programme-profile';
import { addWorkingDays, type IsoDate } from './working-days';

/**
 * 004 §2.12–2.13 as pure rules: a worker or team manager disagrees with a returned audit's grade; the auditor, worker
 * and team manager review it together; not resolved within the profile's working days, the Assistant Director or the
 * QA service mediates. States: review → (mediation) → resolved. No I/O: the store and the Teams layer ask these.
 */
export const DISAGREEMENT_STATUSES = ['review', 'mediation', 'resolved'] as const;
export const DisagreementStatusSchema = z.enum(DISAGREEMENT_STATUSES);
export type DisagreementStatus = z.infer<typeof DisagreementStatusSchema>;

export const RAISED_AS = ['allocated-worker', 'team-manager'] as const;
export const RaisedAsSchema = z.enum(RAISED_AS);
export type RaisedAs = z.infer<typeof RaisedAsSchema>;

export const DISAGREEMENT_OUTCOMES = ['grade-kept', 'grade-changed'] as const;
export const DisagreementOutcomeSchema = z.enum(DISAGREEMENT_OUTCOMES);
export type DisagreementOutcome = z.infer<typeof DisagreementOutcomeSchema>;

export const DisagreementStageSchema = z.enum(['review', 'mediation']);
export type DisagreementStage = z.infer<typeof DisagreementStageSchema>;

/** Why a disagreement move was refused; the AuditError code stays INVALID_TRANSITION, this says which rule. */
export type DisagreementProblem =
  | 'NOT_RETURNED'
  | 'ALREADY_OPEN'
  | 'ALREADY_RESOLVED'
  | 'NOT_IN_REVIEW'
  | 'NOT_A_PARTY'
  | 'NEW_GRADE_MISSING'
  | 'GRADE_OFF_SCALE'
  | 'GRADE_UNCHANGED'
  | 'UNGRADED_CANNOT_CHANGE';

export class DisagreementError extends AuditError {
  constructor(
    readonly problem: DisagreementProblem,
    message: string,
    /** The card input at fault, when the problem is one the person can fix on the form. */
    readonly field: string | null = null,
  ) {
    super('INVALID_TRANSITION', message);
    this.name = 'DisagreementError';
  }
}

/** Which of the case's people the actor is; the worker first when one person is both. Throws when neither. */
export function raisedAsFor(actorId: string, c: { allocatedWorkerId: string | null; teamManagerId: string | null }): RaisedAs {
  if (c.allocatedWorkerId !== null && c.allocatedWorkerId === actorId) return 'allocated-worker';
  if (c.teamManagerId !== null && c.teamManagerId === actorId) return 'team-manager';
  throw new DisagreementError('NOT_A_PARTY', "Only the case's allocated worker or team manager can disagree with its grade.");
}

/** Only a returned (or overseen) audit has a grade to disagree with, and one disagreement is open at a time. */
export function assertMayRaise(a: { id: number; status: AllocationStatus }, openDisagreementId: number | null): void {
  if (a.status !== 'returned' && a.status !== 'overseen') {
    throw new DisagreementError('NOT_RETURNED', `Audit ${a.id} is ${a.status}: only a returned audit's grade can be disagreed with.`);
  }
  if (openDisagreementId !== null) {
    throw new DisagreementError('ALREADY_OPEN', `A disagreement with audit ${a.id} is already open (${openDisagreementId}); it is resolved first.`);
  }
}

/** The day an unresolved review goes to mediation: the profile's working days after it was raised. */
export function mediationDate(profile: ProgrammeProfile, raisedOn: IsoDate): IsoDate {
  return addWorkingDays(raisedOn, profile.disagreement.reviewWorkingDays);
}

/** Still in review on its mediation date (the scheduler's question). */
export function isDueForMediation(profile: ProgrammeProfile, d: { status: DisagreementStatus; raisedOn: IsoDate }, due: (date: IsoDate) => boolean): boolean {
  return d.status === 'review' && due(mediationDate(profile, d.raisedOn));
}

export function assertMayMoveToMediation(d: { id: number; status: DisagreementStatus }): void {
  if (d.status !== 'review') throw new DisagreementError('NOT_IN_REVIEW', `Disagreement ${d.id} is ${d.status}, not in review.`);
}

/**
 * Who mediates, as the permission rule reads it: the profile's choice, except that an Assistant Director mediation
 * with no AD on record fell back to QA (the scheduler sent it to each QA officer, with no mediator id).
 */
export function effectiveMediator(profile: ProgrammeProfile, mediatorId: string | null): Mediator {
  return profile.disagreement.mediator === 'assistant-director' && mediatorId !== null ? 'assistant-director' : 'qa';
}

export interface OutcomeRequest {
  outcome: DisagreementOutcome;
  newGrade?: string | undefined;
}

export interface CheckedOutcome {
  outcome: DisagreementOutcome;
  /** The grade agreed instead of the current one; null when the grade was kept. */
  newGrade: string | null;
  stage: DisagreementStage;
}

/**
 * Resolving at review or at mediation: a changed grade must be on the profile's scale and differ from the current
 * grade; an ungraded programme has no grade to change, so it can only keep. A kept grade ignores any grade sent.
 */
export function checkOutcome(
  profile: ProgrammeProfile,
  d: { id: number; status: DisagreementStatus },
  currentGrade: string | null,
  req: OutcomeRequest,
): CheckedOutcome {
  if (d.status === 'resolved') throw new DisagreementError('ALREADY_RESOLVED', `Disagreement ${d.id} is already resolved.`);
  const stage: DisagreementStage = d.status;
  if (req.outcome === 'grade-kept') return { outcome: 'grade-kept', newGrade: null, stage };
  if (profile.grading.mode !== 'graded') {
    throw new DisagreementError('UNGRADED_CANNOT_CHANGE', 'This programme does not grade audits, so the outcome can only be "kept".', 'outcome');
  }
  if (req.newGrade === undefined) throw new DisagreementError('NEW_GRADE_MISSING', 'Choose the new grade.', 'newGrade');
  const scale: readonly string[] = profile.grading.scale;
  if (!scale.includes(req.newGrade)) {
    throw new DisagreementError('GRADE_OFF_SCALE', `Choose one of: ${scale.join(', ')}.`, 'newGrade');
  }
  if (req.newGrade === currentGrade) {
    throw new DisagreementError('GRADE_UNCHANGED', `The grade is already ${currentGrade}: choose "kept", or a different grade.`, 'newGrade');
  }
  return { outcome: 'grade-changed', newGrade: req.newGrade, stage };
}

/** The grade that stands: the latest one agreed in a disagreement, else QA's moderated grade, else the auditor's. */
export function currentGradeOf(g: { agreedGrade: string | null; moderatedGrade: string | null; grade: string | null }): string | null {
  return g.agreedGrade ?? g.moderatedGrade ?? g.grade;
}

/** The people a review's messages go to, each once, leaving out anyone not on record. */
export function reviewParties(auditorId: string, c: { allocatedWorkerId: string | null; teamManagerId: string | null }): string[] {
  return [...new Set([auditorId, c.allocatedWorkerId, c.teamManagerId].filter((p): p is string => p !== null))];
}

/** What every disagreement message carries about the audit (outbox AuditContext). */
export interface DisagreementAudit {
  allocationId: number;
  caseRef: string;
  month: string;
  serviceArea: string;
  team: string;
  /** The grade disagreed with (the one standing when it was raised), or null when ungraded. */
  grade: string | null;
  auditorId: string;
}

/** The review invitation to each party, or the mediation request to each mediator; keyed per person, once each. */
export function requestMessages(
  a: DisagreementAudit,
  d: { id: number; raisedBy: string },
  stage: DisagreementStage,
  recipients: readonly string[],
): OutboxMessage[] {
  const { auditorId, ...audit } = a;
  return [...new Set(recipients)].map((personId) => ({
    key: `disagreement:${d.id}:${stage}:${personId}`,
    channel: 'teams' as const,
    kind: 'disagreement-request' as const,
    recipientId: personId,
    payload: { ...audit, auditorId, disagreementId: d.id, stage, raisedBy: d.raisedBy },
  }));
}

/** The outcome to each party, once each. */
export function outcomeMessages(a: DisagreementAudit, disagreementId: number, o: CheckedOutcome, recipients: readonly string[]): OutboxMessage[] {
  const { auditorId: _auditor, ...audit } = a;
  return [...new Set(recipients)].map((personId) => ({
    key: `disagreement:${disagreementId}:outcome:${personId}`,
    channel: 'teams' as const,
    kind: 'disagreement-outcome' as const,
    recipientId: personId,
    payload: { ...audit, disagreementId, outcome: o.outcome, newGrade: o.newGrade, stage: o.stage },
  }));
}
