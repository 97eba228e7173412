import type { Case } from '../../audit/cases';
import type { Grade } from '../../audit/grades';
import type { Person } from '../../audit/people';
import { DEFAULT_PROFILE_ID, loadProfile } from '../../audit/programme-profiles';
import { monthStatus } from '../../cli/status-command';
import { importCases } from '../../imports/import-cases';
import { importPeople } from '../../imports/import-people';
import { allocateMonth } from '../../programme/allocate-month';
import { recordResponse } from '../../programme/record-response';
import { renderMarkdown } from '../../report/render-markdown';
import { reportForPeriod } from '../../report/report-for-period';
import { dashboardData } from '../../tab/dashboard-data';
import { aCase, casesCsv, peopleCsv, person, tempDir, writeFile } from '../support/fixtures';
import { openTestStore, type TestStore } from '../support/test-store';

/** A council whose areas no shipped profile lists: young people's service, children with disabilities, a locality. */
const AREAS = ['YPS', 'CWD', 'North East'];

function ownCouncil(): { people: Person[]; cases: Case[] } {
  const people: Person[] = [person('ad1', 'Directorate', 'Directorate', ['assistant-director']), person('qa1', 'QA Unit', 'QA', ['qa', 'auditor'], 'ad1')];
  const cases: Case[] = [];
  AREAS.forEach((area, i) => {
    for (let t = 1; t <= 2; t++) {
      const team = `${area} Team ${t}`;
      people.push(person(`tm-${i}-${t}`, team, area, ['team-manager', 'auditor'], 'ad1'), person(`sw-${i}-${t}`, team, area, ['social-worker'], `tm-${i}-${t}`));
      for (let k = 0; k < 3; k++) cases.push(aCase(`CW${i}${t}${k}000`, area, team, `sw-${i}-${t}`, `tm-${i}-${t}`));
    }
  });
  return { people, cases };
}

describe("a council's own service areas (YPS, CWD, North East) import, allocate and report with the default programme", () => {
  const profile = loadProfile(DEFAULT_PROFILE_ID);
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  afterAll(() => store.cleanup());

  it('from the spreadsheets to the status, the report and the dashboard, with no profile of its own', async () => {
    expect(profile.serviceAreas).toBeUndefined();
    const { people, cases } = ownCouncil();
    const dir = tempDir();
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'qa1');
    expect(await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'qa1')).toEqual({ imported: 18 });

    const plan = await allocateMonth(store.db, profile, { month: '2026-09', seed: 2026, perArea: 2, actor: 'qa1' });
    expect(plan.shortfalls).toEqual([]);
    expect(plan.allocations.map((a) => a.serviceArea).sort()).toEqual(['CWD', 'CWD', 'North East', 'North East', 'YPS', 'YPS']);

    // One audit returned in each area, graded differently, so each area's figures are its own.
    const grades: Record<string, Grade> = { YPS: 'Good', CWD: 'Requires Improvement', 'North East': 'Inadequate' };
    for (const area of AREAS) {
      const a = plan.allocations.findIndex((x) => x.serviceArea === area);
      const allocation = plan.allocations[a]!;
      await store.db.transaction((tx) =>
        recordResponse(tx, profile, {
          allocationId: plan.ids[a]!,
          response: { grade: grades[area]!, rationale: 'Rationale', discussionHeld: true, contact: 'yes', contactViews: null, goodPractice: '', improvement: 'Supervision is not recorded.', safeguardingConcern: false },
          source: 'card', sourceRef: null, submittedBy: allocation.auditorId, returnedOn: '2026-09-20',
        }),
      );
    }

    const status = await monthStatus(store.db, '2026-09', '2026-09-21');
    expect(status.byServiceArea).toEqual([
      { serviceArea: 'CWD', total: 2, returned: 1, overdue: 0, exempted: 0 },
      { serviceArea: 'North East', total: 2, returned: 1, overdue: 0, exempted: 0 },
      { serviceArea: 'YPS', total: 2, returned: 1, overdue: 0, exempted: 0 },
    ]);

    const report = await reportForPeriod(store.db, profile, '2026-09');
    expect(report).toMatchObject({ allocated: 6, completed: 3, completionRate: 0.5 });
    expect(report.byServiceArea.map((a) => [a.serviceArea, a.allocated, a.completed])).toEqual([['CWD', 2, 1], ['North East', 2, 1], ['YPS', 2, 1]]);
    expect(report.byServiceArea.find((a) => a.serviceArea === 'North East')?.grades.Inadequate).toBe(1);
    expect(report.themes.improvement[0]?.byServiceArea.map((a) => a.serviceArea)).toEqual(['CWD', 'North East', 'YPS']);
    expect(renderMarkdown(report)).toMatch(/\| North East \| 2 \|/);

    const dashboard = await dashboardData(store.db, profile, { month: '2026-09', today: '2026-09-21', viewer: null, mode: 'local' });
    expect(dashboard.gradesByServiceArea.map((a) => [a.serviceArea, a.completionRate])).toEqual([['CWD', 0.5], ['North East', 0.5], ['YPS', 0.5]]);
  });
});
