import { instantAt } from '../support/london-instant';
import { renderMessage } from '../../delivery/render-message';
import { importModerations } from '../../imports/import-moderations';
import { reportForPeriod } from '../../report/report-for-period';
import { renderMarkdown } from '../../report/render-markdown';
import { runDueSteps } from '../../scheduler/run-due-steps';
import { auditTrail } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { getInadequatePath, inadequateUpdates } from '../../store/inadequate-paths-repo';
import { listOutbox, type OutboxRow } from '../../store/outbox-repo';
import { setAadObjectId } from '../../store/people-repo';
import { validateCard } from '../support/card-checks';
import { tempDir, writeFile } from '../support/fixtures';
import { AAD, BotDriver, botDeps, cardText, NOW, type Seeded, useSeededStore } from '../bot/bot-harness';

// Southampton (the default profile) has QA moderate an Inadequate grade first (003). The seed's CD491100 is a Jigsaw
// case: worker sw-1-1, team manager tm-1-1; ad1 is the only Assistant Director. QA moderates on Tuesday 10 November,
// so the 3-day update is due Friday 13th and the 1-week follow-up Tuesday 17th.
const TM = 'aad-case-tm';
const AD = 'aad-ad';

const env = useSeededStore();
let db: Db;
let ids: Seeded;
let bot: BotDriver;

beforeEach(async () => {
  ({ db, ids } = env);
  await setAadObjectId(db, 'tm-1-1', TM, 'test');
  await setAadObjectId(db, 'ad1', AD, 'test');
  bot = new BotDriver(botDeps(db));
});

const form = (allocationId: number, grade: string, safeguardingConcern = false) => ({
  allocationId, formVersion: 1, grade, rationale: 'Drift in the plan and no recent visits recorded on file.',
  discussionHeld: 'yes', contact: 'yes', contactViews: 'Said nobody visits.', goodPractice: 'Chronology up to date',
  improvement: 'Visit within statutory timescales and update the plan.', safeguardingConcern: String(safeguardingConcern),
});
const moderate = (grade: string) => bot.invoke(AAD.qa, 'moderation.submit', { allocationId: ids.open, moderatedGrade: grade, note: 'Agreed at the moderation panel.' });
const tick = (day: string) => runDueSteps({ db, profile: botDeps(db).profile, goLive: '2026-11-10' }, instantAt(day, '09:00'));
const ofKind = async (kind: string): Promise<OutboxRow[]> => listOutbox(db, { kind });
const update = (aad: string, over: Record<string, unknown> = {}) => bot.invoke(aad, 'inadequate.update', {
  allocationId: ids.open, stage: 'update', round: 1, whatWasDone: 'Visit made on 12 November; plan reviewed with the family.', safeguardingActionTaken: 'yes', ...over,
});

async function rendered(row: OutboxRow): Promise<Record<string, unknown>> {
  const activity = await renderMessage(row, { db, profile: botDeps(db).profile, now: NOW });
  const [attachment] = activity.attachments as { content: Record<string, unknown> }[];
  return attachment?.content ?? {};
}

test('where QA moderates first, an Inadequate grade waits for QA: no urgent notice and no chase until the grade is agreed', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  expect(await ofKind('inadequate-alert')).toEqual([]);
  expect((await ofKind('moderation-request')).map((m) => m.recipientId)).toEqual(['qa1']);
  expect(await getInadequatePath(db, ids.open)).toMatchObject({ status: 'awaiting-moderation' });
  await tick('2026-11-20');
  expect(await ofKind('inadequate-update-request')).toEqual([]);
});

test('QA agreeing the Inadequate grade sends the urgent notices then, and the update and follow-up are counted from that day', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  const card = await moderate('Inadequate');
  expect(cardText(card)).toContain('the urgent notices go out now');
  const alerts = await ofKind('inadequate-alert');
  expect(alerts.map((m) => m.recipientId)).toEqual(expect.arrayContaining(['sw-1-1', 'tm-1-1', 'ad1']));
  expect(alerts[0]?.payload).toMatchObject({ updateDue: '2026-11-13', followUpDue: '2026-11-17' });
  expect(await getInadequatePath(db, ids.open)).toMatchObject({ status: 'open', round: 1, startedOn: '2026-11-10' });

  await tick('2026-11-12');
  expect(await ofKind('inadequate-update-request')).toEqual([]);
  await tick('2026-11-13');
  const [request] = await ofKind('inadequate-update-request');
  expect(request).toMatchObject({ key: `inadequate-update:${ids.open}`, recipientId: 'tm-1-1', payload: { stage: 'update', dueDate: '2026-11-13' } });
  const requestCard = await rendered(request as OutboxRow);
  expect(validateCard(requestCard)).toEqual([]);
  expect(JSON.stringify(requestCard)).toContain('"id":"safeguardingActionTaken"');
  expect(JSON.stringify(requestCard)).toContain('"id":"whatWasDone"');
});

test('a safeguarding concern is told at once even where QA moderates first', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate', true));
  const atReturn = (await ofKind('inadequate-alert')).map((m) => m.key);
  expect((await ofKind('inadequate-alert')).map((m) => m.recipientId)).toEqual(expect.arrayContaining(['sw-1-1', 'tm-1-1', 'ad1']));
  expect(await getInadequatePath(db, ids.open)).toMatchObject({ status: 'awaiting-moderation' });
  await moderate('Inadequate');
  // Agreed, the notices already sent are not sent twice; the path opens.
  expect((await ofKind('inadequate-alert')).map((m) => m.key)).toEqual(atReturn);
  expect(await getInadequatePath(db, ids.open)).toMatchObject({ status: 'open' });
});

test('the team manager records the 3-day update on the card; QA is told, and it is not chased again', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  await moderate('Inadequate');
  await tick('2026-11-13');
  const done = await update(TM);
  expect(validateCard(done)).toEqual([]);
  expect(cardText(done)).toContain('Inadequate 3-day update recorded');
  expect(await inadequateUpdates(db, ids.open)).toEqual([
    { stage: 'update', round: 1, whatWasDone: 'Visit made on 12 November; plan reviewed with the family.', safeguardingActionTaken: true, recordedBy: 'tm-1-1' },
  ]);
  expect((await ofKind('qa-notice')).map((m) => m.key)).toContain(`inadequate-update-recorded:${ids.open}:1:update`);
  await tick('2026-11-16');
  await tick('2026-11-17');
  expect((await ofKind('inadequate-update-request')).map((m) => m.key)).toEqual([`inadequate-update:${ids.open}`, `inadequate-followup:${ids.open}`]);
  // Recording twice keeps the first.
  expect(cardText(await update(TM, { whatWasDone: 'Another account of the same visit, written later.' }))).toContain('already recorded');
  expect(await inadequateUpdates(db, ids.open)).toHaveLength(1);
});

test('bad input is refused naming the field and why, and nothing is written', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  await moderate('Inadequate');
  const tooShort = cardText(await update(TM, { whatWasDone: 'Visited.' }));
  expect(tooShort).toContain('at least 20 characters');
  const noChoice = cardText(await update(TM, { safeguardingActionTaken: '' }));
  expect(noChoice).toContain('Say whether safeguarding action was taken');
  const wrongStage = cardText(await update(TM, { stage: 'three-day' }));
  expect(wrongStage).toContain('which update this is');
  expect(await inadequateUpdates(db, ids.open)).toEqual([]);
  expect((await auditTrail(db, 'allocation', ids.open)).filter((e) => e.action === 'inadequate.update')).toEqual([]);
});

test("only the case's team manager or the area's Assistant Director may record it; anyone else is refused", async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  await moderate('Inadequate');
  const refused = await update(AAD.otherManager);
  expect(cardText(refused)).toContain('NOT_PERMITTED');
  expect(await inadequateUpdates(db, ids.open)).toEqual([]);
  const byAd = await update(AD, { stage: 'follow-up' });
  expect(cardText(byAd)).toContain('1-week follow-up recorded');
  expect((await inadequateUpdates(db, ids.open)).map((u) => [u.stage, u.recordedBy])).toEqual([['follow-up', 'ad1']]);
});

test('a late update is chased the working day after and then goes to the AD, each once however often the scheduler ticks', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  await moderate('Inadequate');
  for (const day of ['2026-11-13', '2026-11-16', '2026-11-16', '2026-11-17', '2026-11-17']) await tick(day);
  const requests = (await ofKind('inadequate-update-request')).filter((m) => (m.payload as { stage: string }).stage === 'update');
  expect(requests.map((m) => [m.key, m.recipientId])).toEqual([
    [`inadequate-update:${ids.open}`, 'tm-1-1'],
    [`inadequate-update-chase:${ids.open}`, 'tm-1-1'],
    [`inadequate-update-escalation:${ids.open}`, 'ad1'],
  ]);
  const adCard = await rendered(requests[2] as OutboxRow);
  expect(validateCard(adCard)).toEqual([]);
  expect(cardText(adCard)).toContain('or record it yourself');
});

test('an upgrade from Inadequate at moderation stops the chases and tells those already told', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate', true));
  const told = [...new Set((await ofKind('inadequate-alert')).map((m) => m.recipientId))].sort();
  const card = await moderate('Requires Improvement');
  expect(cardText(card)).toContain('the Inadequate path stops');
  expect(await getInadequatePath(db, ids.open)).toMatchObject({ status: 'stopped' });
  const stoodDown = await ofKind('inadequate-stood-down');
  expect(stoodDown.map((m) => m.recipientId).sort()).toEqual(told);
  expect(stoodDown[0]?.payload).toMatchObject({ caseRef: 'CD491100', moderatedGrade: 'Requires Improvement' });
  const notice = await rendered(stoodDown[0] as OutboxRow);
  expect(validateCard(notice)).toEqual([]);
  expect(cardText(notice)).toContain('no longer graded Inadequate');
  for (const day of ['2026-11-13', '2026-11-17', '2026-11-20']) await tick(day);
  expect(await ofKind('inadequate-update-request')).toEqual([]);
  expect(cardText(await update(TM))).toContain('INADEQUATE_STOPPED');
  // Moderating the same grade again tells nobody twice.
  await moderate('Requires Improvement');
  expect(await ofKind('inadequate-stood-down')).toHaveLength(stoodDown.length);
});

test('an upgrade of an open path, after the notices went out, tells the same people and stops the update requests', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  await moderate('Inadequate');
  await tick('2026-11-13');
  await moderate('Good');
  expect((await ofKind('inadequate-stood-down')).map((m) => m.recipientId)).toEqual(expect.arrayContaining(['tm-1-1', 'sw-1-1', 'ad1']));
  await tick('2026-11-17');
  expect((await ofKind('inadequate-update-request')).map((m) => m.key)).toEqual([`inadequate-update:${ids.open}`]);
});

test('a moderated downgrade to Inadequate by CSV import starts the path, as the card does', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Requires Improvement'));
  expect(await getInadequatePath(db, ids.open)).toBeNull();
  const file = writeFile(tempDir(), 'moderations.csv', 'month,case_ref,moderator_id,moderated_grade,note\n2026-11,CD491100,qa1,Inadequate,No visits for three months\n');
  await importModerations(db, file, botDeps(db).profile, 'qa1', NOW);
  expect(await getInadequatePath(db, ids.open)).toMatchObject({ status: 'open', startedOn: '2026-11-10' });
  expect((await ofKind('inadequate-alert')).map((m) => m.recipientId)).toEqual(expect.arrayContaining(['tm-1-1', 'ad1']));
});

test('the report lists the open Inadequate cases by reference and where each stands', async () => {
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.open, 'Inadequate'));
  await bot.invoke(AAD.auditor, 'grade.submit', form(ids.late, 'Inadequate'));
  await bot.invoke(AAD.qa, 'moderation.submit', { allocationId: ids.late, moderatedGrade: 'Inadequate', note: 'Agreed at the moderation panel.' });
  await bot.invoke(TM, 'inadequate.update', {
    allocationId: ids.late, stage: 'update', round: 1, whatWasDone: 'Strategy discussion held and plan reviewed.', safeguardingActionTaken: 'no',
  });
  const report = await reportForPeriod(db, botDeps(db).profile, '2026-11');
  expect(report.openInadequate.cases).toEqual([
    { caseRef: 'CD491100', month: '2026-11', serviceArea: 'Jigsaw', standing: 'awaiting moderation' },
    { caseRef: 'CD491110', month: '2026-11', serviceArea: 'Jigsaw', standing: 'awaiting 1-week follow-up' },
  ]);
  const md = renderMarkdown(report);
  expect(md).toContain('## Open Inadequate cases');
  expect(md).toContain('| CD491100 | 2026-11 | Jigsaw | awaiting moderation |');
  expect(md).not.toMatch(/Staff /);
});
