import { z } from 'zod';
import { AuditError } from './errors';
import { addWorkingDays, compareIsoDates, type IsoDate } from './working-days';

/**
 * 004 §2.18: "If an auditor is unable to complete their audit due to capacity or long periods of annual leave etc,
 * it is expected that this is discussed with their line manager in the first instance for further discussion with
 * the Principal Social Worker for agreement of exemption." A request waits for the line manager, then (where the
 * profile asks for it) for the PSW, and ends agreed or refused. Pure rules: no I/O.
 */
export const EXEMPTION_CATEGORY_VALUES = ['leave', 'capacity', 'conflict-of-interest'] as const;
export const ExemptionCategorySchema = z.enum(EXEMPTION_CATEGORY_VALUES);
export type ExemptionCategory = z.infer<typeof ExemptionCategorySchema>;

export const EXEMPTION_STATUSES = ['awaiting-line-manager', 'awaiting-psw', 'agreed', 'refused'] as const;
export const ExemptionStatusSchema = z.enum(EXEMPTION_STATUSES);
export type ExemptionStatus = z.infer<typeof ExemptionStatusSchema>;

export type ExemptionStage = 'line-manager' | 'psw';

export interface ExemptionDecision {
  stage: ExemptionStage;
  decision: 'agree' | 'refuse';
  /** Required to refuse: the auditor reads why. */
  note?: string | undefined;
}

/** The refused moves, each named so the handler and tests can branch on which. */
export type ExemptionMove =
  | 'EXEMPTION_ALREADY_DECIDED'
  | 'PSW_BEFORE_LINE_MANAGER'
  | 'LINE_MANAGER_ALREADY_DECIDED'
  | 'REFUSAL_WITHOUT_NOTE';

/**
 * A refused move on an exemption request. Its code is the life cycle's INVALID_TRANSITION (so the action layer's
 * transition card shows it); `move` names which move was refused.
 */
export class ExemptionMoveRefused extends AuditError {
  constructor(
    readonly move: ExemptionMove,
    message: string,
  ) {
    super('INVALID_TRANSITION', message, [move]);
    this.name = 'ExemptionMoveRefused';
  }
}

/** Who must decide next, or null once the request is agreed or refused. */
export function stageOf(status: ExemptionStatus): ExemptionStage | null {
  if (status === 'awaiting-line-manager') return 'line-manager';
  if (status === 'awaiting-psw') return 'psw';
  return null;
}

export function isOpenExemption(status: ExemptionStatus): boolean {
  return stageOf(status) !== null;
}

/**
 * The request's next state after a decision. The line manager's agreement goes on to the PSW when the profile asks
 * for the PSW's agreement, and is enough otherwise; a refusal at either stage ends the request.
 */
export function applyExemptionDecision(current: ExemptionStatus, d: ExemptionDecision, pswAgreement: boolean): ExemptionStatus {
  const stage = stageOf(current);
  if (stage === null) throw new ExemptionMoveRefused('EXEMPTION_ALREADY_DECIDED', `This exemption request is already ${current}.`);
  if (stage === 'line-manager' && d.stage === 'psw') {
    throw new ExemptionMoveRefused('PSW_BEFORE_LINE_MANAGER', "The line manager must decide before the Principal Social Worker (004 §2.18).");
  }
  if (stage === 'psw' && d.stage === 'line-manager') {
    throw new ExemptionMoveRefused('LINE_MANAGER_ALREADY_DECIDED', 'The line manager has already agreed; the request is with the Principal Social Worker.');
  }
  if (d.decision === 'refuse') {
    if ((d.note ?? '').trim() === '') throw new ExemptionMoveRefused('REFUSAL_WITHOUT_NOTE', 'A refusal needs a note saying why.');
    return 'refused';
  }
  return stage === 'line-manager' && pswAgreement ? 'awaiting-psw' : 'agreed';
}

/** What the allocation keeps as its exemption reason: the category and the auditor's own words. */
export function exemptionReasonText(category: ExemptionCategory, reason: string): string {
  return `${category}: ${reason.trim()}`;
}

/**
 * A reallocated audit is due on the original (possibly extended) due date, or `workingDays` after the reallocation,
 * whichever is later: the new auditor is never handed a date already past or too close to meet.
 */
export function reallocationDueDate(originalDue: IsoDate, today: IsoDate, workingDays: number): IsoDate {
  const earliest = addWorkingDays(today, workingDays);
  return compareIsoDates(originalDue, earliest) >= 0 ? originalDue : earliest;
}
