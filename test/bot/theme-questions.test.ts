import { SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { ProgrammeProfileSchema, themeFor, themeQuestionsFor } from '../../audit/programme-profile';
import { buildHeadlinesCard } from '../../cards';
import { headlinesView } from '../../report/headlines-view';
import { renderMarkdown } from '../../report/render-markdown';
import { reportForPeriod } from '../../report/report-for-period';
import { countResponses, getThemeAnswers } from '../../store/responses-repo';
import { insertAllocation } from '../../store/allocations-repo';
import { DEFAULT_KIND_FORMS } from '../../audit/kind-forms';
import type { Db } from '../../store/db';
import { validateCard } from '../support/card-checks';
import { AAD, BotDriver, botDeps, cardText, type Seeded, useSeededStore } from './bot-harness';

/** November 2026 is themed "Neglect" and its theme asks two questions of every case audited that month. */
const themed = ProgrammeProfileSchema.parse({
  ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object),
  themes: {
    '11': {
      name: 'Neglect',
      questions: [
        "Is the child's lived experience of neglect described in the assessment?",
        { text: 'How long has neglect been known to the service?', answers: ['Under 6 months', '6 to 12 months', 'Over 12 months'] },
      ],
    },
    '12': 'Permanence',
  },
});

const env = useSeededStore();
let db: Db;
let ids: Seeded;
let bot: BotDriver;

beforeEach(async () => {
  ({ db, ids } = env);
  bot = new BotDriver(botDeps(db, { profile: themed }));
});

const validForm = (allocationId: number) => ({
  allocationId, formVersion: 1, grade: 'Good', rationale: 'Plans are clear and reviewed on time with the family.',
  discussionHeld: 'yes', contact: 'yes', contactViews: 'Said the worker listens.', goodPractice: 'Chronology up to date',
  improvement: 'Record supervision decisions', safeguardingConcern: 'false',
});

describe('a themed month with its own questions', () => {
  it('keeps plain-name themes valid and gives them no questions', () => {
    expect(themeFor(themed, '2026-12')).toBe('Permanence');
    expect(themeQuestionsFor(themed, '2026-12')).toEqual([]);
    expect(themeQuestionsFor(themed, '2026-11').map((q) => q.answers)).toEqual([
      ['Yes', 'Partly', 'No'], ['Under 6 months', '6 to 12 months', 'Over 12 months'],
    ]);
  });

  it('refuses a theme question with a single answer, naming the question', () => {
    const r = ProgrammeProfileSchema.safeParse({
      ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object),
      themes: { '11': { name: 'Neglect', questions: [{ text: 'Known long?', answers: ['Yes'] }] } },
    });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['themes', '11', 'questions', 0, 'answers']);
  });

  it("adds the theme's questions to the month's grade card", async () => {
    const card = await bot.invoke(AAD.auditor, 'grade.open', { allocationId: ids.open });
    expect(validateCard(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('Theme questions: Neglect');
    expect(json).toContain('"id":"theme1"');
    expect(json).toContain('How long has neglect been known to the service?');
  });

  it('refuses a submit that leaves a theme question unanswered, says which and why, and stores nothing', async () => {
    const card = await bot.invoke(AAD.auditor, 'grade.submit', { ...validForm(ids.open), theme1: 'Yes' });
    expect(validateCard(card)).toEqual([]);
    expect(cardText(card)).toContain('Answer the theme question: How long has neglect been known to the service?');
    expect(await countResponses(db)).toBe(0);
    expect(await getThemeAnswers(db, ids.open)).toBeNull();
  });

  it('refuses an answer that is not one of the question\'s answers', async () => {
    const card = await bot.invoke(AAD.auditor, 'grade.submit', { ...validForm(ids.open), theme1: 'Maybe', theme2: 'Over 12 months' });
    expect(cardText(card)).toContain('Choose one of: Yes, Partly, No.');
    expect(await countResponses(db)).toBe(0);
  });

  it('stores the answers with the response, and the report and headlines count them by case reference', async () => {
    await bot.invoke(AAD.auditor, 'grade.submit', { ...validForm(ids.open), theme1: 'Partly', theme2: 'Over 12 months' });
    await bot.invoke(AAD.auditor, 'grade.submit', { ...validForm(ids.late), theme1: 'Partly', theme2: 'Under 6 months' });
    expect(await countResponses(db)).toBe(2);
    expect(await getThemeAnswers(db, ids.open)).toMatchObject({
      theme: 'Neglect', caseRef: 'CD491100',
      answers: [
        { question: "Is the child's lived experience of neglect described in the assessment?", answer: 'Partly' },
        { question: 'How long has neglect been known to the service?', answer: 'Over 12 months' },
      ],
    });

    const report = await reportForPeriod(db, themed, '2026-11');
    expect(report.themeQuestionFindings).toEqual([{
      theme: 'Neglect',
      audits: 2,
      questions: [
        { question: "Is the child's lived experience of neglect described in the assessment?", answers: [{ answer: 'Partly', count: 2, caseRefs: ['CD491100', 'CD491110'] }] },
        { question: 'How long has neglect been known to the service?', answers: [
          { answer: 'Over 12 months', count: 1, caseRefs: ['CD491100'] },
          { answer: 'Under 6 months', count: 1, caseRefs: ['CD491110'] },
        ] },
      ],
    }]);
    expect(renderMarkdown(report)).toContain('## Theme findings');

    const card = buildHeadlinesCard(headlinesView(report));
    expect(validateCard(card)).toEqual([]);
    const json = JSON.stringify(card);
    expect(json).toContain('Theme findings: Neglect');
    expect(json).toContain('Partly: 2 (CD491100, CD491110)');
    expect(json).toContain('100% of completed audits were discussed with the allocated worker');
  });
});

describe('a thematic audit', () => {
  it("asks the profile's thematic questions in a month whose theme sets none, refuses one unanswered and stores them", async () => {
    // Southampton as shipped sets no theme for 2026: a thematic audit still has questions of its own to answer.
    const plain = new BotDriver(botDeps(db));
    const id = await db.transaction((tx) => insertAllocation(tx, '2026-11', { caseRef: 'CD491120', auditorId: 'tm-0-1', kind: 'thematic', dueDate: '2026-11-28', reauditOf: null }, 'test'));
    const [first, second] = DEFAULT_KIND_FORMS.thematic.questions;
    const form = await plain.invoke(AAD.auditor, 'grade.open', { allocationId: id });
    expect(validateCard(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain(first?.text);
    expect(JSON.stringify(form)).toContain(second?.text);

    const refused = await plain.invoke(AAD.auditor, 'grade.submit', { ...validForm(id), theme1: 'Yes' });
    expect(cardText(refused)).toContain(`Answer the theme question: ${second?.text}`);
    expect(await countResponses(db)).toBe(0);

    await plain.invoke(AAD.auditor, 'grade.submit', { ...validForm(id), theme1: 'Yes', theme2: 'Partly' });
    expect(await getThemeAnswers(db, id)).toMatchObject({
      theme: 'Thematic audit', caseRef: 'CD491120',
      answers: [{ question: first?.text, answer: 'Yes' }, { question: second?.text, answer: 'Partly' }],
    });
  });

  it('asks nothing extra of a case audit in an unthemed month', async () => {
    const plain = new BotDriver(botDeps(db));
    expect(cardText(await plain.invoke(AAD.auditor, 'grade.open', { allocationId: ids.open }))).not.toContain('Theme questions');
  });
});
