import type { Grade } from '../../audit/grades';
import { loadProfile } from '../../audit/programme-profiles';
import { buildReport } from '../../report/build-report';
import type { ReportData, ReportRow } from '../../report/load-report-data';
import { reportForPeriod } from '../../report/report-for-period';
import { renderMarkdown } from '../../report/render-markdown';
import { seedSmallCouncil } from '../support/seed-council';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { seedSpring2026 } from './report-seed';

let next = 1;
function row(serviceArea: string, grade: Grade | null, moderatedGrade?: Grade | null): ReportRow {
  const id = next++;
  return {
    id, month: '2026-09', caseRef: `CD9${String(id).padStart(5, '0')}`, kind: 'audit', status: 'returned', serviceArea, team: `${serviceArea} Team 1`,
    auditorId: 'tm-0-1', reauditOf: null, responded: true, grade, discussionHeld: true, contact: 'yes', goodPractice: '', improvement: '',
    moderated: moderatedGrade !== undefined, moderatedGrade: moderatedGrade ?? null, reauditOfGrade: null, dueDate: '2026-09-28',
    returnedAt: new Date('2026-09-25T10:00:00Z'), partB: 'not-requested', oversight: null, disagreement: null, disagreementStage: null,
    disagreementOutcome: null, reallocated: false,
  };
}

const data = (rows: ReportRow[]): ReportData => ({ programmeId: 'southampton-qaf-2023', graded: true, serviceAreas: [], themes: {}, rows });

describe('moderation in the report by service area (003 Moderation Summary: original grades and the outcome of moderation)', () => {
  test('each area shows how many audits were moderated, how many changed and the share changed, with its from → to moves', () => {
    const rows = [
      row('CRS', 'Good', 'Requires Improvement'), row('CRS', 'Good', 'Requires Improvement'), row('CRS', 'Inadequate', 'Inadequate'), row('CRS', 'Good'),
      row('Jigsaw', 'Outstanding', 'Good'), row('Jigsaw', 'Good'),
      row('ICAS', 'Good'), row('ICAS', 'Good'),
    ];
    const r = buildReport('2026-09', data(rows));
    expect(r.moderationByServiceArea).toEqual([
      { serviceArea: 'CRS', completed: 4, moderated: 3, sampleRate: 3 / 4, changed: 2, changeRate: 2 / 3, moves: [{ from: 'Good', to: 'Requires Improvement', count: 2 }] },
      { serviceArea: 'ICAS', completed: 2, moderated: 0, sampleRate: 0, changed: 0, changeRate: null, moves: [] },
      { serviceArea: 'Jigsaw', completed: 2, moderated: 1, sampleRate: 1 / 2, changed: 1, changeRate: 1, moves: [{ from: 'Outstanding', to: 'Good', count: 1 }] },
    ]);
    // The existing totals keep their meaning, and the areas add up to them.
    expect(r.moderation).toMatchObject({ moderated: 4, changed: 3 });
    expect(r.moderationByServiceArea.reduce((n, a) => n + a.moderated, 0)).toBe(r.moderation.moderated);
    expect(r.moderationByServiceArea.reduce((n, a) => n + a.changed, 0)).toBe(r.moderation.changed);

    const md = renderMarkdown(r);
    expect(md).toContain('### Moderation by service area');
    expect(md).toContain('| CRS | 4 | 3 | 75% | 2 | 67% |');
    expect(md).toContain('| ICAS | 2 | 0 | 0% | 0 | – |');
    expect(md).toContain('| CRS | Good | Requires Improvement | 2 |');
    expect(md).toContain('| Jigsaw | Outstanding | Good | 1 |');
  });

  test('a period with nothing completed has no areas to show and says nothing of them', () => {
    const r = buildReport('2026-09', data([]));
    expect(r.moderationByServiceArea).toEqual([]);
    expect(renderMarkdown(r)).not.toContain('Moderation by service area');
  });

  describe('from the store', () => {
    let store: TestStore;
    beforeAll(async () => {
      store = await openTestStore();
    });
    afterAll(async () => {
      await store.cleanup();
    });

    test("the areas' moderation adds up to the month's, as stored moderations give it", async () => {
      await resetStore(store.db);
      await store.db.transaction((tx) => seedSmallCouncil(tx));
      await seedSpring2026(store.db);
      const r = await reportForPeriod(store.db, loadProfile('southampton-qaf-2023'), '2026-03');
      expect(r.moderation.moderated).toBeGreaterThan(0);
      expect(r.moderationByServiceArea.map((a) => a.serviceArea)).toEqual(r.byServiceArea.filter((a) => a.completed > 0).map((a) => a.serviceArea));
      expect(r.moderationByServiceArea.reduce((n, a) => n + a.moderated, 0)).toBe(r.moderation.moderated);
      expect(r.moderationByServiceArea.reduce((n, a) => n + a.changed, 0)).toBe(r.moderation.changed);
      expect(r.moderationByServiceArea.flatMap((a) => a.moves).reduce((n, m) => n + m.count, 0)).toBe(r.moderationMoves.reduce((n, m) => n + m.count, 0));
      expect(renderMarkdown(r)).toContain('### Moderation by service area');
    });
  });
});
