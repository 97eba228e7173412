import { londonDateOf } from '../../audit/london-time';
import type { OutboxMessage } from '../../audit/outbox-messages';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { addCalendarDays, addMonths, addWorkingDays, compareIsoDates, type IsoDate } from '../../audit/working-days';
import type { InadequateReturn } from '../../store/responses-repo';
import { send, type Due, type DueStep } from './step';

/**
 * 003: after an Inadequate grade, an update within 3 working days and a further one after a week: each date that
 * has come chases the team manager (or, with none on record, tells QA to chase by hand). Grades older than the
 * follow-up window and a month are history, not chased.
 */
export function dueInadequateChases(profile: ProgrammeProfile, r: InadequateReturn, today: IsoDate, due: Due): DueStep[] {
  const gradedOn = londonDateOf(r.submittedAt, profile.timeZone);
  const oldest = addCalendarDays(today, -(profile.inadequate.followUpCalendarDays + 30));
  if (compareIsoDates(gradedOn, oldest) < 0) return [];
  const updateDue = addWorkingDays(gradedOn, profile.inadequate.updateDueWorkingDays);
  const followUpDue = addCalendarDays(gradedOn, profile.inadequate.followUpCalendarDays);
  const base = { allocationId: r.allocationId, caseRef: r.caseRef, month: r.month, updateDue, followUpDue, reauditMonth: addMonths(r.month, profile.inadequate.reauditAfterMonths) };
  const stages = [
    ['update-due', updateDue, `inadequate-update:${r.allocationId}`],
    ['follow-up', followUpDue, `inadequate-followup:${r.allocationId}`],
  ] as const;
  return stages.filter(([, date]) => due(date)).map(([stage, , key]) => {
    const message: OutboxMessage = r.teamManagerId === null
      ? { key, channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { ...base, reason: `no team manager on record for ${r.caseRef}: chase the Inadequate ${stage} yourselves` } }
      : { key, channel: 'teams', kind: 'inadequate-alert', recipientId: r.teamManagerId, payload: { ...base, stage } };
    return { step: key, period: r.month, work: send([message]) };
  });
}
