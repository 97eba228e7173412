import { loadProfile } from '../../audit/programme-profiles';
import { askedKindQuestions, kindFormFor, startsInadequatePath } from '../../audit/kind-forms';
import { reportForPeriod } from '../../report/report-for-period';
import { importAllocations } from '../../imports/import-allocations';
import { activityCompliance, openActivitiesFor } from '../../store/activities-repo';
import { countResponses } from '../../store/responses-repo';
import { listOutbox } from '../../store/outbox-repo';
import type { Db } from '../../store/db';
import { validateCard } from '../support/card-checks';
import { tempDir, writeFile } from '../support/fixtures';
import { rejected } from '../support/import-rejection';
import { AAD, BotDriver, botDeps, cardOf, cardText, useSeededStore } from './bot-harness';

const profile = loadProfile('southampton-qaf-2023');
const questions = askedKindQuestions(kindFormFor(profile.kindForms, 'supervision-observation'));
const env = useSeededStore();
let db: Db;
let bot: BotDriver;
const dir = tempDir();

beforeEach(async () => {
  ({ db } = env);
  bot = new BotDriver(botDeps(db));
});

async function allocateObservation(): Promise<number> {
  const csv = 'month,case_ref,auditor_id,kind,due_date,subject_person_id\n2026-11,,tm-0-1,supervision-observation,2026-11-28,tm-1-2\n';
  await importAllocations(db, writeFile(dir, 'obs.csv', csv), profile, 'qa1');
  const [open] = await openActivitiesFor(db, 'tm-0-1');
  if (open === undefined) throw new Error('no observation allocated');
  return open.id;
}

function answers(id: number): Record<string, unknown> {
  const out: Record<string, unknown> = { activityId: id, supervisionDate: '2026-11-04' };
  for (const q of questions) out[q.id] = q.answers ? q.answers[0] : 'Reflective discussion of the child\'s plan.';
  return out;
}

describe('a supervision observation', () => {
  it('is allocated with a blank case reference and the supervisee, and a case audit still needs its case reference', async () => {
    const bad = 'month,case_ref,auditor_id,kind,subject_person_id\n2026-11,,tm-0-1,supervision-observation,\n2026-11,,tm-0-1,audit,\n2026-11,CD491100,tm-0-1,supervision-observation,tm-1-2\n';
    const e = await rejected(importAllocations(db, writeFile(dir, 'bad.csv', bad), profile, 'qa1'));
    expect(e.problems).toEqual(expect.arrayContaining([
      { line: 2, column: 'subject_person_id', reason: 'a supervision-observation needs the id of the person observed' },
      { line: 3, column: 'case_ref', reason: 'a audit needs a case reference' },
      { line: 4, column: 'case_ref', reason: 'a supervision-observation is about a person, not a case: leave case_ref blank' },
    ]));
    expect(await openActivitiesFor(db, 'tm-0-1')).toEqual([]);
    await allocateObservation();
    expect(await openActivitiesFor(db, 'tm-0-1')).toEqual([expect.objectContaining({ subjectPersonId: 'tm-1-2', dueDate: '2026-11-28', status: 'allocated' })]);
  });

  it('shows in "my audits" and asks who and when, and needs no case reference', async () => {
    const id = await allocateObservation();
    const list = cardOf(await bot.message(AAD.auditor, 'my audits'));
    expect(validateCard(list)).toEqual([]);
    expect(JSON.stringify(list)).toContain('activity.open');
    const card = await bot.invoke(AAD.auditor, 'activity.open', { activityId: id });
    expect(validateCard(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('Supervisee observed');
    expect(json).toContain('"id":"supervisionDate"');
    expect(json).not.toMatch(/CD49\d{4}/);
  });

  it('is refused to anyone but the allocated observer, and nothing is written', async () => {
    const id = await allocateObservation();
    const card = await bot.invoke(AAD.otherManager, 'activity.submit', answers(id));
    expect(cardText(card)).toContain('NOT_PERMITTED');
    expect(await openActivitiesFor(db, 'tm-0-1')).toHaveLength(1);
  });

  it('refuses a future supervision date and an unanswered question, naming each, and writes nothing', async () => {
    const id = await allocateObservation();
    const card = await bot.invoke(AAD.auditor, 'activity.submit', { ...answers(id), supervisionDate: '2026-12-01', q4: '' });
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain('The supervision cannot be in the future.');
    expect(cardText(card)).toContain(`Answer: ${questions[3]!.text}`);
    expect(await openActivitiesFor(db, 'tm-0-1')).toHaveLength(1);
  });

  it('records the answers once, starts no urgent path and counts in its own compliance', async () => {
    const id = await allocateObservation();
    const done = await bot.invoke(AAD.auditor, 'activity.submit', answers(id));
    expect(cardText(done)).toContain('Supervision observation recorded');
    const again = await bot.invoke(AAD.auditor, 'activity.submit', answers(id));
    expect(cardText(again)).toContain('Supervision observation recorded');
    expect(await openActivitiesFor(db, 'tm-0-1')).toEqual([]);
    expect(await countResponses(db)).toBe(0);
    expect(await listOutbox(db)).toEqual([]);
    expect(await activityCompliance(db, ['2026-11'])).toEqual([{ month: '2026-11', kind: 'supervision-observation', allocated: 1, returned: 1 }]);
    const report = await reportForPeriod(db, profile, '2026-11');
    expect(report.kindCompliance).toEqual(expect.arrayContaining([
      { kind: 'supervision-observation', allocated: 1, returned: 1, rate: 1 },
      { kind: 'audit', allocated: 2, returned: 0, rate: 0 },
    ]));
    expect(startsInadequatePath('supervision-observation')).toBe(false);
    expect(startsInadequatePath('re-audit')).toBe(true);
  });
});

describe('a case reflection sheet', () => {
  const surrey = loadProfile('surrey-style-monthly');
  const reflectionQuestions = askedKindQuestions(kindFormFor(surrey.kindForms, 'case-reflection'));

  async function allocateReflection(): Promise<number> {
    const csv = 'month,case_ref,auditor_id,kind,due_date,subject_person_id\n2026-11,,tm-0-1,case-reflection,2026-11-28,\n';
    await importAllocations(db, writeFile(dir, 'reflection.csv', csv), surrey, 'qa1');
    const [open] = await openActivitiesFor(db, 'tm-0-1');
    if (open === undefined) throw new Error('no reflection sheet allocated');
    return open.id;
  }

  function reflection(id: number): Record<string, unknown> {
    const out: Record<string, unknown> = { activityId: id };
    for (const q of reflectionQuestions) out[q.id] = q.answers ? q.answers[0] : 'The plan is clearer since the family meeting.';
    return out;
  }

  it("is the practitioner's own: allocated with case_ref and subject_person_id blank, anything else refused by row and column", async () => {
    const bad = 'month,case_ref,auditor_id,kind,subject_person_id\n2026-11,CD491100,tm-0-1,case-reflection,\n2026-11,,tm-0-1,case-reflection,tm-1-2\n';
    const e = await rejected(importAllocations(db, writeFile(dir, 'bad-reflection.csv', bad), surrey, 'qa1'));
    expect(e.problems).toEqual([
      { line: 2, column: 'case_ref', reason: 'a case-reflection is about a person, not a case: leave case_ref blank' },
      { line: 3, column: 'subject_person_id', reason: "a case-reflection is the practitioner's own: leave subject_person_id blank (auditor_id names the practitioner)" },
    ]);
    expect(await openActivitiesFor(db, 'tm-0-1')).toEqual([]);
    await allocateReflection();
    expect(await openActivitiesFor(db, 'tm-0-1')).toEqual([expect.objectContaining({ kind: 'case-reflection', subjectPersonId: 'tm-0-1', status: 'allocated' })]);
  });

  it('opens from "my audits" on its own card: the reflection questions, no case reference, no grade, no date', async () => {
    const id = await allocateReflection();
    bot = new BotDriver(botDeps(db, { profile: surrey }));
    const list = cardOf(await bot.message(AAD.auditor, 'my audits'));
    expect(validateCard(list)).toEqual([]);
    expect(cardText(list)).toContain('Case reflection sheet');
    const card = await bot.invoke(AAD.auditor, 'activity.open', { activityId: id });
    expect(validateCard(card)).toEqual([]);
    const json = JSON.stringify(card);
    for (const q of reflectionQuestions) expect(json).toContain(JSON.stringify(q.text).slice(1, -1));
    expect(json).not.toMatch(/CD49\d{4}|"id":"grade"|"id":"supervisionDate"/);
  });

  it('refuses an unanswered question or an answer not on the list, naming each, and writes nothing', async () => {
    const id = await allocateReflection();
    bot = new BotDriver(botDeps(db, { profile: surrey }));
    const card = await bot.invoke(AAD.auditor, 'activity.submit', { ...reflection(id), q1: ' ', q3: 'Maybe' });
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain(`Answer: ${reflectionQuestions[0]!.text}`);
    expect(cardText(card)).toContain('Choose one of: Yes, Partly, No.');
    expect(await openActivitiesFor(db, 'tm-0-1')).toHaveLength(1);
  });

  it('is returned without a case reference and without the urgent path, once, and counts in its own compliance', async () => {
    const id = await allocateReflection();
    bot = new BotDriver(botDeps(db, { profile: surrey }));
    expect(cardText(await bot.invoke(AAD.otherManager, 'activity.submit', reflection(id)))).toContain('NOT_PERMITTED');
    expect(await openActivitiesFor(db, 'tm-0-1')).toHaveLength(1);
    const done = await bot.invoke(AAD.auditor, 'activity.submit', reflection(id));
    expect(cardText(done)).toContain('Case reflection recorded');
    expect(cardText(await bot.invoke(AAD.auditor, 'activity.submit', reflection(id)))).toContain('Case reflection recorded');
    expect(await openActivitiesFor(db, 'tm-0-1')).toEqual([]);
    expect(await countResponses(db)).toBe(0);
    expect(await listOutbox(db)).toEqual([]);
    const report = await reportForPeriod(db, surrey, '2026-11');
    expect(report.kindCompliance).toEqual(expect.arrayContaining([{ kind: 'case-reflection', allocated: 1, returned: 1, rate: 1 }]));
    expect(startsInadequatePath('case-reflection')).toBe(false);
  });
});
