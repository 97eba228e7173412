import { MonthSchema } from '../../audit/month';
import { OUTBOX_KINDS, OutboxPayloadInvalid, parseOutboxMessage, parseOutboxPayload } from '../../audit/outbox-messages';

test('a stored payload that fits its kind parses to that kind', () => {
  expect(parseOutboxMessage('reminder', { allocationId: 4, step: 2, dueDate: '2026-11-28' })).toEqual({
    kind: 'reminder', payload: { allocationId: 4, step: 2, dueDate: '2026-11-28' },
  });
});

test('a missing field is refused with the kind and the field named', () => {
  const attempt = () => parseOutboxMessage('part-b-request', { allocationId: 4, caseRef: 'CD491100' });
  expect(attempt).toThrow(OutboxPayloadInvalid);
  expect(attempt).toThrow("outbox part-b-request payload: dueDate: ");
});

test('an unknown kind is refused, with no field to name', () => {
  expect(() => parseOutboxMessage('fax', {})).toThrow(expect.objectContaining({ kind: 'fax', field: null }));
});

test('month 13 is not a month, in a payload or anywhere', () => {
  expect(MonthSchema.safeParse('2026-13').success).toBe(false);
  expect(MonthSchema.safeParse('2026-12').success).toBe(true);
  expect(() => parseOutboxPayload('headlines', { month: '2026-13', conversationId: '19:c' })).toThrow(/headlines payload: month/);
});

test('the e-mail worker\'s kind fills its default: no safeguarding concern unless said', () => {
  const p = parseOutboxPayload('inadequate-email', { allocationId: 1, caseRef: 'CD1', month: '2026-11', serviceArea: 'CRS', team: 'T', grade: 'Inadequate' });
  expect(p.safeguardingConcern).toBe(false);
});

test('every kind the code queues has a schema', () => {
  expect([...OUTBOX_KINDS].sort()).toEqual([
    'allocation-list', 'completion-notice', 'disagreement-outcome', 'disagreement-request', 'escalation', 'exemption-follow-up',
    'exemption-outcome', 'exemption-request', 'headlines', 'inadequate-alert', 'inadequate-email', 'inadequate-stood-down', 'inadequate-update-request', 'leave-offer', 'moderation-request', 'nudge',
    'overdue', 'oversight-chase', 'oversight-dispute', 'oversight-list', 'part-b-request', 'qa-notice', 'reminder',
  ]);
});
