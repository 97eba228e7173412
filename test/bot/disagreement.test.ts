import type { Activity } from 'botbuilder';
import { ProgrammeProfileSchema } from '../../audit/programme-profile';
import { renderMessage } from '../../delivery/render-message';
import { runDueSteps } from '../../scheduler/run-due-steps';
import { auditTrail } from '../../store/audit-log';
import type { Db } from '../../store/db';
import { getDisagreement } from '../../store/disagreements-repo';
import { reportForPeriod } from '../../report/report-for-period';
import { listOutbox, type OutboxRow } from '../../store/outbox-repo';
import { setAadObjectId } from '../../store/people-repo';
import { getResponse } from '../../store/responses-repo';
import { validateCard } from '../support/card-checks';
import { instantAt } from '../support/london-instant';
import { AAD, BotDriver, botDeps, cardOf, cardText, NOW, type Seeded, useSeededStore } from './bot-harness';

// 004 §2.12–2.13 end to end: the worker or TM disagrees → review session → outcome; unresolved → mediation by the AD.
// Both seeded audits are of cases in Jigsaw Team 1 (worker sw-1-1, team manager tm-1-1), audited by tm-0-1.

const MORE = { worker: 'aad-sw-1-1', teamManager: 'aad-tm-1-1', ad: 'aad-ad1', otherAuditor: 'aad-tm-0-2', unrelated: 'aad-sw-0-1' } as const;
const AFTER_MEDIATION_DATE = instantAt('2026-11-25', '07:00'); // raised 2026-11-10 + 10 working days = 2026-11-24

const env = useSeededStore();
let db: Db;
let ids: Seeded;
let bot: BotDriver;

beforeEach(async () => {
  ({ db, ids } = env);
  await db.transaction(async (tx) => {
    for (const [person, aad] of [['sw-1-1', MORE.worker], ['tm-1-1', MORE.teamManager], ['ad1', MORE.ad], ['tm-0-2', MORE.otherAuditor], ['sw-0-1', MORE.unrelated]] as const) {
      await setAadObjectId(tx, person, aad, 'test');
    }
  });
  bot = new BotDriver(botDeps(db));
});

const validForm = (allocationId: number, grade = 'Requires Improvement') => ({
  allocationId, formVersion: 1, grade, rationale: 'Plans are clear and reviewed on time with the family.',
  discussionHeld: 'yes', contact: 'yes', contactViews: 'Said the worker listens.', goodPractice: 'Chronology up to date',
  improvement: 'Record supervision decisions', safeguardingConcern: 'false',
});
const REASON = 'The plan was reviewed on time and the views of the family are recorded.';
const NOTE = 'Reviewed together: the findings stand as recorded in the audit form.';

async function returnAudit(allocationId: number): Promise<void> {
  expect(cardText(await bot.invoke(AAD.auditor, 'grade.submit', validForm(allocationId)))).toContain('Audit recorded');
}
const disagreementRows = async (): Promise<OutboxRow[]> => (await listOutbox(db)).filter((r) => r.kind.startsWith('disagreement-'));
const countDisagreements = async (): Promise<number> => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM disagreements'))[0]?.n ?? -1;
const recipients = (rows: readonly OutboxRow[], kind: string): (string | null)[] => rows.filter((r) => r.kind === kind).map((r) => r.recipientId).sort();
const idOf = async (allocationId: number): Promise<number> =>
  (await db.query<{ id: number }>('SELECT id FROM disagreements WHERE allocation_id = $1 ORDER BY id DESC LIMIT 1', [allocationId]))[0]?.id ?? -1;

async function renderRow(row: OutboxRow, now = NOW): Promise<unknown> {
  const activity = await renderMessage(row, { db, profile: botDeps(db).profile, now });
  const content = cardOf([activity as Partial<Activity>]);
  expect(validateCard(content)).toEqual([]);
  return content;
}

/** Nothing about disagreements is written: no disagreement, no message, and the raw tables agree. */
async function expectNothingWritten(before: { disagreements: number; messages: number }): Promise<void> {
  expect(await countDisagreements()).toBe(before.disagreements);
  expect((await disagreementRows()).length).toBe(before.messages);
}
const snapshot = async () => ({ disagreements: await countDisagreements(), messages: (await disagreementRows()).length });

test('the completion notice offers the worker "I disagree with the grade"; the worker disagrees → review to auditor, worker and TM; the auditor records "kept" → outcome to all three', async () => {
  await returnAudit(ids.open);
  const notice = (await listOutbox(db, { kind: 'completion-notice', recipientId: 'sw-1-1' }))[0];
  if (notice === undefined) throw new Error('no completion notice to the worker');
  expect(JSON.stringify(await renderRow(notice))).toContain('"verb":"disagreement.raise","data":{"allocationId":' + ids.open + '}');

  const raised = await bot.invoke(MORE.worker, 'disagreement.raise', { allocationId: ids.open, reason: REASON });
  expect(validateCard(raised)).toEqual([]);
  expect(cardText(raised)).toContain('Disagreement recorded');
  expect(cardText(raised)).toContain('Tue 24 Nov 2026');
  const id = await idOf(ids.open);
  expect(await getDisagreement(db, id)).toMatchObject({ raisedBy: 'sw-1-1', raisedAs: 'allocated-worker', status: 'review', raisedOn: '2026-11-10' });

  const requests = await disagreementRows();
  expect(requests.map((r) => r.key).sort()).toEqual([`disagreement:${id}:review:sw-1-1`, `disagreement:${id}:review:tm-0-1`, `disagreement:${id}:review:tm-1-1`]);
  for (const row of requests) {
    const card = JSON.stringify(await renderRow(row));
    expect(card).toContain('CD491100');
    expect(card).toContain(REASON);
    // Only the auditor gets the outcome form at review.
    expect(card.includes('disagreement.resolve')).toBe(row.recipientId === 'tm-0-1');
  }

  // A second press while it is open changes nothing.
  expect(cardText(await bot.invoke(MORE.teamManager, 'disagreement.raise', { allocationId: ids.open, reason: REASON }))).toContain('DISAGREEMENT_ALREADY_OPEN');
  expect(await countDisagreements()).toBe(1);

  const kept = await bot.invoke(AAD.auditor, 'disagreement.resolve', { disagreementId: String(id), outcome: 'grade-kept', note: NOTE });
  expect(validateCard(kept)).toEqual([]);
  expect(cardText(kept)).toContain('Grade kept');
  expect(await getDisagreement(db, id)).toMatchObject({ status: 'resolved', outcome: 'grade-kept', newGrade: null, resolvedStage: 'review', resolvedBy: 'tm-0-1' });
  const outcomes = (await disagreementRows()).filter((r) => r.kind === 'disagreement-outcome');
  expect(recipients(outcomes, 'disagreement-outcome')).toEqual(['sw-1-1', 'tm-0-1', 'tm-1-1']);
  for (const row of outcomes) expect(cardText(await renderRow(row))).toContain(NOTE);

  // Resolved already: a plain card, nothing more written.
  const before = await snapshot();
  const again = await bot.invoke(AAD.auditor, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-changed', newGrade: 'Good', note: NOTE });
  expect(cardText(again)).toContain('DISAGREEMENT_ALREADY_RESOLVED');
  await expectNothingWritten(before);
  expect((await getDisagreement(db, id))?.outcome).toBe('grade-kept');

  // The audit trail has ids, stages and outcomes, never the free text.
  const trail = JSON.stringify(await auditTrail(db, 'disagreement', id));
  expect(trail).toContain('disagreement.raise');
  expect(trail).toContain('disagreement.resolve');
  expect(trail).not.toContain(REASON);
  expect(trail).not.toContain(NOTE);
  // The monthly report counts it (004 §2.12): raised and settled at review.
  expect((await reportForPeriod(db, botDeps(db).profile, '2026-11')).returnLoop.disagreements).toEqual({ raised: 1, open: 0, resolvedAtReview: 1, mediated: 0, gradeChanged: 0 });
}, 60_000);

test('not resolved within the profile\'s working days → mediation to the AD, once even when the scheduler runs twice; the AD records "changed" → outcome', async () => {
  await returnAudit(ids.late);
  await bot.invoke(MORE.teamManager, 'disagreement.raise', { allocationId: ids.late, reason: REASON });
  const id = await idOf(ids.late);
  expect((await getDisagreement(db, id))?.raisedAs).toBe('team-manager');
  const profile = botDeps(db).profile;

  // The day before the mediation date nothing happens.
  const early = await runDueSteps({ db, profile, goLive: '2026-11-20' }, instantAt('2026-11-23', '07:00'));
  expect(early.filter((s) => s.step.startsWith('mediation:'))).toEqual([]);
  expect((await getDisagreement(db, id))?.status).toBe('review');

  const first = await runDueSteps({ db, profile, goLive: '2026-11-20' }, AFTER_MEDIATION_DATE);
  const second = await runDueSteps({ db, profile, goLive: '2026-11-20' }, AFTER_MEDIATION_DATE);
  expect(first.filter((s) => s.step.startsWith('mediation:'))).toEqual([{ step: `mediation:${id}`, period: '2026-11', messages: 1 }]);
  expect(second.filter((s) => s.step.startsWith('mediation:'))).toEqual([]);
  expect(await getDisagreement(db, id)).toMatchObject({ status: 'mediation', mediatorId: 'ad1' });
  const mediation = (await disagreementRows()).filter((r) => r.kind === 'disagreement-request' && r.key.includes(':mediation:'));
  expect(mediation.map((r) => [r.key, r.recipientId])).toEqual([[`disagreement:${id}:mediation:ad1`, 'ad1']]);
  const card = JSON.stringify(await renderRow(mediation[0] as OutboxRow, AFTER_MEDIATION_DATE));
  expect(card).toContain('Mediation needed: CD491110');
  expect(card).toContain('disagreement.resolve');

  // The auditor's review permission ended with the review.
  const before = await snapshot();
  expect(cardText(await bot.invoke(AAD.auditor, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-kept', note: NOTE }))).toContain('NOT_PERMITTED');
  await expectNothingWritten(before);

  const ad = new BotDriver(botDeps(db, { clock: { now: () => AFTER_MEDIATION_DATE } }));
  const changed = await ad.invoke(MORE.ad, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-changed', newGrade: 'Good', note: NOTE });
  expect(validateCard(changed)).toEqual([]);
  expect(cardText(changed)).toContain('Grade change recorded');
  expect(await getDisagreement(db, id)).toMatchObject({ status: 'resolved', outcome: 'grade-changed', newGrade: 'Good', resolvedStage: 'mediation', resolvedBy: 'ad1' });
  // The response's grade is not rewritten: the agreed grade lives on the disagreement.
  expect((await getResponse(db, ids.late))?.grade).toBe('Requires Improvement');
  const outcomes = (await disagreementRows()).filter((r) => r.kind === 'disagreement-outcome');
  expect(recipients(outcomes, 'disagreement-outcome')).toEqual(['sw-1-1', 'tm-0-1', 'tm-1-1']);
  for (const row of outcomes) {
    const text = cardText(await renderRow(row, AFTER_MEDIATION_DATE));
    expect(text).toContain('Grade changed: CD491110');
    expect(text).toContain('Good');
  }
  // The monthly report counts it (004 §2.13): mediated, grade changed; October had none.
  expect((await reportForPeriod(db, botDeps(db).profile, '2026-11')).returnLoop.disagreements).toEqual({ raised: 1, open: 0, resolvedAtReview: 0, mediated: 1, gradeChanged: 1 });
  expect((await reportForPeriod(db, botDeps(db).profile, '2026-10')).returnLoop.disagreements.raised).toBe(0);
}, 90_000);

test('with QA as the profile\'s mediator, each QA officer is asked and QA may record the outcome', async () => {
  const qaProfile = ProgrammeProfileSchema.parse({ ...botDeps(db).profile, disagreement: { reviewWorkingDays: 10, mediator: 'qa' } });
  await returnAudit(ids.late);
  await bot.invoke(MORE.worker, 'disagreement.raise', { allocationId: ids.late, reason: REASON });
  const id = await idOf(ids.late);
  await runDueSteps({ db, profile: qaProfile, goLive: '2026-11-20' }, AFTER_MEDIATION_DATE);
  expect(await getDisagreement(db, id)).toMatchObject({ status: 'mediation', mediatorId: null });
  expect(recipients((await disagreementRows()).filter((r) => r.key.includes(':mediation:')), 'disagreement-request')).toEqual(['qa1']);
  const qaBot = new BotDriver(botDeps(db, { profile: qaProfile }));
  const before = await snapshot();
  expect(cardText(await qaBot.invoke(MORE.ad, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-kept', note: NOTE }))).toContain('NOT_PERMITTED');
  await expectNothingWritten(before);
  expect(cardText(await qaBot.invoke(AAD.qa, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-kept', note: NOTE }))).toContain('Grade kept');
}, 90_000);

test('only the worker or TM may disagree; only the auditor records the review; only the AD mediates — everyone else is refused and nothing is written', async () => {
  await returnAudit(ids.open);
  for (const aad of [AAD.auditor, MORE.otherAuditor, AAD.otherManager, AAD.lineManager, AAD.qa, MORE.ad, MORE.unrelated]) {
    const before = await snapshot();
    const card = await bot.invoke(aad, 'disagreement.raise', { allocationId: ids.open, reason: REASON });
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain('NOT_PERMITTED');
    await expectNothingWritten(before);
  }
  const refusals = (await auditTrail(db, 'allocation', ids.open)).filter((e) => e.action === 'action.refused');
  expect(refusals).toHaveLength(7);
  expect(refusals.every((e) => JSON.stringify(e.detail) === '{"verb":"disagreement.raise"}')).toBe(true);

  await bot.invoke(MORE.worker, 'disagreement.raise', { allocationId: ids.open, reason: REASON });
  const id = await idOf(ids.open);
  for (const aad of [MORE.worker, MORE.teamManager, MORE.otherAuditor, AAD.otherManager, AAD.qa, MORE.ad, MORE.unrelated]) {
    const before = await snapshot();
    expect(cardText(await bot.invoke(aad, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-kept', note: NOTE }))).toContain('NOT_PERMITTED');
    await expectNothingWritten(before);
    expect((await getDisagreement(db, id))?.status).toBe('review');
  }

  // At mediation (AD mediator): QA, the auditor, another manager and a stranger are refused.
  await runDueSteps({ db, profile: botDeps(db).profile, goLive: '2026-11-20' }, AFTER_MEDIATION_DATE);
  expect((await getDisagreement(db, id))?.status).toBe('mediation');
  for (const aad of [AAD.qa, AAD.auditor, AAD.otherManager, MORE.worker, MORE.unrelated]) {
    const before = await snapshot();
    expect(cardText(await bot.invoke(aad, 'disagreement.resolve', { disagreementId: id, outcome: 'grade-kept', note: NOTE }))).toContain('NOT_PERMITTED');
    await expectNothingWritten(before);
    expect((await getDisagreement(db, id))?.status).toBe('mediation');
  }
}, 90_000);

test('bad input gets a field error card and writes nothing', async () => {
  // Not yet returned: nothing to disagree with.
  expect(cardText(await bot.invoke(MORE.worker, 'disagreement.raise', { allocationId: ids.open, reason: REASON }))).toContain('DISAGREEMENT_NOT_RETURNED');
  expect(await countDisagreements()).toBe(0);
  await returnAudit(ids.open);
  const short = await bot.invoke(MORE.worker, 'disagreement.raise', { allocationId: ids.open, reason: 'no' });
  expect(validateCard(short)).toEqual([]);
  expect(cardText(short)).toContain('ACTION_DATA_INVALID');
  expect(cardText(short)).toContain('reason');
  expect(await countDisagreements()).toBe(0);

  await bot.invoke(MORE.worker, 'disagreement.raise', { allocationId: ids.open, reason: REASON });
  const id = await idOf(ids.open);
  const cases: [Record<string, unknown>, string][] = [
    [{ disagreementId: id, outcome: 'grade-changed', note: NOTE }, 'newGrade'],
    [{ disagreementId: id, outcome: 'grade-changed', newGrade: 'Brilliant', note: NOTE }, 'newGrade'],
    [{ disagreementId: id, outcome: 'grade-changed', newGrade: 'Requires Improvement', note: NOTE }, 'newGrade'],
    [{ disagreementId: id, outcome: 'grade-kept', note: 'ok' }, 'note'],
    [{ disagreementId: 999_999, outcome: 'grade-kept', note: NOTE }, 'disagreementId'],
  ];
  for (const [data, field] of cases) {
    const before = await snapshot();
    const card = await bot.invoke(AAD.auditor, 'disagreement.resolve', data);
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain('ACTION_DATA_INVALID');
    expect(cardText(card)).toContain(`${field}:`);
    await expectNothingWritten(before);
    expect((await getDisagreement(db, id))?.status).toBe('review');
  }
}, 90_000);
