import { dueInadequateChases } from '../../../scheduler/steps/inadequate-chases';
import type { InadequateReturn } from '../../../store/responses-repo';
import { dueOn, messagesOf, southampton } from './step-fixtures';

// Graded Inadequate on Thursday 10 September: update due 3 working days later (Tue 15th), follow-up a week on (17th).
const graded: InadequateReturn = { allocationId: 7, month: '2026-09', caseRef: 'CD490010', submittedAt: new Date('2026-09-10T10:00:00Z'), teamManagerId: 'tm-0-1' };
const chases = (today: string, r: InadequateReturn = graded) => dueInadequateChases(southampton(), r, today, dueOn(today));

test('before the update is due nothing is chased', () => {
  expect(chases('2026-09-14')).toEqual([]);
});

test('on the update day the team manager is chased for the update', async () => {
  expect(await messagesOf(chases('2026-09-15'))).toEqual([{
    key: 'inadequate-update:7', channel: 'teams', kind: 'inadequate-alert', recipientId: 'tm-0-1',
    payload: { allocationId: 7, caseRef: 'CD490010', month: '2026-09', updateDue: '2026-09-15', followUpDue: '2026-09-17', reauditMonth: '2026-10', stage: 'update-due' },
  }]);
});

test('a week on the follow-up is due as well', () => {
  expect(chases('2026-09-17').map((s) => s.step)).toEqual(['inadequate-update:7', 'inadequate-followup:7']);
});

test('with no team manager on record QA is told to chase by hand', async () => {
  const [m] = await messagesOf(chases('2026-09-15', { ...graded, teamManagerId: null }));
  expect(m).toMatchObject({ channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { reason: 'no team manager on record for CD490010: chase the Inadequate update-due yourselves' } });
});

test('a grade older than the follow-up window and a month is history, not chased', () => {
  expect(chases('2026-11-30')).toEqual([]);
});
