import ExcelJS from 'exceljs';
import path from 'node:path';
import { normaliseGrade } from '../../audit/grades';
import { loadProfile } from '../../audit/programme-profiles';
import { importAllocations } from '../../imports/import-allocations';
import { importCases } from '../../imports/import-cases';
import { ImportRejected } from '../../imports/import-errors';
import { importPeople } from '../../imports/import-people';
import { importResponses } from '../../imports/import-responses';
import { listAllocationDetails } from '../../store/allocations-repo';
import { listOutbox } from '../../store/outbox-repo';
import { countResponses, listUnmatched } from '../../store/responses-repo';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';
import { openTestStore, resetStore, type TestStore } from '../support/test-store';

const profile = loadProfile('southampton-qaf-2023');
const dir = tempDir();
const HEADER = [
  'ID', 'Start time', 'Completion time', 'Email', 'Name', 'Case reference', 'Overall grade', 'Rationale for grade',
  'Did you discuss the audit with the allocated worker or their manager?', 'Were the child, young person or parent contacted?',
  'Areas of good practice', 'Areas for improvement', 'Immediate safeguarding concern?',
];
const row = (id: number, email: string, ref: string, grade: string, safeguarding = 'No'): string[] => [
  String(id), '2026-11-20 10:00', '2026-11-20 10:30', email, 'Auditor', ref, grade, 'Plans are reviewed and outcomes improving',
  'Yes', 'Not appropriate', 'Chronology up to date', 'Contingency planning', safeguarding,
];
const csv = (rows: string[][]): string => [HEADER, ...rows].map((r) => r.map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n');

describe('importing a Microsoft Forms response export', () => {
  let store: TestStore;
  const { people, cases } = smallCouncil();
  beforeAll(async () => {
    store = await openTestStore();
  });
  beforeEach(async () => {
    await resetStore(store.db);
    await importPeople(store.db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
    await importCases(store.db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
    await importAllocations(store.db, writeFile(dir, 'alloc.csv', 'month,case_ref,auditor_id\n2026-11,CD490110,tm-1-1\n2026-11,CD491110,tm-0-1\n'), profile, 'test');
  });
  afterAll(() => store.cleanup());

  it('accepts the usual spellings of a grade ("Requires improvement to be good", "RI")', () => {
    expect(normaliseGrade('Requires improvement to be good')).toBe('Requires Improvement');
    expect(normaliseGrade('RI')).toBe('Requires Improvement');
    expect(normaliseGrade(' inadequate ')).toBe('Inadequate');
    expect(normaliseGrade('Adequate')).toBeNull();
  });

  it('matches responses to the responder\'s own allocation, with a case reference typed loosely', async () => {
    const file = writeFile(dir, 'forms.csv', csv([row(1, 'TM-1-1@council.example', 'cd 490110', 'Requires improvement to be good'), row(2, 'tm-0-1@council.example', '491110', 'RI')]));
    expect(await importResponses(store.db, file, profile, 'test', '2026-11-21')).toEqual({ matched: 2, 'already-recorded': 0, unmatched: 0 });
    const returned = await listAllocationDetails(store.db, { month: '2026-11' });
    expect(returned.map((a) => [a.caseRef, a.status, a.grade])).toEqual([
      ['CD490110', 'returned', 'Requires Improvement'],
      ['CD491110', 'returned', 'Requires Improvement'],
    ]);
  });

  it('keeps a response that matches no allocation as unmatched, with its reason, and reading the file again changes nothing', async () => {
    const file = writeFile(dir, 'forms2.csv', csv([row(1, 'tm-1-1@council.example', 'CD490110', 'Good'), row(2, 'tm-1-1@council.example', 'CD999999', 'Good'), row(3, 'stranger@elsewhere.example', 'CD490110', 'Good')]));
    expect(await importResponses(store.db, file, profile, 'test', '2026-11-21')).toEqual({ matched: 1, 'already-recorded': 0, unmatched: 2 });
    expect((await listUnmatched(store.db)).map((u) => u.reason)).toEqual(['no allocation of CD999999 to this responder', 'the responder e-mail is not a known person']);
    expect(await importResponses(store.db, file, profile, 'test', '2026-11-21')).toEqual({ matched: 0, 'already-recorded': 1, unmatched: 2 });
    expect(await countResponses(store.db)).toBe(1);
    expect(await listUnmatched(store.db)).toHaveLength(2);
  });

  it('reads the .xlsx export too, and an Inadequate grade goes to QA to moderate first, with no urgent notice yet (003)', async () => {
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('Form1');
    sheet.addRow(HEADER);
    sheet.addRow(row(7, 'tm-1-1@council.example', 'CD490110', 'Inadequate'));
    const file = path.join(dir, 'forms.xlsx');
    await wb.xlsx.writeFile(file);
    expect(await importResponses(store.db, file, profile, 'test', '2026-11-21')).toMatchObject({ matched: 1 });
    expect(await listOutbox(store.db, { kind: 'inadequate-alert' })).toEqual([]);
    expect((await listOutbox(store.db, { kind: 'moderation-request' })).map((m) => m.recipientId)).toEqual(['qa1']);
  });

  it('refuses the whole file when a row cannot be read, naming line and question, and records nothing', async () => {
    const bad = row(2, 'tm-0-1@council.example', 'CD491110', 'Adequate');
    bad[8] = 'Maybe';
    const file = writeFile(dir, 'forms-bad.csv', csv([row(1, 'tm-1-1@council.example', 'CD490110', 'Good'), bad]));
    const e = await importResponses(store.db, file, profile, 'test', '2026-11-21').then(() => null, (x: unknown) => x);
    expect(e).toBeInstanceOf(ImportRejected);
    expect((e as ImportRejected).problems).toEqual([
      { line: 3, column: 'Overall grade', reason: "'Adequate' is not a grade (Outstanding, Good, Requires Improvement, Inadequate)" },
      { line: 3, column: 'Did you discuss the audit with the allocated worker or their manager?', reason: "'Maybe' is not Yes or No" },
    ]);
    expect(await countResponses(store.db)).toBe(0);
  });
});
