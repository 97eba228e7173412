import { assistantDirectorFor, type Person } from '../../audit/people';
import { addWorkingDays } from '../../audit/working-days';
import type { OpenPartB } from '../../store/part-b-repo';
import { send, type Due, type DueStep } from './step';

/** 004 §7.5: a Part B not done by its due date goes, the working day after, to the area's Assistant Director. */
export function duePartBChase(p: OpenPartB, people: readonly Person[], due: Due): DueStep | null {
  if (!due(addWorkingDays(p.dueDate, 1))) return null;
  const key = `partb-chase:${p.allocationId}`;
  const ad = assistantDirectorFor(p.serviceArea, people);
  return {
    step: key,
    period: p.month,
    work: send([
      ad === null
        ? { key, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { allocationId: p.allocationId, caseRef: p.caseRef, reason: `Part B for ${p.caseRef} is overdue and no Assistant Director is on record for ${p.serviceArea}` } }
        : { key, channel: 'teams', kind: 'part-b-request', recipientId: ad.id, payload: { allocationId: p.allocationId, caseRef: p.caseRef, dueDate: p.dueDate, chase: true } },
    ]),
  };
}
