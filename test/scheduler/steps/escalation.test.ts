import { escalationMessages, escalationsDue, escalationStep } from '../../../scheduler/steps/escalation';
import { dueOn, openAudit, southampton } from './step-fixtures';

// Due Monday 28 September; Southampton escalates one working day after.
const a = openAudit();

test('an open audit escalates the working day after its due date, not on it', () => {
  expect(escalationsDue(southampton(), [a], dueOn('2026-09-28'))).toEqual([]);
  expect(escalationsDue(southampton(), [a], dueOn('2026-09-29'))).toEqual([a]);
});

test('an extended audit escalates after the new date', () => {
  expect(escalationsDue(southampton(), [openAudit({ extendedTo: '2026-10-05' })], dueOn('2026-09-29'))).toEqual([]);
});

test('the auditor is told it is overdue and the line manager gets the escalation card', () => {
  expect(escalationMessages(a, 1, { kind: 'person', rung: 1, personId: 'hos1' })).toEqual([
    { key: 'overdue:7', channel: 'teams', kind: 'overdue', recipientId: 'tm-0-1', payload: { allocationId: 7, escalatesTo: 'hos1' } },
    { key: 'escalation:7:1', channel: 'teams', kind: 'escalation', recipientId: 'hos1', payload: { allocationId: 7, rung: 1, auditorId: 'tm-0-1' } },
  ]);
});

test('with no manager on record QA is told why, and the auditor is told it escalates to no one', () => {
  const messages = escalationMessages(a, 1, { kind: 'qa', rung: 1, reason: 'No line manager is recorded for tm-0-1' });
  expect(messages[0]).toMatchObject({ kind: 'overdue', payload: { escalatesTo: null } });
  expect(messages[1]).toEqual({
    key: 'escalation-qa:7', channel: 'qa-notice', kind: 'qa-notice', recipientId: null,
    payload: { allocationId: 7, caseRef: 'CD490010', rung: 1, reason: 'No line manager is recorded for tm-0-1' },
  });
});

describe('an extended audit late again is escalated again, once, for the new date (issue #16)', () => {
  const extended = openAudit({ extendedTo: '2026-10-05', escalationLevel: 1 });

  test('it escalates the working day after the new date, already escalated or not', () => {
    expect(escalationsDue(southampton(), [extended], dueOn('2026-10-05'))).toEqual([]);
    expect(escalationsDue(southampton(), [extended], dueOn('2026-10-06'))).toEqual([extended]);
  });

  test('its messages carry the new date in their keys, so the first escalation\'s keys do not hide them', () => {
    expect(escalationMessages(extended, 1, { kind: 'person', rung: 1, personId: 'hos1' }).map((m) => m.key)).toEqual([
      'overdue:7:ext:2026-10-05',
      'escalation:7:ext:2026-10-05:1',
    ]);
    expect(escalationMessages(extended, 2, { kind: 'qa', rung: 2, reason: 'no next tier' }).map((m) => m.key)).toEqual([
      'overdue:7:ext:2026-10-05',
      'escalation-qa:7:ext:2026-10-05',
    ]);
  });

  test('the step itself is keyed by the new date; an audit never extended keeps its old step key', () => {
    const plan = { rung: 1, target: { kind: 'person', rung: 1, personId: 'hos1' } } as const;
    expect(escalationStep(extended, plan, 'scheduler').step).toBe('escalation:7:ext:2026-10-05');
    expect(escalationStep(a, plan, 'scheduler').step).toBe('escalation:7');
  });
});
