import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { importAllocations } from '../../imports/import-allocations';
import { importCases } from '../../imports/import-cases';
import { importModerations } from '../../imports/import-moderations';
import { importPeople } from '../../imports/import-people';
import { listAllocationDetails } from '../../store/allocations-repo';
import { listCases } from '../../store/cases-repo';
import { listPeople } from '../../store/people-repo';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';
import { rejected } from '../support/import-rejection';

const profile = loadProfile('southampton-qaf-2023');
/** A council's own profile that pins its service areas. */
const pinned = parseProfile({ ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object), id: 'our-council', serviceAreas: ['CRS', 'Jigsaw', 'ICAS', 'C&FF'] }, 'test');
const dir = tempDir();


describe('imports are all or nothing, and every bad row is named by line and column', () => {
  let store: TestStore;
  const { people, cases } = smallCouncil();
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(() => resetStore(store.db));
  afterAll(() => store.cleanup());

  it('imports people and cases from the spreadsheets QA already keeps', async () => {
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
    expect((await listPeople(store.db)).map((p) => p.id).sort()).toEqual(people.map((p) => p.id).sort());
    expect(await listCases(store.db)).toHaveLength(cases.length);
  });

  it('refuses a people file with a bad e-mail, an unknown role and an unknown manager, and writes no one', async () => {
    const csv = [
      'id,name,email,team,service_area,manager_id,roles',
      'p1,Pat One,p1@council.example,Team A,CRS,,auditor',
      'p2,Pat Two,not-an-email,Team A,CRS,p1,auditor;wizard',
      'p3,Pat Three,p3@council.example,Team A,CRS,nobody,auditor',
    ].join('\n');
    const e = await rejected(importPeople(store.db, writeFile(dir, 'bad-people.csv', csv), 'test'));
    expect(e.problems).toEqual([
      { line: 3, column: 'email', reason: "'not-an-email' is not an e-mail address" },
      { line: 3, column: 'roles', reason: expect.stringContaining("unknown role(s) 'wizard'") },
      { line: 4, column: 'manager_id', reason: "'nobody' is not a person in this file or the store" },
    ]);
    expect(await listPeople(store.db)).toEqual([]);
  });

  it('refuses a file missing a column, naming the column on line 1', async () => {
    const e = await rejected(importPeople(store.db, writeFile(dir, 'no-roles.csv', 'id,name,email,team,service_area,manager_id\n'), 'test'));
    expect(e.problems[0]).toMatchObject({ line: 1, column: 'roles' });
  });

  it('refuses a case list with a service area its profile does not pin, a bad cohort and a duplicate reference, and writes no case', async () => {
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    const csv = [
      'case_ref,service_area,team,allocated_worker_id,team_manager_id,cohort',
      'CD490001,CRS,CRS Team 1,sw-0-1,tm-0-1,CIN',
      'CD490002,Narnia,CRS Team 1,sw-0-1,tm-0-1,CP',
      'cd 490001,CRS,CRS Team 1,,tm-0-1,Martian',
      'CD490003,CRS,CRS Team 1,ghost,tm-0-1,CLA',
    ].join('\n');
    const e = await rejected(importCases(store.db, writeFile(dir, 'bad-cases.csv', csv), pinned, 'test'));
    expect(e.problems.map((p) => `${p.line}:${p.column}`)).toEqual(['3:service_area', '4:cohort', '5:allocated_worker_id']);
    expect(e.message).toContain('nothing was written');
    expect(await listCases(store.db)).toEqual([]);
  });

  it('refuses an allocation that crosses a conflict of interest (004 §2.1) and writes none of the file', async () => {
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
    const csv = ['month,case_ref,auditor_id,kind,due_date', '2026-09,CD490110,tm-1-1,,', '2026-09,CD490110,tm-0-1,,', '2026-9,CD490120,tm-1-1,audit,2026-09-31', '2026-09,CD490130,tm-1-1,lunch,'].join('\n');
    const e = await rejected(importAllocations(store.db, writeFile(dir, 'alloc.csv', csv), profile, 'test'));
    expect(e.problems).toEqual(
      expect.arrayContaining([
        { line: 3, column: 'auditor_id', reason: expect.stringContaining('conflict of interest') },
        { line: 4, column: 'month', reason: "'2026-9' is not a month (YYYY-MM)" },
        { line: 4, column: 'due_date', reason: "'2026-09-31' is not a date (YYYY-MM-DD)" },
        { line: 5, column: 'kind', reason: expect.stringContaining("'lunch' is not an audit kind") },
      ]),
    );
    expect(await listAllocationDetails(store.db)).toEqual([]);
  });

  it('imports allocations with the profile due date when none is given', async () => {
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
    await importAllocations(store.db, writeFile(dir, 'alloc-ok.csv', 'month,case_ref,auditor_id\n2026-11,CD490110,tm-1-1\n'), profile, 'test');
    expect(await listAllocationDetails(store.db)).toEqual([expect.objectContaining({ caseRef: 'CD490110', auditorId: 'tm-1-1', kind: 'audit', dueDate: '2026-11-27' })]);
  });

  it('refuses a moderation by someone who is not QA or of an audit not yet returned', async () => {
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
    await importAllocations(store.db, writeFile(dir, 'alloc-ok.csv', 'month,case_ref,auditor_id\n2026-11,CD490110,tm-1-1\n'), profile, 'test');
    const csv = ['month,case_ref,moderator_id,moderated_grade,note', '2026-11,CD490110,tm-0-1,Good,', '2026-11,CD490110,qa1,Adequate,'].join('\n');
    const e = await rejected(importModerations(store.db, writeFile(dir, 'mod.csv', csv), profile, 'test'));
    expect(e.problems).toEqual([
      { line: 2, column: 'moderator_id', reason: "'tm-0-1' does not hold the qa role; only QA moderates" },
      { line: 2, column: 'case_ref', reason: 'no returned audit of CD490110 in 2026-11 to moderate' },
      { line: 3, column: 'moderated_grade', reason: "'Adequate' is not a grade (Outstanding, Good, Requires Improvement, Inadequate)" },
    ]);
  });

  it("takes a head of service's moderation when the profile moderates on 003's panel, held offline, and still refuses anyone else", async () => {
    const panel = { ...profile, moderation: { ...profile.moderation, moderators: 'panel' as const } };
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
    await importAllocations(store.db, writeFile(dir, 'alloc-ok.csv', 'month,case_ref,auditor_id\n2026-11,CD490110,tm-1-1\n'), profile, 'test');
    const csv = ['month,case_ref,moderator_id,moderated_grade,note', '2026-11,CD490110,hos1,Good,', '2026-11,CD490110,tm-0-1,Good,'].join('\n');
    const e = await rejected(importModerations(store.db, writeFile(dir, 'mod-panel.csv', csv), panel, 'test'));
    expect(e.problems.filter((p) => p.column === 'moderator_id')).toEqual([
      { line: 3, column: 'moderator_id', reason: "'tm-0-1' does not hold the qa or head-of-service role; only the moderation panel moderates" },
    ]);
  });
});
