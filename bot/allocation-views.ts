import { displayStatus, effectiveDueDate, workingDaysLate } from '../audit/allocation-lifecycle';
import { daysBetween } from './calendar-days';
import type { AllocationItemView, OverdueItemView } from '../cards/view-models';
import type { AllocationDetail } from '../store/allocations-repo';

/** An allocation as the cards show it: case reference, area, kind, due date (extended if so), status. */
export function allocationItemView(a: AllocationDetail, today: string): AllocationItemView {
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

export function overdueItemView(a: AllocationDetail, today: string): OverdueItemView {
  return {
    ...allocationItemView(a, today),
    daysLate: Math.max(0, daysBetween(effectiveDueDate(a), today)),
    workingDaysLate: workingDaysLate(a, today),
  };
}
