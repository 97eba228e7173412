import { z } from 'zod';
import { ProgrammeProfileSchema, type ProgrammeProfile } from '../../audit/programme-profile';
import { renderMessage } from '../../delivery/render-message';
import { runDueSteps } from '../../scheduler/run-due-steps';
import { getAllocation } from '../../store/allocations-repo';
import { auditTrail } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { listOutbox, type OutboxRow } from '../../store/outbox-repo';
import { setAadObjectId } from '../../store/people-repo';
import { validateCard } from '../support/card-checks';
import { instantAt } from '../support/london-instant';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { AAD, BotDriver, botDeps, cardOf, cardText, NOW, seed, type Seeded } from './bot-harness';

// 004 §2.18 end to end. The open audit (CD491100, held by Jigsaw Team 1: worker sw-1-1, team manager tm-1-1) is
// tm-0-1's; tm-0-1's line manager is hos1; qa1 is QA. tm-1-2 is another auditor and manager; sw-2-1 is unrelated.
const STRANGER = 'aad-sw-2-1';
const REASON = 'Three weeks of annual leave over the due date.';

let store: TestStore;
let db: Db;
let ids: Seeded;
let bot: BotDriver;

const withPsw = (): ProgrammeProfile =>
  ProgrammeProfileSchema.parse({ ...botDeps(db).profile, exemptions: { pswAgreement: true, reallocationWorkingDays: 10 } });

beforeAll(async () => {
  store = await openTestStore();
  db = store.db;
}, 60_000);
afterAll(async () => {
  await store.cleanup();
});
beforeEach(async () => {
  await resetStore(db);
  ids = await seed(db);
  await setAadObjectId(db, 'sw-2-1', STRANGER, 'test');
  bot = new BotDriver(botDeps(db));
});

/** As the allocation list card sends it: inputs suffixed with the allocation id. */
const ask = (allocationId: number, category = 'leave', reason = REASON) => ({
  allocationId, [`category_${allocationId}`]: category, [`reason_${allocationId}`]: reason,
});
const exemptionRows = async (): Promise<OutboxRow[]> => (await listOutbox(db)).filter((r) => r.kind.startsWith('exemption-'));
const rowsOf = (rows: readonly OutboxRow[], kind: string): OutboxRow[] => rows.filter((r) => r.kind === kind);
const requestId = async (): Promise<number> =>
  (await db.query<{ id: number }>('SELECT id FROM exemption_requests ORDER BY id DESC LIMIT 1'))[0]?.id ?? -1;
const statusOf = async (id: number): Promise<string | undefined> =>
  (await db.query<{ status: string }>('SELECT status FROM exemption_requests WHERE id = $1', [id]))[0]?.status;

/** Everything an action could write, but the audit trail (a refusal logs itself there). */
async function written(): Promise<string> {
  const [requests, outbox, allocations] = await Promise.all([
    db.query('SELECT * FROM exemption_requests ORDER BY id'),
    db.query('SELECT key FROM outbox ORDER BY id'),
    db.query('SELECT id, auditor_id, status, exemption_reason FROM allocations ORDER BY id'),
  ]);
  return JSON.stringify({ requests, outbox, allocations });
}

const AttachedCard = z.object({ attachments: z.tuple([z.object({ content: z.unknown() })]) });

async function expectRenderedValid(rows: readonly OutboxRow[], profile: ProgrammeProfile): Promise<string[]> {
  const texts: string[] = [];
  for (const row of rows) {
    const activity = await renderMessage(row, { db, profile, now: NOW });
    const content = AttachedCard.parse(activity).attachments[0].content;
    expect(validateCard(content)).toEqual([]);
    texts.push(cardText(content));
  }
  return texts;
}

async function expectNotPermitted(aad: string, verb: string, data: Record<string, unknown>): Promise<void> {
  const before = await written();
  const card = await bot.invoke(aad, verb, data);
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('NOT_PERMITTED');
  expect(await written()).toBe(before);
}

test("the auditor's list offers \"I can't do this one\" on each open audit, with inputs unique to each", async () => {
  const card = cardOf(await bot.message(AAD.auditor, 'my audits'));
  expect(validateCard(card)).toEqual([]);
  const json = JSON.stringify(card);
  expect(json).toContain("I can't do this one");
  expect(json).toContain('"verb":"exemption.request"');
  for (const id of [ids.open, ids.late]) {
    expect(json).toContain(`"id":"category_${id}"`);
    expect(json).toContain(`"id":"reason_${id}"`);
  }
});

test('an exemption asked before the due date is agreed by the line manager and the PSW, and chasing stops; QA reallocates it to an auditor with no conflict', async () => {
  const profile = withPsw();
  bot = new BotDriver(botDeps(db, { profile }));
  const asked = await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  expect(validateCard(asked)).toEqual([]);
  expect(cardText(asked)).toContain('Exemption requested');
  const id = await requestId();
  const toManager = rowsOf(await exemptionRows(), 'exemption-request');
  expect(toManager.map((r) => [r.recipientId, r.payload])).toEqual([['hos1', { allocationId: ids.open, requestId: id, stage: 'line-manager' }]]);
  const [managerCard] = await expectRenderedValid(toManager, profile);
  expect(managerCard).toContain('CD491100');
  expect(managerCard).toContain('Staff tm-0-1');
  expect(managerCard).toContain(REASON);

  const lm = await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'agree' });
  expect(cardText(lm)).toContain('now with the PSW');
  expect(await statusOf(id)).toBe('awaiting-psw');
  expect((await getAllocation(db, ids.open))?.status).toBe('allocated');
  const afterLm = await exemptionRows();
  expect(rowsOf(afterLm, 'exemption-request').filter((r) => r.payload['stage'] === 'psw').map((r) => r.recipientId)).toEqual(['qa1']);
  expect(rowsOf(afterLm, 'exemption-outcome').map((r) => [r.recipientId, r.payload['outcome']])).toEqual([['tm-0-1', 'awaiting-psw']]);
  await expectRenderedValid(afterLm, profile);

  const psw = await bot.invoke(AAD.qa, 'exemption.decide', { requestId: id, decision: 'agree' });
  expect(cardText(psw)).toContain('Exemption agreed');
  expect(await statusOf(id)).toBe('agreed');
  expect(await getAllocation(db, ids.open)).toMatchObject({ status: 'exempted', exemptionReason: `leave: ${REASON}` });
  const afterPsw = await exemptionRows();
  expect(rowsOf(afterPsw, 'exemption-follow-up').map((r) => r.recipientId)).toEqual(['qa1']);
  expect(rowsOf(afterPsw, 'exemption-outcome').map((r) => r.payload['outcome'])).toEqual(['awaiting-psw', 'agreed']);
  const texts = await expectRenderedValid(afterPsw, profile);
  expect(texts.some((t) => t.includes('Exempted audit to follow up'))).toBe(true);

  // Past the due date the scheduler chases the other, late audit but never the exempted one.
  await runDueSteps({ db, profile }, instantAt('2026-11-30', '10:00'));
  const chases = (await listOutbox(db)).filter((r) => ['reminder', 'overdue', 'escalation'].includes(r.kind));
  expect(chases.filter((r) => r.payload['allocationId'] === ids.late).length).toBeGreaterThan(0);
  expect(chases.filter((r) => r.payload['allocationId'] === ids.open)).toEqual([]);

  const done = await bot.invoke(AAD.qa, 'exemption.follow-up', { requestId: id, action: 'reallocate' });
  expect(validateCard(done)).toEqual([]);
  expect(cardText(done)).toContain('Case reallocated');
  const live = await db.query<{ id: number; auditor_id: string; status: string; due_date: string }>(
    `SELECT id, auditor_id, status, due_date::text FROM allocations WHERE case_ref = 'CD491100' AND status <> 'exempted'`,
  );
  expect(live).toHaveLength(1);
  const [fresh] = live;
  // Not the exempted auditor, nor tm-1-1 (whose team holds the case); the least loaded, of the case's own area.
  expect(fresh).toMatchObject({ auditor_id: 'tm-1-2', status: 'allocated', due_date: '2026-11-28' });
  expect((await listOutbox(db, { kind: 'allocation-list', recipientId: 'tm-1-2' })).map((r) => r.key)).toEqual([`allocation-list:2026-11:tm-1-2:realloc:${id}`]);
  expect((await db.query('SELECT follow_up, reallocated_to FROM exemption_requests WHERE id = $1', [id]))[0]).toEqual({ follow_up: 'reallocated', reallocated_to: fresh?.id });

  // Pressed twice: said plainly, nothing twice.
  const before = await written();
  expect(cardText(await bot.invoke(AAD.qa, 'exemption.follow-up', { requestId: id, action: 'reallocate' }))).toContain('already been reallocated to Staff tm-1-2');
  expect(await written()).toBe(before);

  const trail = await auditTrail(db, 'exemption_request', id);
  expect(trail.map((e) => e.action)).toEqual(['exemption.request', 'exemption.decide.line-manager', 'exemption.decide.psw', 'exemption.reallocate']);
  expect(JSON.stringify(trail)).not.toContain('annual leave');
});

test("where the profile needs no PSW agreement, the line manager's agreement exempts the audit", async () => {
  await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open, 'capacity', 'Covering two teams this month.'));
  const id = await requestId();
  await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'agree' });
  expect(await statusOf(id)).toBe('agreed');
  expect((await getAllocation(db, ids.open))?.status).toBe('exempted');
  const rows = await exemptionRows();
  expect(rowsOf(rows, 'exemption-request').filter((r) => r.payload['stage'] === 'psw')).toEqual([]);
  expect(rowsOf(rows, 'exemption-follow-up').map((r) => r.recipientId)).toEqual(['qa1']);
  // A decided request: who decided, nothing changed.
  const before = await written();
  const again = await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'refuse', note: 'Changed my mind.' });
  expect(cardText(again)).toContain('EXEMPTION_ALREADY_DECIDED');
  expect(cardText(again)).toContain('Staff hos1');
  expect(await written()).toBe(before);
});

test('a refused exemption leaves the audit with the auditor, who is told why', async () => {
  await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  const id = await requestId();
  const card = await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'refuse', note: 'Cover is arranged for your leave.' });
  expect(cardText(card)).toContain('Exemption refused');
  expect(await statusOf(id)).toBe('refused');
  expect((await getAllocation(db, ids.open))?.status).toBe('allocated');
  const outcome = rowsOf(await exemptionRows(), 'exemption-outcome');
  expect(outcome.map((r) => [r.recipientId, r.payload['outcome']])).toEqual([['tm-0-1', 'refused']]);
  const [text] = await expectRenderedValid(outcome, botDeps(db).profile);
  expect(text).toContain('Cover is arranged for your leave.');
  expect(text).toContain('Staff hos1');
  // Refused, the auditor may ask again.
  expect(cardText(await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open, 'capacity', 'Covering two teams now.')))).toContain('Exemption requested');
});

test('one open request per audit: asking twice says so plainly', async () => {
  await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  const before = await written();
  const card = await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open, 'capacity', 'Asking a second time.'));
  expect(cardText(card)).toContain('EXEMPTION_ALREADY_REQUESTED');
  expect(await written()).toBe(before);
});

test('with no line manager on record the request goes to each QA officer, and the card says so', async () => {
  await db.query(`UPDATE people SET manager_id = NULL WHERE id = 'tm-0-1'`);
  const card = await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  expect(cardText(card)).toContain('No line manager is on record');
  expect(rowsOf(await exemptionRows(), 'exemption-request').map((r) => r.recipientId)).toEqual(['qa1']);
  const [text] = await expectRenderedValid(rowsOf(await exemptionRows(), 'exemption-request'), botDeps(db).profile);
  expect(text).toContain('no line manager is on record');
  await bot.invoke(AAD.qa, 'exemption.decide', { requestId: await requestId(), decision: 'agree' });
  expect((await getAllocation(db, ids.open))?.status).toBe('exempted');
});

test('only the allocated auditor asks, only the line manager then the PSW decide, and only QA follows up: anyone else is refused and nothing is written', async () => {
  const profile = withPsw();
  bot = new BotDriver(botDeps(db, { profile }));
  for (const aad of [AAD.otherManager, AAD.lineManager, STRANGER]) await expectNotPermitted(aad, 'exemption.request', ask(ids.open));
  await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  const id = await requestId();
  // The PSW may not decide before the line manager, nor the auditor decide their own request.
  for (const aad of [AAD.auditor, AAD.otherManager, STRANGER, AAD.qa]) await expectNotPermitted(aad, 'exemption.decide', { requestId: id, decision: 'agree' });
  await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'agree' });
  for (const aad of [AAD.auditor, AAD.otherManager, STRANGER, AAD.lineManager]) await expectNotPermitted(aad, 'exemption.decide', { requestId: id, decision: 'agree' });
  await bot.invoke(AAD.qa, 'exemption.decide', { requestId: id, decision: 'agree' });
  for (const aad of [AAD.auditor, AAD.lineManager, STRANGER]) await expectNotPermitted(aad, 'exemption.follow-up', { requestId: id, action: 'reallocate' });
  const refusals = (await auditTrail(db, 'allocation', ids.open)).filter((e) => e.action === 'action.refused');
  expect(refusals.map((e) => e.detail['verb'])).toEqual([
    ...Array<string>(3).fill('exemption.request'), ...Array<string>(8).fill('exemption.decide'), ...Array<string>(3).fill('exemption.follow-up'),
  ]);
});

test.each([
  ['a missing category', 'exemption.request', () => ({ allocationId: ids.open, [`reason_${ids.open}`]: REASON }), 'category'],
  ['a reason too short', 'exemption.request', () => ask(ids.open, 'leave', 'no'), 'reason'],
  ['a refusal without a note', 'exemption.decide', () => ({ requestId: 1, decision: 'refuse' }), 'note'],
])('%s gets the field error card and nothing is written', async (_what, verb, data, field) => {
  const before = await written();
  const card = await bot.invoke(AAD.auditor, verb, data());
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('ACTION_DATA_INVALID');
  expect(cardText(card)).toContain(field);
  expect(await written()).toBe(before);
});

test('an unknown request id is said plainly and nothing is written', async () => {
  const before = await written();
  for (const [verb, data] of [['exemption.decide', { requestId: 999, decision: 'agree' }], ['exemption.follow-up', { requestId: 999, action: 'drop' }]] as const) {
    const card = await bot.invoke(AAD.qa, verb, data);
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain('UNKNOWN_EXEMPTION_REQUEST');
  }
  expect(await written()).toBe(before);
});

test('QA may drop an agreed exemption from the month instead, once', async () => {
  await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  const id = await requestId();
  await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'agree' });
  expect(cardText(await bot.invoke(AAD.qa, 'exemption.follow-up', { requestId: id, action: 'drop' }))).toContain('Dropped from the month');
  const before = await written();
  expect(cardText(await bot.invoke(AAD.qa, 'exemption.follow-up', { requestId: id, action: 'reallocate' }))).toContain('already been dropped');
  expect(await written()).toBe(before);
  expect((await auditTrail(db, 'exemption_request', id)).map((e) => e.action)).toContain('exemption.drop');
});

test('with no auditor free of a conflict of interest, reallocation says so and changes nothing', async () => {
  await bot.invoke(AAD.auditor, 'exemption.request', ask(ids.open));
  const id = await requestId();
  await bot.invoke(AAD.lineManager, 'exemption.decide', { requestId: id, decision: 'agree' });
  await db.query(`UPDATE people SET roles = array_remove(roles, 'auditor') WHERE id NOT IN ('tm-0-1', 'tm-1-1')`);
  const before = await written();
  const card = await bot.invoke(AAD.qa, 'exemption.follow-up', { requestId: id, action: 'reallocate' });
  expect(cardText(card)).toContain('NO_ELIGIBLE_AUDITOR');
  expect(await written()).toBe(before);
});

test("the line manager's exemption from the escalation card is a request agreed by them: exempted at once without PSW agreement", async () => {
  const card = await bot.invoke(AAD.lineManager, 'escalation.exempt', { allocationId: ids.late, [`reason_${ids.late}`]: 'Long leave since October.' });
  expect(validateCard(card)).toEqual([]);
  expect(cardText(card)).toContain('Exemption granted');
  expect(await getAllocation(db, ids.late)).toMatchObject({ status: 'exempted', exemptionReason: 'capacity: Long leave since October.' });
  expect(await db.query('SELECT status, line_manager_id, category FROM exemption_requests')).toEqual([{ status: 'agreed', line_manager_id: 'hos1', category: 'capacity' }]);
  expect(rowsOf(await exemptionRows(), 'exemption-follow-up').map((r) => r.recipientId)).toEqual(['qa1']);
});

test("the line manager's exemption from the escalation card goes on to the PSW where the profile asks for it", async () => {
  const profile = withPsw();
  bot = new BotDriver(botDeps(db, { profile }));
  const card = await bot.invoke(AAD.lineManager, 'escalation.exempt', { allocationId: ids.late, reason: 'Long leave since October.' });
  expect(cardText(card)).toContain('now with the PSW');
  expect((await getAllocation(db, ids.late))?.status).toBe('allocated');
  const id = await requestId();
  expect(await statusOf(id)).toBe('awaiting-psw');
  const psw = rowsOf(await exemptionRows(), 'exemption-request');
  expect(psw.map((r) => [r.recipientId, r.payload['stage']])).toEqual([['qa1', 'psw']]);
  await expectRenderedValid(await exemptionRows(), profile);
  await bot.invoke(AAD.qa, 'exemption.decide', { requestId: id, decision: 'agree' });
  expect((await getAllocation(db, ids.late))?.status).toBe('exempted');
});
