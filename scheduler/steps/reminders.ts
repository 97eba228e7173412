import { effectiveDueDate, ladderKey } from '../../audit/allocation-lifecycle';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { addWorkingDays, compareIsoDates, type IsoDate } from '../../audit/working-days';
import type { AllocationDetail } from '../../store/allocations-repo';
import { send, type Due, type DueStep } from './step';

/**
 * Reminders at the profile's steps (working days before the possibly extended due date). Every step that has come
 * is marked done, but only the latest sends: after an outage the auditor gets one reminder, not three. An extension
 * re-arms them: their keys carry the extended date (ladderKey), so the new date is reminded once, like the first.
 */
export function dueReminders(profile: ProgrammeProfile, a: AllocationDetail, today: IsoDate, due: Due): DueStep[] {
  const effective = effectiveDueDate(a);
  if (compareIsoDates(today, effective) > 0) return []; // past due: escalation's business now
  const dueSteps = [...profile.reminders].sort((x, y) => y - x).filter((s) => due(addWorkingDays(effective, -s)));
  const latest = dueSteps[dueSteps.length - 1];
  return dueSteps.map((s) => {
    const key = `reminder:${ladderKey(a)}:${s}`;
    return {
      step: key,
      period: a.month,
      work: send(s === latest ? [{ key, channel: 'teams', kind: 'reminder', recipientId: a.auditorId, payload: { allocationId: a.id, step: s, dueDate: effective } }] : []),
    };
  });
}
