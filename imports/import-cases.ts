import { normaliseCaseRef } from '../audit/case-ref';
import { COHORTS, normaliseCohort, type Case, type Cohort } from '../audit/cases';
import { pinnedServiceAreas, type ProgrammeProfile } from '../audit/programme-profile';
import type { Db } from '../store/db';
import { listCaseServiceAreas, upsertCases } from '../store/cases-repo';
import { listPeople, listPeopleServiceAreas } from '../store/people-repo';
import { ImportRejected, type RowProblem } from './import-errors';
import { readTable, requireColumns, type Table } from './read-table';
import { bad, duplicates, ok, optional, readRows, type CellReader } from './row-reader';
import { areaName, serviceAreaProblems } from './service-areas';

const COLUMNS = ['case_ref', 'service_area', 'team', 'allocated_worker_id', 'team_manager_id', 'cohort'] as const;

export const caseRef: CellReader<string> = (t) => {
  const ref = normaliseCaseRef(t);
  return ref === null ? bad(t === '' ? 'is empty' : `'${t}' is not a case reference (letters then digits, e.g. CD490004)`) : ok(ref);
};
/**
 * Optional `status` (or `open`) column, so QA can mark a case closed: a closed case's Part B goes to its previous team
 * manager (004 §7.2). Left out or blank, a case is open, as before.
 */
const OPEN_SPELLINGS: Record<string, boolean> = { open: true, yes: true, y: true, true: true, active: true, closed: false, close: false, no: false, n: false, false: false };
const openness: CellReader<boolean | null> = (t) => {
  if (t === '') return ok(null);
  const v = OPEN_SPELLINGS[t.trim().toLowerCase()];
  return v === undefined ? bad(`'${t}' is not a case status (open or closed)`) : ok(v);
};
const cohort: CellReader<Cohort> = (t) => {
  const c = normaliseCohort(t);
  return c === null ? bad(`'${t}' is not a cohort (${COHORTS.join(', ')}, or e.g. 'Child in need', 'Looked after')`) : ok(c);
};

/** The people ids cases may name, and the service areas already in the store (for the near-duplicate check). */
export interface CaseImportContext {
  peopleIds: ReadonlySet<string>;
  storedAreas: readonly string[];
}

export function parseCases(table: Table, profile: ProgrammeProfile, ctx: CaseImportContext): { cases: Case[]; problems: RowProblem[] } {
  const { peopleIds } = ctx;
  const problems = requireColumns(table, COLUMNS);
  if (problems.length > 0) return { cases: [], problems };
  const read = readRows(table, {
    case_ref: caseRef,
    service_area: areaName,
    team: areaName,
    allocated_worker_id: optional,
    team_manager_id: optional,
    cohort,
    status: openness,
    open: openness,
  });
  problems.push(...read.problems, ...duplicates(read.rows, (v) => v.case_ref, 'case_ref'));
  const known = { pinned: pinnedServiceAreas(profile), stored: ctx.storedAreas, programme: `programme ${profile.id}` };
  problems.push(...serviceAreaProblems(read.rows.map((r) => ({ line: r.line, area: r.value.service_area })), 'service_area', known));
  for (const { line, value } of read.rows) {
    if (value.status !== null && value.open !== null && value.status !== value.open) {
      problems.push({ line, column: 'open', reason: `says ${value.open ? 'open' : 'closed'} but status says ${value.status ? 'open' : 'closed'}: give one` });
    }
    for (const column of ['allocated_worker_id', 'team_manager_id'] as const) {
      const id = value[column];
      if (id !== null && !peopleIds.has(id)) problems.push({ line, column, reason: `'${id}' is not a person in the store (import people first)` });
    }
  }
  const cases = read.rows.map(({ value: v }) => ({
    caseRef: v.case_ref, serviceArea: v.service_area, team: v.team, allocatedWorkerId: v.allocated_worker_id,
    teamManagerId: v.team_manager_id, cohort: v.cohort, open: v.status ?? v.open ?? true,
  }));
  return { cases, problems };
}

/**
 * `import cases FILE.csv`, an Annex A style case list: all rows or none. Its service areas are the council's own:
 * any is accepted unless the profile pins a list, but a near-duplicate of a known area is refused.
 */
export async function importCases(db: Db, file: string, profile: ProgrammeProfile, actor: string): Promise<{ imported: number }> {
  const table = await readTable(file);
  const peopleIds = new Set((await listPeople(db)).map((p) => p.id));
  const storedAreas = [...new Set([...(await listCaseServiceAreas(db)), ...(await listPeopleServiceAreas(db))])];
  const { cases, problems } = parseCases(table, profile, { peopleIds, storedAreas });
  if (problems.length > 0) throw new ImportRejected(file, problems);
  await db.transaction((tx) => upsertCases(tx, cases, actor));
  return { imported: cases.length };
}
