import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { importCases } from '../../imports/import-cases';
import { importPeople } from '../../imports/import-people';
import { listCases } from '../../store/cases-repo';
import { listPeople } from '../../store/people-repo';
import { person, peopleCsv, tempDir, writeFile } from '../support/fixtures';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { rejected } from '../support/import-rejection';

const defaultProgramme = loadProfile('southampton-qaf-2023');
const pinned = parseProfile({ ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object), id: 'our-council', serviceAreas: ['YPS', 'CWD', 'North East'] }, 'test');
const dir = tempDir();
const HEADER = 'case_ref,service_area,team,allocated_worker_id,team_manager_id,cohort';
const staff = [person('tm1', 'NE Team 1', 'North East', ['team-manager', 'auditor']), person('qa1', 'QA Unit', 'QA', ['qa', 'auditor'])];


describe("service areas are the council's own: learned from the imports, or pinned by its profile", () => {
  let store: TestStore;
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(staff)), 'test');
  });
  afterAll(() => store.cleanup());

  const cases = (name: string, ...rows: string[]): string => writeFile(dir, name, [HEADER, ...rows].join('\n'));

  it('with the default programme, areas no shipped profile lists import as they are, surrounding spaces dropped', async () => {
    const file = cases('own.csv', 'CD100001,YPS,YPS Team 1,,tm1,CIN', 'CD100002,CWD,CWD Team,,,CP', 'CD100003,"North East ","  NE Team 1 ",,tm1,CLA');
    expect(await importCases(store.db, file, defaultProgramme, 'test')).toEqual({ imported: 3 });
    expect((await listCases(store.db)).map((c) => [c.serviceArea, c.team])).toEqual([['YPS', 'YPS Team 1'], ['CWD', 'CWD Team'], ['North East', 'NE Team 1']]);
  });

  it("a pinned area list refuses 'north east' on line 3 and suggests 'North East', and writes no case", async () => {
    const file = cases('pinned.csv', 'CD100001,YPS,YPS Team 1,,,CIN', 'CD100002,north east,NE Team 1,,,CIN', 'CD100003,Narnia,NE Team 1,,,CIN');
    const e = await rejected(importCases(store.db, file, pinned, 'test'));
    expect(e.problems).toEqual([
      {
        line: 3, column: 'service_area', value: 'north east', closest: 'North East',
        reason: "'north east' is not a service area of programme our-council, whose profile lists 'YPS', 'CWD', 'North East'; did you mean 'North East'?",
      },
      { line: 4, column: 'service_area', value: 'Narnia', closest: null, reason: "'Narnia' is not a service area of programme our-council, whose profile lists 'YPS', 'CWD', 'North East'" },
    ]);
    expect(e.message).toContain("line 3, column service_area: 'north east' is not a service area");
    expect(await listCases(store.db)).toEqual([]);
  });

  it("a pinned area list accepts 'North East ' with a trailing space as 'North East', and suggests it for a typo", async () => {
    expect(await importCases(store.db, cases('trailing.csv', 'CD100001,"North East ",NE Team 1,,,CIN'), pinned, 'test')).toEqual({ imported: 1 });
    const e = await rejected(importCases(store.db, cases('typo.csv', 'CD100002,Nort East,NE Team 1,,,CIN'), pinned, 'test'));
    expect(e.problems[0]).toMatchObject({ line: 2, column: 'service_area', value: 'Nort East', closest: 'North East' });
  });

  it("refuses a learned area's near-duplicate ('north  east' for the people's 'North East'), naming the match; nothing is written", async () => {
    const file = cases('near.csv', 'CD100001,YPS,YPS Team 1,,,CIN', 'CD100002,north  east,NE Team 1,,,CIN', 'CD100003,North East,NE Team 1,,,CIN');
    const e = await rejected(importCases(store.db, file, defaultProgramme, 'test'));
    expect(e.problems).toEqual([
      expect.objectContaining({ line: 3, column: 'service_area', value: 'north  east', closest: 'North East', reason: expect.stringContaining("did you mean 'North East'?") }),
    ]);
    expect(await listCases(store.db)).toEqual([]);
  });

  it('refuses two spellings of one new area in the same file, on the later line', async () => {
    const e = await rejected(importCases(store.db, cases('twice.csv', 'CD100001,Care Leavers,CL Team,,,CL', 'CD100002,care leavers,CL Team,,,CL'), defaultProgramme, 'test'));
    expect(e.problems).toEqual([expect.objectContaining({ line: 3, value: 'care leavers', closest: 'Care Leavers' })]);
    expect(await listCases(store.db)).toEqual([]);
  });

  it("refuses a people file whose area differs from a known one only by case, and keeps the store's people as they were", async () => {
    const more = [person('sw1', 'NE Team 1', 'NORTH EAST', ['social-worker'], 'tm1')];
    const e = await rejected(importPeople(store.db, writeFile(dir, 'more-people.csv', peopleCsv(more)), 'test'));
    expect(e.problems).toEqual([expect.objectContaining({ line: 2, column: 'service_area', value: 'NORTH EAST', closest: 'North East' })]);
    expect((await listPeople(store.db)).map((p) => p.id)).toEqual(['qa1', 'tm1']);
  });
});
