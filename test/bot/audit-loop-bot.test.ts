import { ProgrammeProfileSchema } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';
import { auditTrail } from '../../store/audit-log';
import { getAllocation } from '../../store/allocations-repo';
import { getConversationRef } from '../../store/conversations-repo';
import { listOutbox } from '../../store/outbox-repo';
import { countResponses } from '../../store/responses-repo';
import { setAadObjectId } from '../../store/people-repo';
import type { Db } from '../../store/db';
import { validateCard } from '../support/card-checks';
import { AAD, BotDriver, botDeps, cardOf, cardText, type Seeded, useSeededStore } from './bot-harness';

const env = useSeededStore();
let db: Db;
let ids: Seeded;
let bot: BotDriver;

beforeEach(async () => {
  ({ db, ids } = env);
  bot = new BotDriver(botDeps(db));
});

const validForm = (allocationId: number, grade = 'Good') => ({
  allocationId, formVersion: 1, grade, rationale: 'Plans are clear and reviewed on time with the family.',
  discussionHeld: 'yes', contact: 'yes', contactViews: 'Said the worker listens.', goodPractice: 'Chronology up to date',
  improvement: 'Record supervision decisions', safeguardingConcern: 'false',
});

function expectValid(card: unknown): void {
  expect(validateCard(card)).toEqual([]);
}

test('installing the bot in personal scope stores the conversation reference, links the person and welcomes with the help card', async () => {
  await db.query('UPDATE people SET aad_object_id = NULL WHERE id = $1', ['tm-0-1']);
  const replies = await bot.send({
    channelId: 'msteams', type: 'installationUpdate', action: 'add', serviceUrl: 'https://smba.example.test/uk/',
    from: { id: '29:new', name: 'User', aadObjectId: 'aad-new', email: 'tm-0-1@council.example' } as never,
    recipient: { id: '28:bot', name: 'Audit Loop' },
    conversation: { id: 'a:install-1', conversationType: 'personal', isGroup: false, name: '', tenantId: 'tenant-1' },
    channelData: { tenant: { id: 'tenant-1' } },
  });
  const ref = await getConversationRef(db, 'a:install-1');
  expect(ref).toMatchObject({ kind: 'personal', tenantId: 'tenant-1', serviceUrl: 'https://smba.example.test/uk/', aadObjectId: 'aad-new', personId: 'tm-0-1' });
  const card = cardOf(replies);
  expectValid(card);
  expect(cardText(card)).toContain('my audits');
  const linked = await db.query<{ aad: string }>('SELECT aad_object_id AS aad FROM people WHERE id = $1', ['tm-0-1']);
  expect(linked[0]?.aad).toBe('aad-new');
});

test('uninstalling marks the conversation uninstalled', async () => {
  const conv = { id: 'a:install-2', conversationType: 'personal', isGroup: false, name: '' };
  const common = { channelId: 'msteams', serviceUrl: 'https://smba.example.test/uk/', from: { id: '29:x', name: 'U', aadObjectId: AAD.auditor }, recipient: { id: '28:bot', name: 'B' }, conversation: conv };
  await bot.send({ ...common, type: 'installationUpdate', action: 'add' });
  await bot.send({ ...common, type: 'installationUpdate', action: 'remove' });
  const rows = await db.query<{ gone: boolean }>('SELECT uninstalled_at IS NOT NULL AS gone FROM conversation_refs WHERE conversation_id = $1', ['a:install-2']);
  expect(rows[0]?.gone).toBe(true);
});

test('"my audits" lists the sender\'s allocations this month with status and a button to record each', async () => {
  const card = cardOf(await bot.message(AAD.auditor, '  My Audits '));
  expectValid(card);
  const text = cardText(card);
  expect(text).toContain('CD491100');
  expect(text).toContain('CD491110');
  expect(JSON.stringify(card)).toContain('grade.open');
});

test('unknown text gets the help card, not silence', async () => {
  const card = cardOf(await bot.message(AAD.auditor, 'what is this'));
  expectValid(card);
  expect(cardText(card)).toContain('my audits');
});

test('a person the bot does not know is told to ask QA to add them', async () => {
  const card = cardOf(await bot.message(AAD.stranger, 'my audits'));
  expectValid(card);
  expect(cardText(card)).toMatch(/ask the QA team to add you/i);
});

test('QA commands are refused to a non-QA user and answered for QA', async () => {
  expect(cardText(cardOf(await bot.message(AAD.auditor, 'headlines')))).toContain('QA_ONLY');
  const headlines = cardOf(await bot.message(AAD.qa, 'headlines'));
  expectValid(headlines);
  // The monthly report model, with its comparison to last month in words.
  expect(cardText(headlines)).toMatch(/last month/);
  const overdue = cardOf(await bot.message(AAD.qa, 'overdue'));
  expectValid(overdue);
  expect(cardText(overdue)).toContain('CD491110');
  expect(cardText(overdue)).not.toContain('CD491100');
  expectValid(cardOf(await bot.message(AAD.qa, 'unmatched')));
});

test("QA's headlines link to the month's Word report and Excel workbook in QA's chat with Audit Loop, \"report 2026-11\" typed", async () => {
  const appId = '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d';
  const headlines = cardOf(await new BotDriver(botDeps(db, { botAppId: appId })).message(AAD.qa, 'headlines'));
  expectValid(headlines);
  expect(headlines.actions).toEqual([
    { type: 'Action.OpenUrl', title: 'Get the Word report and Excel workbook', url: `https://teams.microsoft.com/l/chat/0/0?users=28:${appId}&message=report%202026-11` },
  ]);
  // Local anonymous mode has no app id, so no chat to link to.
  expect(cardOf(await bot.message(AAD.qa, 'headlines')).actions).toBeUndefined();
});

test('"team" shows a manager their direct reports\' audits', async () => {
  const card = cardOf(await bot.message(AAD.lineManager, 'team'));
  expectValid(card);
  expect(cardText(card)).toContain('Staff tm-0-1');
  expect(cardText(card)).toContain('0 · 1 · 1 · 0');
});

test('opening the grade card gives the allocated auditor the form, refreshable only by them', async () => {
  const card = await bot.invoke(AAD.auditor, 'grade.open', { allocationId: ids.open });
  expectValid(card);
  expect(JSON.stringify(card)).toContain('grade.submit');
  expect((card['refresh'] as { userIds: string[] }).userIds).toEqual([AAD.auditor]);
});

test('a grade submitted by the wrong person gets an error card, stores nothing and is logged as refused', async () => {
  const card = await bot.invoke(AAD.otherManager, 'grade.submit', validForm(ids.open));
  expectValid(card);
  expect(cardText(card)).toContain('NOT_PERMITTED');
  expect(await countResponses(db)).toBe(0);
  expect((await getAllocation(db, ids.open))?.status).toBe('allocated');
  const trail = await auditTrail(db, 'allocation', ids.open);
  expect(trail.filter((e) => e.action === 'action.refused')).toEqual([
    expect.objectContaining({ actor: 'tm-1-2', detail: { verb: 'grade.submit' } }),
  ]);
});

test('a replayed submit records once and returns the same confirmation', async () => {
  const first = await bot.invoke(AAD.auditor, 'grade.submit', validForm(ids.open));
  const second = await bot.invoke(AAD.auditor, 'grade.submit', validForm(ids.open, 'Outstanding'));
  expectValid(first);
  expect(second).toEqual(first);
  expect(cardText(first)).toContain('Audit recorded');
  expect(await countResponses(db)).toBe(1);
  const returns = (await auditTrail(db, 'allocation', ids.open)).filter((e) => e.action === 'response.record');
  expect(returns).toHaveLength(1);
});

test('a stale grade card refreshed after the audit was returned shows the confirmation', async () => {
  const before = await bot.invoke(AAD.auditor, 'card.refresh', { card: 'grade-form', allocationId: ids.open });
  expect(JSON.stringify(before)).toContain('grade.submit');
  await bot.invoke(AAD.auditor, 'grade.submit', validForm(ids.open));
  const after = await bot.invoke(AAD.auditor, 'card.refresh', { card: 'grade-form', allocationId: ids.open });
  expectValid(after);
  expect(cardText(after)).toContain('Audit recorded');
  expect(JSON.stringify(after)).not.toContain('grade.submit');
});

test('malformed action data gets an error card naming the field', async () => {
  const card = await bot.invoke(AAD.auditor, 'escalation.extend', { allocationId: 'twelve', newDueDate: '2026-02-30' });
  expectValid(card);
  const text = cardText(card);
  expect(text).toContain('ACTION_DATA_INVALID');
  expect(text).toContain('allocationId');
  expect(text).toContain('newDueDate');
});

test('an invalid grade form comes back with the errors shown and the answers kept', async () => {
  const card = await bot.invoke(AAD.auditor, 'grade.submit', { ...validForm(ids.open), rationale: 'short', grade: 'Brilliant' });
  expectValid(card);
  const json = JSON.stringify(card);
  expect(json).toContain('Give a fuller rationale');
  expect(json).toContain('Choose one of');
  expect(json).toContain('Chronology up to date');
  expect(await countResponses(db)).toBe(0);
});

test('where QA moderates first (003), an Inadequate grade goes to QA and the confirmation says the notices follow its agreement', async () => {
  const card = await bot.invoke(AAD.auditor, 'grade.submit', validForm(ids.open, 'Inadequate'));
  expectValid(card);
  expect(cardText(card)).toMatch(/QA moderates an Inadequate grade first/i);
  expect(cardText(card)).not.toMatch(/on their way/i);
  expect(await listOutbox(db, { kind: 'inadequate-alert' })).toEqual([]);
  expect((await listOutbox(db, { kind: 'moderation-request' })).map((m) => m.key)).toEqual([`moderation-request:${ids.open}:qa1`]);
});

test('where the profile does not have QA moderate first, an Inadequate grade queues the urgent notices in the same transaction and the confirmation says so', async () => {
  const profile = ProgrammeProfileSchema.parse({ ...loadProfile('southampton-qaf-2023'), inadequate: { ...loadProfile('southampton-qaf-2023').inadequate, moderatedByQa: false } });
  const card = await new BotDriver(botDeps(db, { profile })).invoke(AAD.auditor, 'grade.submit', validForm(ids.open, 'Inadequate'));
  expectValid(card);
  expect(cardText(card)).toMatch(/urgent notices are on their way/i);
  const urgent = await listOutbox(db, { kind: 'inadequate-alert' });
  expect(urgent.length).toBeGreaterThan(0);
  expect(urgent.every((m) => m.key.startsWith(`urgent:${ids.open}:`))).toBe(true);
});

test('the line manager can extend an overdue audit; another manager cannot', async () => {
  const refused = await bot.invoke(AAD.otherManager, 'escalation.extend', { allocationId: ids.late, newDueDate: '2026-11-20' });
  expectValid(refused);
  expect(cardText(refused)).toContain('NOT_PERMITTED');
  expect((await getAllocation(db, ids.late))?.extendedTo).toBeNull();
  const done = await bot.invoke(AAD.lineManager, 'escalation.extend', { allocationId: ids.late, newDueDate: '2026-11-20' });
  expectValid(done);
  expect(cardText(done)).toContain('Due date extended');
  expect((await getAllocation(db, ids.late))?.extendedTo).toBe('2026-11-20');
});

test('an extension to a date already past is refused with the reason, and nothing changes', async () => {
  const before = await getAllocation(db, ids.late);
  const card = await bot.invoke(AAD.lineManager, 'escalation.extend', { allocationId: ids.late, newDueDate: '2026-11-09' });
  expectValid(card);
  expect(cardText(card)).toContain('EXTENSION_IN_THE_PAST');
  expect(cardText(card)).toContain('choose today (2026-11-10) or a later date');
  expect(await getAllocation(db, ids.late)).toEqual(before);
});

test('an old client\'s Action.Submit is routed like Action.Execute', async () => {
  const card = cardOf(await bot.message(AAD.auditor, '', { ...validForm(ids.open), verb: 'grade.submit' }));
  expectValid(card);
  expect(cardText(card)).toContain('Audit recorded');
  expect(await countResponses(db)).toBe(1);
});

test('in local anonymous mode the dev user stands in for an unknown sender', async () => {
  const dev = new BotDriver(botDeps(db, { devUserId: 'tm-0-1' }));
  const card = cardOf(await dev.message(undefined, 'my audits'));
  expect(cardText(card)).toContain('CD491100');
});

test('only QA moderates a returned audit; the auditor who graded it cannot', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', validForm(ids.open, 'Inadequate'));
  const refused = await bot.invoke(AAD.auditor, 'moderation.submit', { allocationId: ids.open, moderatedGrade: 'Good', note: 'Looks fine to me' });
  expectValid(refused);
  expect(cardText(refused)).toContain('NOT_PERMITTED');
  expect(await db.query('SELECT 1 FROM moderations')).toHaveLength(0);
  const done = await bot.invoke(AAD.qa, 'moderation.submit', { allocationId: ids.open, moderatedGrade: 'Requires Improvement', note: 'Plan in place' });
  expectValid(done);
  expect(await db.query('SELECT original_grade, moderated_grade, moderator_id FROM moderations')).toEqual([
    { original_grade: 'Inadequate', moderated_grade: 'Requires Improvement', moderator_id: 'qa1' },
  ]);
});

test("only the case's team manager completes Part B (004 §7)", async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', validForm(ids.open));
  await setAadObjectId(db, 'tm-1-1', 'aad-case-tm', 'test'); // CD491100 is held by Jigsaw Team 1, managed by tm-1-1
  const reflection = 'Discussed in supervision; chronology to be updated this month.';
  const refused = await bot.invoke(AAD.otherManager, 'partb.complete', { allocationId: ids.open, reflection });
  expectValid(refused);
  expect(cardText(refused)).toContain('NOT_PERMITTED');
  expect(await db.query('SELECT completed_by FROM part_b WHERE completed_at IS NOT NULL')).toHaveLength(0);
  const done = await bot.invoke('aad-case-tm', 'partb.complete', { allocationId: ids.open, reflection });
  expectValid(done);
  expect(await db.query('SELECT completed_by FROM part_b WHERE completed_at IS NOT NULL')).toEqual([{ completed_by: 'tm-1-1' }]);
});

test("the auditor's line manager can nudge once a day; another manager cannot", async () => {
  const refused = await bot.invoke(AAD.otherManager, 'escalation.nudge', { allocationId: ids.late });
  expect(cardText(refused)).toContain('NOT_PERMITTED');
  await bot.invoke(AAD.lineManager, 'escalation.nudge', { allocationId: ids.late });
  await bot.invoke(AAD.lineManager, 'escalation.nudge', { allocationId: ids.late });
  expect((await listOutbox(db, { kind: 'nudge' })).map((m) => m.recipientId)).toEqual(['tm-0-1']);
});
