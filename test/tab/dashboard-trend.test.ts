import { GRADES } from '../../audit/grades';
import { loadProfile } from '../../audit/programme-profiles';
import { allocateMonth } from '../../programme/allocate-month';
import { recordResponse } from '../../programme/record-response';
import { reportForPeriod } from '../../report/report-for-period';
import { listAllocationDetails, updateAllocation } from '../../store/allocations-repo';
import { upsertModeration } from '../../store/moderations-repo';
import { dashboardData } from '../../tab/dashboard-data';
import { seedSmallCouncil } from '../support/seed-council';
import { openTestStore, type TestStore } from '../support/test-store';

const profile = loadProfile('southampton-qaf-2023');
let store: TestStore;

beforeAll(async () => {
  store = await openTestStore();
});
afterAll(async () => {
  await store.cleanup();
});

test("the dashboard's trend, counted in SQL, gives each month the monthly report's completion and grades", async () => {
  const { db } = store;
  await db.transaction((tx) => seedSmallCouncil(tx));
  for (const month of ['2026-08', '2026-09']) await allocateMonth(db, profile, { month, seed: 7, actor: 'qa1' });
  const all = await listAllocationDetails(db, {});
  // Returns with every grade, one QA moderation that changes a grade, one exemption, and some left open.
  for (const [i, a] of all.entries()) {
    if (i % 5 === 4) continue;
    await db.transaction(async (tx) => {
      if (i % 7 === 3) {
        await updateAllocation(tx, a.id, { type: 'exempt', reason: 'capacity: covering two teams' }, 'hos1');
        return;
      }
      const grade = GRADES[i % GRADES.length] ?? 'Good';
      await recordResponse(tx, profile, {
        allocationId: a.id, source: 'import', sourceRef: `trend-${a.id}`, submittedBy: a.auditorId, returnedOn: `${a.month}-20`,
        response: { grade, rationale: 'Rationale.', discussionHeld: true, contact: 'yes', contactViews: null, goodPractice: 'Good.', improvement: 'Better.', safeguardingConcern: false },
      });
      if (i % 6 === 1) await upsertModeration(tx, { allocationId: a.id, moderatorId: 'qa1', originalGrade: grade, moderatedGrade: 'Inadequate', note: 'Moderated down.' }, 'qa1');
    });
  }
  // The data has what the SQL must count like the report: exemptions, moderated changes and open audits.
  const sep = await reportForPeriod(db, profile, '2026-09');
  expect(sep.exempted).toBeGreaterThan(0);
  expect(sep.moderation.changed).toBeGreaterThan(0);
  expect(sep.notCompleted).toBeGreaterThan(0);
  const d = await dashboardData(db, profile, { month: '2026-09', today: '2026-10-01', viewer: null, mode: 'local' });
  for (const month of ['2026-08', '2026-09']) {
    const r = await reportForPeriod(db, profile, month);
    expect(d.trend.find((t) => t.month === month)).toEqual({ month, allocated: r.allocated, completed: r.completed, completionRate: r.completionRate, grades: r.grades });
  }
  // A month with nothing allocated shows zeros and no rate, as the report would.
  expect(d.trend.find((t) => t.month === '2026-07')).toEqual({ month: '2026-07', allocated: 0, completed: 0, completionRate: null, grades: { Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 0 } });
  expect(d.trend).toHaveLength(12);
});
