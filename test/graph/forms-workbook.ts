/** A Forms-linked workbook table with the programme's question columns, and the council it is matched against. */
import type { FakeCell, FakeTable } from '../fakes/graph-fake-data';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { formsQuestionsOf } from '../../audit/programme-profile';
import { importAllocations } from '../../imports/import-allocations';
import { importCases } from '../../imports/import-cases';
import { importPeople } from '../../imports/import-people';
import type { Db } from '../../store/db';
import { casesCsv, peopleCsv, smallCouncil, tempDir, writeFile } from '../support/fixtures';

export const FORMS_ITEM = { driveId: 'drive-qa', itemId: 'item-forms-workbook' };
/** Small chunks, so a nine-row workbook is recorded in several transactions. */
export const FORMS_WORKBOOK = { item: FORMS_ITEM, chunkSize: 2 };

export function formsHeader(profile: ProgrammeProfile): string[] {
  const q = formsQuestionsOf(profile);
  return ['ID', 'Start time', 'Completion time', 'Email', 'Name', q.caseRef, q.grade, q.rationale, q.discussionHeld, q.contact, q.goodPractice, q.improvement, q.safeguardingConcern];
}

/** One response's cells, in formsHeader order. ID as Excel gives it: a number. */
export function answerCells(id: number, email: string, caseRef: string, grade: string, safeguarding = 'No'): (string | number)[] {
  return [id, 46_000.4, 46_000.42, email, 'Auditor', caseRef, grade, 'Plans are reviewed and outcomes improving', 'Yes', 'Not appropriate', 'Chronology up to date', 'Contingency planning', safeguarding];
}

export function formsTable(profile: ProgrammeProfile, rows: readonly FakeCell[][], columns: string[] = formsHeader(profile)): FakeTable {
  return { ...FORMS_ITEM, name: 'Audit responses.xlsx', columns, rows: rows.map((r) => [...r]) };
}

/** The small council, with 2026-11 allocations to tm-1-1 and tm-0-1, and CD490120 open for tm-1-1 in two months. */
export async function seedCouncil(db: Db, profile: ProgrammeProfile): Promise<void> {
  const dir = tempDir();
  const { people, cases } = smallCouncil();
  await importPeople(db, writeFile(dir, 'people.csv', peopleCsv(people)), 'test');
  await importCases(db, writeFile(dir, 'cases.csv', casesCsv(cases)), profile, 'test');
  await importAllocations(
    db,
    writeFile(dir, 'alloc.csv', 'month,case_ref,auditor_id\n2026-10,CD490120,tm-1-1\n2026-11,CD490120,tm-1-1\n2026-11,CD490110,tm-1-1\n2026-11,CD491110,tm-0-1\n2026-11,CD491120,tm-0-1\n'),
    profile,
    'test',
  );
}
