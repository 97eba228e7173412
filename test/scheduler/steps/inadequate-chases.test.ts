import { dueInadequateChases } from '../../../scheduler/steps/inadequate-chases';
import type { InadequateChaseFacts } from '../../../store/inadequate-paths-repo';
import { person } from '../../support/fixtures';
import { dueOn, messagesOf, southampton } from './step-fixtures';

// QA agreed the Inadequate grade on Thursday 10 September: the update is due 3 working days later (Tue 15th), the
// follow-up a week on (Thu 17th). Late, each is chased the working day after and goes to the AD the day after that.
const open: InadequateChaseFacts = {
  allocationId: 7, month: '2026-09', caseRef: 'CD490010', serviceArea: 'CRS', teamManagerId: 'tm-0-1', round: 1, startedOn: '2026-09-10',
  updateRecorded: false, followUpRecorded: false,
};
const ad = person('ad1', 'Directorate', 'CRS', ['assistant-director']);
const chases = (today: string, p: InadequateChaseFacts = open, people = [ad]) => dueInadequateChases(southampton(), p, people, today, dueOn(today));

test('before the update is due nothing is asked', () => {
  expect(chases('2026-09-14')).toEqual([]);
});

test('on the update day the team manager gets the update request card, not the urgent alert again', async () => {
  expect(await messagesOf(chases('2026-09-15'))).toEqual([{
    key: 'inadequate-update:7', channel: 'teams', kind: 'inadequate-update-request', recipientId: 'tm-0-1',
    payload: { allocationId: 7, caseRef: 'CD490010', month: '2026-09', round: 1, stage: 'update', dueDate: '2026-09-15' },
  }]);
});

test('an update still not recorded the working day after is chased, and the day after that it goes to the AD', async () => {
  expect(chases('2026-09-16').map((s) => s.step)).toEqual(['inadequate-update:7', 'inadequate-update-chase:7']);
  const onThe17th = await messagesOf(chases('2026-09-17'));
  expect(onThe17th.find((m) => m.key === 'inadequate-update-chase:7')).toMatchObject({ recipientId: 'tm-0-1', payload: { chase: true, stage: 'update' } });
  expect(onThe17th.find((m) => m.key === 'inadequate-update-escalation:7')).toMatchObject({
    kind: 'inadequate-update-request', recipientId: 'ad1', payload: { escalated: true, stage: 'update', dueDate: '2026-09-15' },
  });
});

test('a week on the follow-up is asked for as well; chased on the Friday and escalated on the Monday', () => {
  expect(chases('2026-09-17').map((s) => s.step)).toContain('inadequate-followup:7');
  expect(chases('2026-09-21').map((s) => s.step).filter((s) => s.startsWith('inadequate-followup'))).toEqual([
    'inadequate-followup:7', 'inadequate-followup-chase:7', 'inadequate-followup-escalation:7',
  ]);
});

test('a recorded update is not chased; only the follow-up still is', () => {
  expect(chases('2026-09-21', { ...open, updateRecorded: true }).map((s) => s.step).filter((s) => s.startsWith('inadequate-update'))).toEqual([]);
  expect(chases('2026-09-21', { ...open, updateRecorded: true, followUpRecorded: true })).toEqual([]);
});

test('a path re-opened after moderation is a new round, with keys of its own', () => {
  expect(chases('2026-09-15', { ...open, round: 2 }).map((s) => s.step)).toEqual(['inadequate-update:7:r2']);
});

test('with no team manager on record QA is told once to chase by hand, and the AD still hears when it is late', async () => {
  const messages = await messagesOf(chases('2026-09-17', { ...open, teamManagerId: null, followUpRecorded: true }));
  expect(messages).toEqual([
    expect.objectContaining({ key: 'inadequate-update:7', channel: 'qa-notice', payload: expect.objectContaining({ reason: 'no team manager on record for CD490010: chase the Inadequate 3-day update for CD490010 yourselves' }) }),
    expect.objectContaining({ key: 'inadequate-update-escalation:7', recipientId: 'ad1' }),
  ]);
});

test('late with no Assistant Director on record, QA is told instead', async () => {
  const messages = await messagesOf(chases('2026-09-17', { ...open, followUpRecorded: true }, []));
  expect(messages.find((m) => m.key === 'inadequate-update-escalation:7')).toMatchObject({ channel: 'qa-notice', recipientId: null });
});

test('a path older than the follow-up window and a month is history, not chased', () => {
  expect(chases('2026-11-30')).toEqual([]);
});
