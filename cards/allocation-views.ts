import { displayStatus, effectiveDueDate, workingDaysLate, type Allocation } from '../audit/allocation-lifecycle';
import type { Grade } from '../audit/grades';
import { calendarDaysBetween, type IsoDate } from '../audit/working-days';
import type { AllocationItemView, OverdueItemView } from './view-models';

/** What the cards need of an allocation: the life-cycle fields, the case's area and the grades so far. */
export type AllocationForView = Pick<Allocation, 'id' | 'caseRef' | 'kind' | 'dueDate' | 'extendedTo' | 'status'> & {
  serviceArea: string;
  grade: Grade | null;
  moderatedGrade: Grade | null;
};

/** An allocation as the cards show it: case reference, area, kind, due date (extended if so), status. */
export function allocationItemView(a: AllocationForView, today: IsoDate): AllocationItemView {
  return {
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    kind: a.kind,
    dueDate: effectiveDueDate(a),
    status: displayStatus(a, today),
    grade: a.moderatedGrade ?? a.grade,
  };
}

export function overdueItemView(a: AllocationForView, today: IsoDate): OverdueItemView {
  return {
    ...allocationItemView(a, today),
    daysLate: Math.max(0, calendarDaysBetween(effectiveDueDate(a), today)),
    workingDaysLate: workingDaysLate(a, today),
  };
}
