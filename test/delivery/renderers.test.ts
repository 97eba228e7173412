import { OutboxPayloadInvalid, type OutboxMessage } from '../../audit/outbox-messages';
import { formatCardDate } from '../../cards/format-date';
import { renderMessage, type RenderContext } from '../../delivery/render-message';
import { recordResponse } from '../../programme/record-response';
import type { Db } from '../../store/db';
import { botDeps, cardText, NOW, type Seeded, useSeededStore } from '../bot/bot-harness';

const env = useSeededStore();
let db: Db;
let ids: Seeded;
let ctx: RenderContext;

beforeEach(async () => {
  ({ db, ids } = env);
  const { profile } = botDeps(db);
  ctx = { db, profile, now: NOW };
  // The open audit is returned Inadequate, so the urgent path (alert, moderation, Part B) has its records.
  await db.transaction((tx) => recordResponse(tx, profile, {
    allocationId: ids.open,
    response: {
      grade: 'Inadequate', rationale: 'Plan not reviewed.', discussionHeld: true, contact: 'yes', contactViews: null,
      goodPractice: 'None seen', improvement: 'Review the plan', safeguardingConcern: false,
    },
    source: 'card', sourceRef: null, submittedBy: 'tm-0-1', returnedOn: '2026-11-10',
  }));
});

const row = (m: OutboxMessage) => ({ kind: m.kind, payload: m.payload as Record<string, unknown>, recipientId: m.recipientId, possiblyRepeated: false });
const alert = (allocationId: number): OutboxMessage => ({
  key: 'urgent', channel: 'teams', kind: 'inadequate-alert', recipientId: 'tm-0-1',
  payload: { allocationId, caseRef: 'CD491100', month: '2026-11', updateDue: '2026-11-13', followUpDue: '2026-11-17', reauditMonth: '2026-12' },
});

async function textOf(m: OutboxMessage): Promise<string> {
  const activity = await renderMessage(row(m), ctx);
  return cardText(activity);
}

test.each<[string, () => OutboxMessage, string]>([
  ['allocation-list', () => ({ key: 'k', channel: 'teams', kind: 'allocation-list', recipientId: 'tm-0-1', payload: { month: '2026-11' } }), 'CD491100'],
  ['reminder', () => ({ key: 'k', channel: 'teams', kind: 'reminder', recipientId: 'tm-0-1', payload: { allocationId: ids.late, step: 2, dueDate: '2026-11-05' } }), 'CD491110'],
  ['nudge', () => ({ key: 'k', channel: 'teams', kind: 'nudge', recipientId: 'tm-0-1', payload: { allocationId: ids.late, caseRef: 'CD491110', fromId: 'hos1' } }), 'CD491110'],
  ['overdue', () => ({ key: 'k', channel: 'teams', kind: 'overdue', recipientId: 'tm-0-1', payload: { allocationId: ids.late, escalatesTo: 'hos1' } }), 'CD491110'],
  ['escalation', () => ({ key: 'k', channel: 'teams', kind: 'escalation', recipientId: 'hos1', payload: { allocationId: ids.late, rung: 1, auditorId: 'tm-0-1' } }), 'CD491110'],
  ['inadequate-alert', () => alert(ids.open), 'CD491100'],
  ['moderation-request', () => ({ key: 'k', channel: 'teams', kind: 'moderation-request', recipientId: 'qa1', payload: { allocationId: ids.open, caseRef: 'CD491100', month: '2026-11', serviceArea: 'CRS', team: 'CRS Team 1', grade: 'Inadequate', auditorId: 'tm-0-1' } }), 'CD491100'],
  ['part-b-request', () => ({ key: 'k', channel: 'teams', kind: 'part-b-request', recipientId: 'tm-0-1', payload: { allocationId: ids.open, caseRef: 'CD491100', dueDate: '2026-11-17' } }), 'CD491100'],
  ['completion-notice', () => ({ key: 'k', channel: 'teams', kind: 'completion-notice', recipientId: 'tm-0-1', payload: { allocationId: ids.open, caseRef: 'CD491100', month: '2026-11', serviceArea: 'CRS', team: 'CRS Team 1', grade: 'Inadequate', auditorId: 'tm-0-1', target: 'team-manager' } }), 'CD491100'],
  ['headlines', () => ({ key: 'k', channel: 'teams', kind: 'headlines', recipientId: null, payload: { month: '2026-11', conversationId: '19:channel' } }), '2026'],
  ['qa-notice', () => ({ key: 'k', channel: 'qa-notice', kind: 'qa-notice', recipientId: null, payload: { reason: 'no team manager on record', caseRef: 'CD491100' } }), 'no team manager on record'],
])('a %s row renders its card', async (_kind, message, expected) => {
  expect(await textOf(message())).toContain(expected);
});

test('the urgent alert shows the Part B date from the store, not the update date', async () => {
  await db.query(`UPDATE part_b SET due_date = '2026-11-24' WHERE allocation_id = $1`, [ids.open]);
  const text = await textOf(alert(ids.open));
  expect(text).toContain('Part B completed by');
  expect(text).toContain(formatCardDate('2026-11-24'));
});

test('an urgent alert with no Part B raised shows no Part B date rather than another deadline in its place', async () => {
  await db.query('DELETE FROM part_b WHERE allocation_id = $1', [ids.open]);
  const text = await textOf(alert(ids.open));
  expect(text).not.toContain('Part B completed by');
  expect(text).toContain('Update the case record by');
});

test('a row with a missing field fails with OutboxPayloadInvalid naming the kind and the field', async () => {
  const { updateDue: _dropped, ...payload } = alert(ids.open).payload as Record<string, unknown>;
  const failure = renderMessage({ kind: 'inadequate-alert', payload, recipientId: 'tm-0-1', possiblyRepeated: false }, ctx);
  await expect(failure).rejects.toBeInstanceOf(OutboxPayloadInvalid);
  await expect(failure).rejects.toMatchObject({ kind: 'inadequate-alert', field: 'updateDue' });
  await expect(failure).rejects.toThrow(/inadequate-alert.*updateDue/);
});

test('a row of a kind Audit Loop does not send fails as UNKNOWN_KIND', async () => {
  await expect(renderMessage({ kind: 'mystery', payload: {}, recipientId: null, possiblyRepeated: false }, ctx)).rejects.toMatchObject({ code: 'UNKNOWN_KIND' });
});
