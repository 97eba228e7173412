import { describeSkip } from '../../audit/draw-rules';
import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { importCases } from '../../imports/import-cases';
import { importPeople } from '../../imports/import-people';
import { allocateMonth } from '../../programme/allocate-month';
import { recordResponse } from '../../programme/record-response';
import { insertAllocation, listAllocationDetails, updateAllocation } from '../../store/allocations-repo';
import { listLatestAuditedMonths } from '../../store/draw-history-repo';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';
import { openTestStore, type TestStore } from '../support/test-store';

/**
 * The draw rules end to end on the store: May's audits keep their cases out of June's draw, except the one found
 * Inadequate (re-audited in June) and the one exempted (never done); a thematic audit does not count.
 */
describe("the month's draw leaves out cases audited within the window (allocate-month on the store)", () => {
  const profile = loadProfile('southampton-qaf-2023');
  const { people, cases } = smallCouncil();
  let store: TestStore;
  let may: { caseRef: string; id: number }[];
  let inadequate: string;
  let exempted: string;
  let thematic: string;

  beforeAll(async () => {
    store = await openTestStore();
    const dir = tempDir();
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'qa1');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'qa1');
    const plan = await allocateMonth(store.db, profile, { month: '2026-05', seed: 1, perArea: 2, actor: 'qa1' });
    may = plan.allocations.map((a, i) => ({ caseRef: a.caseRef, id: plan.ids[i]! }));
    const [first, second] = [plan.allocations[0]!, plan.allocations[1]!];
    inadequate = first.caseRef;
    exempted = second.caseRef;
    thematic = cases.find((c) => !may.some((m) => m.caseRef === c.caseRef))!.caseRef;
    await store.db.transaction(async (tx) => {
      await recordResponse(tx, profile, {
        allocationId: plan.ids[0]!,
        response: { grade: 'Inadequate', rationale: 'Drift in the plan.', discussionHeld: true, contact: 'yes', contactViews: null, goodPractice: '', improvement: 'Plan not updated.', safeguardingConcern: false },
        source: 'card', sourceRef: null, submittedBy: first.auditorId, returnedOn: '2026-05-20',
      });
      await updateAllocation(tx, plan.ids[1]!, { type: 'exempt', reason: 'long-term sick' }, 'qa1');
      await insertAllocation(tx, '2026-05', { caseRef: thematic, auditorId: 'qa1', kind: 'thematic', dueDate: '2026-05-28', reauditOf: null }, 'qa1');
    });
  });
  afterAll(() => store.cleanup());

  it('reads each case\'s latest audit or re-audit in the window by name, an exempted one and a thematic one not counted', async () => {
    const history = await listLatestAuditedMonths(store.db, { from: '2025-06', before: '2026-06' });
    const expected = may.filter((m) => m.caseRef !== exempted).map((m) => ({ caseRef: m.caseRef, month: '2026-05' }));
    expect(history).toEqual(expected.sort((a, b) => (a.caseRef < b.caseRef ? -1 : 1)));
    expect(await listLatestAuditedMonths(store.db, { from: '2026-06', before: '2026-07' })).toEqual([]);
  });

  it("June's dry run leaves May's audited cases out, saying when each was audited, and still re-audits the Inadequate one", async () => {
    // Every case asked for: any case missing from the draw was left out by a rule, not by the luck of the draw.
    const dry = await allocateMonth(store.db, profile, { month: '2026-06', seed: 2, perArea: 8, actor: 'qa1', dryRun: true });
    const audits = dry.allocations.filter((a) => a.kind === 'audit').map((a) => a.caseRef);
    expect(dry.allocations.filter((a) => a.kind === 're-audit').map((a) => a.caseRef)).toEqual([inadequate]);
    expect(audits).toContain(exempted);
    expect(audits).toContain(thematic);
    const left = may.map((m) => m.caseRef).filter((r) => r !== inadequate && r !== exempted);
    for (const r of left) expect(audits).not.toContain(r);
    expect(dry.skipped.map(describeSkip).sort()).toEqual(left.map((r) => `${r}: audited in 2026-05 (within 12 months)`).sort());
    expect(dry.ids).toEqual([]);
  });

  it('the real draw writes what the dry run showed', async () => {
    const dry = await allocateMonth(store.db, profile, { month: '2026-06', seed: 2, perArea: 8, actor: 'qa1', dryRun: true });
    const real = await allocateMonth(store.db, profile, { month: '2026-06', seed: 2, perArea: 8, actor: 'qa1' });
    expect(real.allocations).toEqual(dry.allocations);
    const june = await listAllocationDetails(store.db, { month: '2026-06' });
    expect(june.map((a) => a.caseRef).sort()).toEqual(dry.allocations.map((a) => a.caseRef).sort());
  });

  it('with a window of 0 in the profile, July draws May\'s and June\'s cases again', async () => {
    const off = parseProfile({ ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object), excludeAuditedWithinMonths: 0 }, 'test');
    const dry = await allocateMonth(store.db, off, { month: '2026-07', seed: 3, perArea: 8, actor: 'qa1', dryRun: true });
    expect(dry.skipped).toEqual([]);
    expect(dry.allocations).toHaveLength(cases.length);
  });
});
