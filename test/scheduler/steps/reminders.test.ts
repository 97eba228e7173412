import { dueReminders } from '../../../scheduler/steps/reminders';
import { dueOn, messagesOf, openAudit, southampton } from './step-fixtures';

// Due Monday 28 September 2026; Southampton reminds 5, 1 and 0 working days before.
const a = openAudit();

test('nothing is due before the first reminder day', () => {
  expect(dueReminders(southampton(), a, '2026-09-20', dueOn('2026-09-20'))).toEqual([]);
});

test('five working days before the due date the auditor gets the first reminder', async () => {
  const steps = dueReminders(southampton(), a, '2026-09-21', dueOn('2026-09-21'));
  expect(steps.map((s) => s.step)).toEqual(['reminder:7:5']);
  expect(await messagesOf(steps)).toEqual([
    { key: 'reminder:7:5', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-1', payload: { allocationId: 7, step: 5, dueDate: '2026-09-28' } },
  ]);
});

test('after an outage every reminder that fell due is marked done, but only the latest is sent', async () => {
  const steps = dueReminders(southampton(), a, '2026-09-25', dueOn('2026-09-25'));
  expect(steps.map((s) => s.step)).toEqual(['reminder:7:5', 'reminder:7:1']);
  expect((await messagesOf(steps)).map((m) => m.key)).toEqual(['reminder:7:1']);
});

test('past the due date reminders stop: the overdue audit is escalation\'s business', () => {
  expect(dueReminders(southampton(), a, '2026-09-29', dueOn('2026-09-29'))).toEqual([]);
});

test('an extension moves the reminders to the new date', () => {
  const extended = openAudit({ extendedTo: '2026-10-05' });
  expect(dueReminders(southampton(), extended, '2026-09-21', dueOn('2026-09-21'))).toEqual([]);
  expect(dueReminders(southampton(), extended, '2026-09-28', dueOn('2026-09-28')).map((s) => s.step)).toEqual(['reminder:7:ext:2026-10-05:5']);
});

describe('an extension re-arms the reminders against the new date (issue #16)', () => {
  // Extended to Monday 5 October 2026: 5, 1 and 0 working days before are 28 Sep, 2 Oct and 5 Oct.
  const extended = openAudit({ extendedTo: '2026-10-05' });

  test('the keys of an audit never extended are exactly as before', async () => {
    expect((await messagesOf(dueReminders(southampton(), a, '2026-09-28', dueOn('2026-09-28')))).map((m) => m.key)).toEqual(['reminder:7:0']);
  });

  test('the extended audit is reminded under keys that carry the new date, so the original reminders do not hide them', async () => {
    const steps = dueReminders(southampton(), extended, '2026-09-28', dueOn('2026-09-28'));
    expect(steps.map((s) => s.step)).toEqual(['reminder:7:ext:2026-10-05:5']);
    expect(await messagesOf(steps)).toEqual([
      { key: 'reminder:7:ext:2026-10-05:5', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-1', payload: { allocationId: 7, step: 5, dueDate: '2026-10-05' } },
    ]);
  });

  test('after an outage the extended audit gets one reminder, the latest, with every earlier one marked done', async () => {
    const steps = dueReminders(southampton(), extended, '2026-10-05', dueOn('2026-10-05'));
    expect(steps.map((s) => s.step)).toEqual(['reminder:7:ext:2026-10-05:5', 'reminder:7:ext:2026-10-05:1', 'reminder:7:ext:2026-10-05:0']);
    expect((await messagesOf(steps)).map((m) => m.key)).toEqual(['reminder:7:ext:2026-10-05:0']);
  });

  test('an extension granted after the audit was already late is reminded at once for the new date', async () => {
    // Granted on Wed 30 Sep, to Fri 2 Oct: 5 working days before (25 Sep) has already come, so it sends today.
    const late = openAudit({ extendedTo: '2026-10-02', escalationLevel: 1 });
    expect((await messagesOf(dueReminders(southampton(), late, '2026-09-30', dueOn('2026-09-30')))).map((m) => m.key)).toEqual(['reminder:7:ext:2026-10-02:5']);
  });
});
