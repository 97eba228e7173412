import { normaliseCaseRef } from '../audit/case-ref';
import { COHORTS, normaliseCohort, type Case, type Cohort } from '../audit/cases';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { Db } from '../store/db';
import { upsertCases } from '../store/cases-repo';
import { listPeople } from '../store/people-repo';
import { ImportRejected, type RowProblem } from './import-errors';
import { readTable, requireColumns, type Table } from './read-table';
import { bad, duplicates, ok, oneOf, optional, readRows, type CellReader } from './row-reader';

const COLUMNS = ['case_ref', 'service_area', 'team', 'allocated_worker_id', 'team_manager_id', 'cohort'] as const;

export const caseRef: CellReader<string> = (t) => {
  const ref = normaliseCaseRef(t);
  return ref === null ? bad(t === '' ? 'is empty' : `'${t}' is not a case reference (letters then digits, e.g. CD490004)`) : ok(ref);
};
const cohort: CellReader<Cohort> = (t) => {
  const c = normaliseCohort(t);
  return c === null ? bad(`'${t}' is not a cohort (${COHORTS.join(', ')}, or e.g. 'Child in need', 'Looked after')`) : ok(c);
};
const text: CellReader<string> = (t) => (t === '' ? bad('is empty') : ok(t));

export function parseCases(table: Table, profile: ProgrammeProfile, peopleIds: ReadonlySet<string>): { cases: Case[]; problems: RowProblem[] } {
  const problems = requireColumns(table, COLUMNS);
  if (problems.length > 0) return { cases: [], problems };
  const read = readRows(table, {
    case_ref: caseRef,
    service_area: oneOf(profile.serviceAreas, `a service area of programme ${profile.id} (${profile.serviceAreas.join(', ')})`),
    team: text,
    allocated_worker_id: optional,
    team_manager_id: optional,
    cohort,
  });
  problems.push(...read.problems, ...duplicates(read.rows, (v) => v.case_ref, 'case_ref'));
  for (const { line, value } of read.rows) {
    for (const column of ['allocated_worker_id', 'team_manager_id'] as const) {
      const id = value[column];
      if (id !== null && !peopleIds.has(id)) problems.push({ line, column, reason: `'${id}' is not a person in the store (import people first)` });
    }
  }
  const cases = read.rows.map(({ value: v }) => ({
    caseRef: v.case_ref, serviceArea: v.service_area, team: v.team, allocatedWorkerId: v.allocated_worker_id,
    teamManagerId: v.team_manager_id, cohort: v.cohort, open: true,
  }));
  return { cases, problems };
}

/** `import cases FILE.csv`, an Annex A style case list: all rows or none. */
export async function importCases(db: Db, file: string, profile: ProgrammeProfile, actor: string): Promise<{ imported: number }> {
  const table = await readTable(file);
  const peopleIds = new Set((await listPeople(db)).map((p) => p.id));
  const { cases, problems } = parseCases(table, profile, peopleIds);
  if (problems.length > 0) throw new ImportRejected(file, problems);
  await db.transaction((tx) => upsertCases(tx, cases, actor));
  return { imported: cases.length };
}
