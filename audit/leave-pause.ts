import { effectiveDueDate, type Allocation } from './allocation-lifecycle';
import type { IsoDate } from './working-days';

/**
 * Chasing pauses for an auditor on leave through the due date: their automatic replies cover today and the
 * (possibly extended) due date. Away today but back before the due date, they are still reminded; back after it
 * with the audit open, the escalation they missed comes then (its step was never done).
 */
export function leavePauseDays(a: Pick<Allocation, 'dueDate' | 'extendedTo'>, today: IsoDate): IsoDate[] {
  const due = effectiveDueDate(a);
  return due === today ? [today] : [today, due];
}
