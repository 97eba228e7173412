import { loadProfile } from '../../../audit/programme-profiles';
import { compareIsoDates, type IsoDate } from '../../../audit/working-days';
import type { Queryable } from '../../../store/db';
import type { AllocationDetail } from '../../../store/allocations-repo';
import type { Due, DueStep } from '../../../scheduler/steps/step';

export const southampton = () => loadProfile('southampton-qaf-2023');

/** "Has this date come?" on `today`, with no go-live. */
export const dueOn = (today: IsoDate): Due => (date) => compareIsoDates(today, date) >= 0;

/** A store that refuses every query: the pure steps' work must not need one. */
export const noStore: Queryable = {
  query: () => Promise.reject(new Error('a pure step read the store')),
  exec: () => Promise.reject(new Error('a pure step wrote the store')),
};

export const messagesOf = async (steps: readonly DueStep[]) => (await Promise.all(steps.map((s) => s.work(noStore)))).flat();

export function openAudit(over: Partial<AllocationDetail> = {}): AllocationDetail {
  return {
    id: 7, month: '2026-09', caseRef: 'CD490010', auditorId: 'tm-0-1', kind: 'audit', dueDate: '2026-09-28', extendedTo: null,
    status: 'allocated', escalationLevel: 0, exemptionReason: null, reauditOf: null, serviceArea: 'CRS', team: 'CRS Team 1',
    cohort: 'CIN', grade: null, moderatedGrade: null, returnedAt: null, ...over,
  };
}
