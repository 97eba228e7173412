import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { upsertCases } from '../../store/cases-repo';
import { upsertPeople } from '../../store/people-repo';
import { reportForPeriod } from '../../report/report-for-period';
import { renderMarkdown } from '../../report/render-markdown';
import { aCase, person } from '../support/fixtures';
import { seedSmallCouncil } from '../support/seed-council';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { seedAudit, seedSpring2026 } from './report-seed';

const southampton = loadProfile('southampton-qaf-2023');
const cityOfLondon = loadProfile('city-of-london-external-2019');
/** A council's own profile: 2023's March theme every March, and its areas pinned in its own order. */
const ownCouncil = parseProfile(
  { ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object), id: 'own-council', themes: { '03': 'Physical abuse' }, serviceAreas: ['Jigsaw', 'ICAS', 'BIT&SWEF', 'CRS'] },
  'test',
);

describe('the analysis report', () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(async () => {
    await store.cleanup();
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await store.db.transaction((tx) => seedSmallCouncil(tx));
  });

  it('counts a month with exemptions, moderation and re-audits figure by figure', async () => {
    await seedSpring2026(store.db);
    const r = await reportForPeriod(store.db, southampton, '2026-03');
    expect(r).toMatchObject({
      month: '2026-03',
      period: '2026-03',
      // The shipped schedule's themes are keyed 2023-MM: they are 2023's, not every year's.
      theme: null,
      allocated: 5,
      exempted: 1,
      completed: 4,
      notCompleted: 1,
      completionRate: 4 / 5,
      discussionRate: 3 / 4,
      contactRate: 2 / 4,
      grades: { Outstanding: 1, Good: 1, 'Requires Improvement': 0, Inadequate: 2 },
      gradeShares: { Outstanding: 1 / 4, Good: 1 / 4, 'Requires Improvement': 0, Inadequate: 2 / 4 },
    });
    expect(r.previous).toMatchObject({
      period: '2026-02', allocated: 4, completed: 2, completionRate: 0.5, discussionRate: 0.5, contactRate: 0.5,
      grades: { Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 2 },
    });
    expect(r.byServiceArea).toEqual([
      // Areas as imported, alphabetically: the shipped profile lists none.
      { serviceArea: 'CRS', allocated: 2, exempted: 0, completed: 2, completionRate: 1, grades: { Outstanding: 0, Good: 1, 'Requires Improvement': 0, Inadequate: 1 } },
      { serviceArea: 'ICAS', allocated: 1, exempted: 1, completed: 1, completionRate: 1, grades: { Outstanding: 1, Good: 0, 'Requires Improvement': 0, Inadequate: 0 } },
      { serviceArea: 'Jigsaw', allocated: 2, exempted: 0, completed: 1, completionRate: 0.5, grades: { Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 1 } },
    ]);
    expect(r.moderation).toEqual({ moderated: 2, sampleRate: 0.5, changed: 1, changeRate: 0.5, downgraded: 1, upgraded: 0 });
    expect(r.reaudits).toEqual({ allocated: 2, returned: 2, returnRate: 1, remainedInadequate: 1, improved: 1 });
    expect(r.otherKinds).toEqual([{ kind: 'thematic', allocated: 1, exempted: 0, completed: 1 }]);
  });

  it("shows a month-number theme in every year's month, and a pinned area list in the profile's order", async () => {
    await seedSpring2026(store.db);
    const r = await reportForPeriod(store.db, ownCouncil, '2026-03');
    expect(r.theme).toBe('Physical abuse');
    // Pinned areas with no audits (BIT&SWEF) are left out, as any area without audits is.
    expect(r.byServiceArea.map((a) => a.serviceArea)).toEqual(['Jigsaw', 'ICAS', 'CRS']);
  });

  it('finds recurring practice themes in the free text with case references by service area', async () => {
    await seedSpring2026(store.db);
    const r = await reportForPeriod(store.db, southampton, '2026-03');
    const improvement = Object.fromEntries(r.themes.improvement.map((t) => [t.theme, t]));
    expect(r.themes.improvement[0]).toMatchObject({ theme: 'supervision', count: 2, caseRefs: ['CD490100', 'CD490110'], byServiceArea: [{ serviceArea: 'CRS', count: 2, caseRefs: ['CD490100', 'CD490110'] }] });
    expect(improvement['contingency-planning']).toMatchObject({ count: 1, caseRefs: ['CD490110'] });
    // "contingency plan" is contingency planning, not also the plans theme.
    expect(improvement['plans']).toBeUndefined();
    expect(improvement['visits-in-timescale']).toMatchObject({ caseRefs: ['CD490110'] });
    expect(improvement['genogram']).toMatchObject({ byServiceArea: [{ serviceArea: 'Jigsaw', count: 1, caseRefs: ['CD491100'] }] });
    expect(r.themes.goodPractice.map((t) => t.theme).sort()).toEqual(['chronology', 'direct-work', 'plans', 'voice-of-the-child']);
  });

  it('reports an empty month with null rates and no previous figures', async () => {
    const r = await reportForPeriod(store.db, southampton, '2026-07');
    expect(r).toMatchObject({
      month: '2026-07', allocated: 0, exempted: 0, completed: 0, notCompleted: 0,
      completionRate: null, discussionRate: null, contactRate: null, gradeShares: null, previous: null, byServiceArea: [],
      moderation: { moderated: 0, sampleRate: null, changed: 0, changeRate: null, downgraded: 0, upgraded: 0 },
      reaudits: { allocated: 0, returned: 0, returnRate: null, remainedInadequate: 0, improved: 0 },
      themes: { goodPractice: [], improvement: [] },
    });
    expect(r.grades).toEqual({ Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 0 });
  });

  it('adds up a quarter from its months and compares with the quarter before', async () => {
    await seedSpring2026(store.db);
    const r = await reportForPeriod(store.db, southampton, '2026-Q1');
    expect(r.month).toBeUndefined();
    expect(r).toMatchObject({ period: '2026-Q1', periodKind: 'quarter', months: ['2026-01', '2026-02', '2026-03'], allocated: 9, completed: 6, completionRate: 6 / 9, previous: null });
    expect(r.grades.Inadequate).toBe(4);
    const april = await reportForPeriod(store.db, southampton, '2026-04');
    expect(april.previous).toMatchObject({ period: '2026-03', completionRate: 0.8 });
  });

  it('leaves grades at zero and grade shares null for an ungraded programme, and still finds themes', async () => {
    await store.db.transaction(async (tx) => {
      await upsertPeople(tx, [person('ext1', 'External', 'QA', ['auditor'])], 'test');
      await upsertCases(tx, [aCase('CL100001', 'Early Help', 'EH Team'), aCase('CL100002', 'Child Protection', 'CP Team'), aCase('CL100003', 'Care Leavers', 'CL Team')], 'test');
    });
    const base = { month: '2019-12', auditor: 'ext1' } as const;
    await seedAudit(store.db, cityOfLondon.id, { ...base, caseRef: 'CL100001', status: 'returned', grade: null, discussionHeld: true, contact: 'yes', improvement: 'Chronologies were out of date.' });
    await seedAudit(store.db, cityOfLondon.id, { ...base, caseRef: 'CL100002', status: 'returned', grade: null, contact: 'no', improvement: 'No chronology on file; pathway plan not updated.' });
    await seedAudit(store.db, cityOfLondon.id, { ...base, caseRef: 'CL100003', status: 'allocated' });
    const r = await reportForPeriod(store.db, cityOfLondon, '2019-12');
    expect(r).toMatchObject({ graded: false, theme: null, allocated: 3, completed: 2, completionRate: 2 / 3, discussionRate: 0.5, contactRate: 0.5, gradeShares: null });
    expect(r.grades).toEqual({ Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 0 });
    expect(r.byServiceArea.map((a) => a.serviceArea)).toEqual(['Care Leavers', 'Child Protection', 'Early Help']);
    expect(r.themes.improvement[0]).toMatchObject({ theme: 'chronology', count: 2, caseRefs: ['CL100001', 'CL100002'] });
    const md = renderMarkdown(r);
    expect(md).toContain('does not grade cases');
    expect(md).not.toContain('| Outstanding |');
  });

  it('renders markdown with every section, tables and whole percentages', async () => {
    await seedSpring2026(store.db);
    const md = renderMarkdown(await reportForPeriod(store.db, southampton, '2026-03'));
    for (const heading of ['# Case-file audit report: March 2026', '## Headlines', '## Grades', '## By service area', '## Moderation', '## Re-audits', '## Other audits', '## Practice themes', '### Good practice', '### Areas for improvement']) {
      expect(md).toContain(heading);
    }
    expect(md).toContain('| Completion rate | 80% | 50% | +30 points |');
    expect(md).toContain('| Child, young person or parent contacted | 50% | 50% | +0 points |');
    expect(md).toContain('| Inadequate | 2 | 50% |');
    expect(md).toContain('| Grade changed by moderation | 1 (50%) |');
    expect(md).toContain('| Supervision | 2 | CRS 2 | CD490100, CD490110 |');
    expect(md).not.toMatch(/\d+\.\d+%/);
  });
});
