import { roundKey, type InadequateStage } from '../../audit/inadequate-update';
import type { OutboxMessage } from '../../audit/outbox-messages';
import { assistantDirectorFor, type Person } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { addCalendarDays, addWorkingDays, compareIsoDates, type IsoDate } from '../../audit/working-days';
import type { Queryable } from '../../store/db';
import { openInadequatePaths, type InadequateChaseFacts } from '../../store/inadequate-paths-repo';
import { listPeople } from '../../store/people-repo';
import { send, type Due, type DueStep } from './step';

/** Working days after the due date before a missing update is chased, then before it goes to the AD. */
export const CHASE_AFTER_WORKING_DAYS = 1;
export const ESCALATE_AFTER_WORKING_DAYS = 2;

const STAGE_NAME: Record<InadequateStage, string> = { update: '3-day update', 'follow-up': '1-week follow-up' };
const STAGE_KEY: Record<InadequateStage, string> = { update: 'inadequate-update', 'follow-up': 'inadequate-followup' };

/**
 * 003: once the Inadequate grade is agreed (the path is open), an update is due within 3 working days and a further
 * one after a week. Each comes due as a request card to the team manager to record it; not recorded, it is chased the
 * working day after, and the day after that it goes to the area's Assistant Director (004 §2.11 names the AD among
 * those told). Nobody on record to ask: QA is told to chase by hand. A recorded stage is not chased; a path QA stopped
 * is not open, so it is not here at all. Paths older than the follow-up window and a month are history.
 */
export function dueInadequateChases(profile: ProgrammeProfile, p: InadequateChaseFacts, people: readonly Person[], today: IsoDate, due: Due): DueStep[] {
  const startedOn = p.startedOn;
  const oldest = addCalendarDays(today, -(profile.inadequate.followUpCalendarDays + 30));
  if (compareIsoDates(startedOn, oldest) < 0) return [];
  const stages: [InadequateStage, IsoDate, boolean][] = [
    ['update', addWorkingDays(startedOn, profile.inadequate.updateDueWorkingDays), p.updateRecorded],
    ['follow-up', addCalendarDays(startedOn, profile.inadequate.followUpCalendarDays), p.followUpRecorded],
  ];
  const base = { allocationId: p.allocationId, caseRef: p.caseRef, month: p.month, round: p.round };
  const steps: DueStep[] = [];
  for (const [stage, dueDate, recorded] of stages) {
    if (recorded) continue;
    const key = (suffix: string): string => roundKey(`${STAGE_KEY[stage]}${suffix}:${p.allocationId}`, p.round);
    const byHand = (k: string, why: string): OutboxMessage => ({
      key: k, channel: 'qa-notice', kind: 'qa-notice', recipientId: null,
      payload: { allocationId: p.allocationId, caseRef: p.caseRef, month: p.month, reason: `${why}: chase the Inadequate ${STAGE_NAME[stage]} for ${p.caseRef} yourselves` },
    });
    // With no team manager on record QA is told once, on the due date; there is nobody to remind the day after.
    const toTm = (k: string, chase: boolean): OutboxMessage | null => p.teamManagerId === null
      ? (chase ? null : byHand(k, `no team manager on record for ${p.caseRef}`))
      : { key: k, channel: 'teams', kind: 'inadequate-update-request', recipientId: p.teamManagerId, payload: { ...base, stage, dueDate, ...(chase ? { chase: true } : {}) } };
    const ad = assistantDirectorFor(p.serviceArea, people);
    const plan: [IsoDate, string, () => OutboxMessage | null][] = [
      [dueDate, key(''), () => toTm(key(''), false)],
      [addWorkingDays(dueDate, CHASE_AFTER_WORKING_DAYS), key('-chase'), () => toTm(key('-chase'), true)],
      [addWorkingDays(dueDate, ESCALATE_AFTER_WORKING_DAYS), key('-escalation'), () => ad === null
        ? byHand(key('-escalation'), `the ${STAGE_NAME[stage]} is late and no Assistant Director is on record for ${p.serviceArea}`)
        : { key: key('-escalation'), channel: 'teams', kind: 'inadequate-update-request', recipientId: ad.id, payload: { ...base, stage, dueDate, escalated: true } }],
    ];
    for (const [date, step, make] of plan) {
      const message = due(date) ? make() : null;
      if (message !== null) steps.push({ step, period: p.month, work: send([message]) });
    }
  }
  return steps;
}

/** The chases due today for every open path, read from the store (people only when some path has a chase due). */
export async function inadequateChaseSteps(db: Queryable, profile: ProgrammeProfile, today: IsoDate, due: Due): Promise<DueStep[]> {
  const paths = await openInadequatePaths(db);
  if (paths.length === 0) return [];
  const people = await listPeople(db);
  return paths.flatMap((p) => dueInadequateChases(profile, p, people, today, due));
}
