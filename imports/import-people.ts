import { z } from 'zod';
import { ROLES, type Person, type Role } from '../audit/people';
import type { Db } from '../store/db';
import { listCaseServiceAreas } from '../store/cases-repo';
import { listPeople, listPeopleServiceAreas, upsertPeople } from '../store/people-repo';
import { ImportRejected, type RowProblem } from './import-errors';
import { readTable, requireColumns, type Table } from './read-table';
import { bad, duplicates, ok, optional, readRows, required, type CellReader } from './row-reader';
import { areaName, serviceAreaProblems } from './service-areas';

const COLUMNS = ['id', 'name', 'email', 'team', 'service_area', 'manager_id', 'roles'] as const;

const email: CellReader<string> = (t) => (z.string().email().safeParse(t).success ? ok(t.toLowerCase()) : bad(t === '' ? 'is empty' : `'${t}' is not an e-mail address`));
const roles: CellReader<Role[]> = (t) => {
  const list = t.split(';').map((r) => r.trim().toLowerCase()).filter((r) => r !== '');
  const unknown = list.filter((r) => !ROLES.includes(r as Role));
  return unknown.length > 0 ? bad(`unknown role(s) ${unknown.map((r) => `'${r}'`).join(', ')}; roles are ${ROLES.join(', ')} separated by ';'`) : ok(list as Role[]);
};

/**
 * People's service areas are learned, never checked against a pinned list: staff also sit in units that hold no
 * cases (a QA unit, a directorate). A near-duplicate of a known area is still refused.
 */
export function parsePeople(table: Table, known: ReadonlySet<string>, storedAreas: readonly string[] = []): { people: Person[]; problems: RowProblem[] } {
  const problems = requireColumns(table, COLUMNS);
  if (problems.length > 0) return { people: [], problems };
  const read = readRows(table, { id: required, name: required, email, team: areaName, service_area: areaName, manager_id: optional, roles });
  problems.push(...read.problems, ...duplicates(read.rows, (v) => v.id, 'id'), ...duplicates(read.rows, (v) => v.email, 'email'));
  const areas = { pinned: null, stored: storedAreas, programme: 'the programme' };
  problems.push(...serviceAreaProblems(read.rows.map((r) => ({ line: r.line, area: r.value.service_area })), 'service_area', areas));
  const ids = new Set([...known, ...read.rows.map((r) => r.value.id)]);
  for (const { line, value } of read.rows) {
    if (value.manager_id !== null && !ids.has(value.manager_id)) {
      problems.push({ line, column: 'manager_id', reason: `'${value.manager_id}' is not a person in this file or the store` });
    }
    if (value.manager_id === value.id) problems.push({ line, column: 'manager_id', reason: 'a person cannot be their own line manager' });
  }
  const people = read.rows.map(({ value: v }) => ({
    id: v.id, name: v.name, email: v.email, team: v.team, serviceArea: v.service_area, managerId: v.manager_id, roles: v.roles, aadObjectId: null,
  }));
  return { people, problems };
}

/** `import people FILE.csv`: all rows or none. */
export async function importPeople(db: Db, file: string, actor: string): Promise<{ imported: number }> {
  const table = await readTable(file);
  const known = new Set((await listPeople(db)).map((p) => p.id));
  const storedAreas = [...new Set([...(await listPeopleServiceAreas(db)), ...(await listCaseServiceAreas(db))])];
  const { people, problems } = parsePeople(table, known, storedAreas);
  if (problems.length > 0) throw new ImportRejected(file, problems);
  await db.transaction((tx) => upsertPeople(tx, people, actor));
  return { imported: people.length };
}
