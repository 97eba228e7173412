import { z } from 'zod';
import { AuditKindSchema } from './audit-kinds';
import { AuditError } from './errors';
import { MonthSchema } from './month';
import { compareIsoDates, workingDaysBetween, type IsoDate } from './working-days';

/**
 * An allocation moves allocated → returned → overseen (the service lead's oversight by the 6th, 003 "Moderation
 * and Management oversight"); a line manager and QA may agree an exemption instead (004 §2.18). Overdue is not a
 * stored state: it is what an allocated audit is once its (possibly extended) due date has passed.
 */
export const ALLOCATION_STATUSES = ['allocated', 'returned', 'overseen', 'exempted'] as const;
export const AllocationStatusSchema = z.enum(ALLOCATION_STATUSES);
export type AllocationStatus = z.infer<typeof AllocationStatusSchema>;

export const AllocationSchema = z.object({
  id: z.number().int(),
  month: MonthSchema,
  caseRef: z.string(),
  auditorId: z.string(),
  kind: AuditKindSchema,
  dueDate: z.string(),
  extendedTo: z.string().nullable(),
  status: AllocationStatusSchema,
  escalationLevel: z.number().int().min(0),
  exemptionReason: z.string().nullable(),
  reauditOf: z.number().int().nullable(),
});
export type Allocation = z.infer<typeof AllocationSchema>;

export type DisplayStatus = AllocationStatus | 'overdue';

export function effectiveDueDate(a: Pick<Allocation, 'dueDate' | 'extendedTo'>): IsoDate {
  return a.extendedTo ?? a.dueDate;
}

/**
 * The natural-key segment that names the due date the reminder and escalation ladder runs against: the id alone
 * while the original date stands (so keys done before extensions re-armed the ladder still match), and the id with
 * the extended date once extended, so each extension runs the ladder once more and never twice for one date.
 */
export function ladderKey(a: Pick<Allocation, 'id' | 'extendedTo'>): string {
  return a.extendedTo === null ? String(a.id) : `${a.id}:ext:${a.extendedTo}`;
}

/**
 * An extension must give the auditor time: a date already past would re-arm no reminder, only an immediate second
 * escalation. Null when the date is acceptable; otherwise what to tell the line manager.
 */
export function extensionDateProblem(to: IsoDate, today: IsoDate): string | null {
  return compareIsoDates(to, today) < 0 ? `The new due date (${to}) has already passed: choose today (${today}) or a later date.` : null;
}

export function isOverdue(a: Pick<Allocation, 'status' | 'dueDate' | 'extendedTo'>, today: IsoDate): boolean {
  return a.status === 'allocated' && compareIsoDates(today, effectiveDueDate(a)) > 0;
}

export function displayStatus(a: Pick<Allocation, 'status' | 'dueDate' | 'extendedTo'>, today: IsoDate): DisplayStatus {
  return isOverdue(a, today) ? 'overdue' : a.status;
}

/** Working days late (0 when not late), the measure escalation cards show. */
export function workingDaysLate(a: Pick<Allocation, 'status' | 'dueDate' | 'extendedTo'>, today: IsoDate): number {
  return isOverdue(a, today) ? workingDaysBetween(effectiveDueDate(a), today) : 0;
}

export type AllocationEvent =
  | { type: 'return' }
  | { type: 'oversee' }
  | { type: 'exempt'; reason: string }
  | { type: 'extend'; to: IsoDate }
  | { type: 'escalate'; level: number };

/** The life cycle as one pure function: the next allocation, or a typed error naming the refused move. */
export function applyAllocationEvent(a: Allocation, event: AllocationEvent): Allocation {
  const refuse = (why: string): never => {
    throw new AuditError('INVALID_TRANSITION', `Allocation ${a.id} (${a.caseRef}) is ${a.status}: ${why}`);
  };
  switch (event.type) {
    case 'return':
      if (a.status !== 'allocated') refuse('only an allocated audit can be returned');
      return { ...a, status: 'returned' };
    case 'oversee':
      if (a.status !== 'returned') refuse('only a returned audit can be overseen');
      return { ...a, status: 'overseen' };
    case 'exempt':
      if (a.status !== 'allocated') refuse('only an audit not yet returned can be exempted');
      if (event.reason.trim() === '') refuse('an exemption needs a reason (004 §2.18)');
      return { ...a, status: 'exempted', exemptionReason: event.reason.trim() };
    case 'extend':
      if (a.status !== 'allocated') refuse('only an audit not yet returned can be extended');
      if (compareIsoDates(event.to, effectiveDueDate(a)) <= 0) refuse(`the new due date must be after ${effectiveDueDate(a)}`);
      return { ...a, extendedTo: event.to };
    case 'escalate':
      if (a.status !== 'allocated') refuse('only an outstanding audit is escalated');
      // Already at or past this rung (say, escalated, extended, then late again): the level never drops, since it
      // records that the month was missed; the ladder's messages still go for the new date.
      if (event.level <= a.escalationLevel) return a;
      return { ...a, escalationLevel: event.level };
  }
}
