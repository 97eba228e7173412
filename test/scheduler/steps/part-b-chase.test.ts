import { duePartBChase } from '../../../scheduler/steps/part-b-chase';
import type { OpenPartB } from '../../../store/part-b-repo';
import { person } from '../../support/fixtures';
import { dueOn, messagesOf } from './step-fixtures';

// Part B due Thursday 17 September: the Assistant Director hears on the working day after.
const open: OpenPartB = { allocationId: 7, month: '2026-09', caseRef: 'CD490010', serviceArea: 'CRS', dueDate: '2026-09-17' };
const ad = person('ad1', 'Directorate', 'CRS', ['assistant-director']);

test('on its due date a Part B is not yet chased', () => {
  expect(duePartBChase(open, [ad], dueOn('2026-09-17'))).toBeNull();
});

test('the working day after, the area\'s Assistant Director is asked to see it done', async () => {
  const step = duePartBChase(open, [ad], dueOn('2026-09-18'));
  expect(step?.step).toBe('partb-chase:7');
  expect(await messagesOf(step === null ? [] : [step])).toEqual([{
    key: 'partb-chase:7', channel: 'teams', kind: 'part-b-request', recipientId: 'ad1',
    payload: { allocationId: 7, caseRef: 'CD490010', dueDate: '2026-09-17', chase: true },
  }]);
});

test('with no Assistant Director on record QA is told', async () => {
  const step = duePartBChase(open, [], dueOn('2026-09-18'));
  expect(await messagesOf(step === null ? [] : [step])).toEqual([expect.objectContaining({
    kind: 'qa-notice', payload: expect.objectContaining({ reason: 'Part B for CD490010 is overdue and no Assistant Director is on record for CRS' }),
  })]);
});
