import { GRADES, normaliseGrade, type Grade } from '../audit/grades';
import { hasRole } from '../audit/people';
import { MONTH_PATTERN } from '../audit/month';
import { isGraded, type ProgrammeProfile } from '../audit/programme-profile';
import { listAllocationDetails } from '../store/allocations-repo';
import type { Db } from '../store/db';
import { upsertModeration } from '../store/moderations-repo';
import { listPeople } from '../store/people-repo';
import { ImportRejected } from './import-errors';
import { caseRef } from './import-cases';
import { readTable, requireColumns } from './read-table';
import { bad, matching, ok, optional, readRows, required, type CellReader } from './row-reader';

/** `import moderations FILE.csv` (month,case_ref,moderator_id,moderated_grade,note): QA's dip-sample judgements. */
export async function importModerations(db: Db, file: string, profile: ProgrammeProfile, actor: string): Promise<{ imported: number }> {
  const table = await readTable(file);
  const problems = requireColumns(table, ['month', 'case_ref', 'moderator_id', 'moderated_grade', 'note']);
  if (problems.length > 0) throw new ImportRejected(file, problems);
  const graded = isGraded(profile);
  const grade: CellReader<Grade | null> = (t) => {
    if (!graded) return t === '' ? ok(null) : bad(`programme ${profile.id} is ungraded: leave moderated_grade empty`);
    const g = normaliseGrade(t);
    return g === null ? bad(t === '' ? 'is empty' : `'${t}' is not a grade (${GRADES.join(', ')})`) : ok(g);
  };
  const read = readRows(table, { month: matching(MONTH_PATTERN, 'a month (YYYY-MM)'), case_ref: caseRef, moderator_id: required, moderated_grade: grade, note: optional });
  problems.push(...read.problems);
  const people = new Map((await listPeople(db)).map((p) => [p.id, p]));
  const months = [...new Set(read.rows.map((r) => r.value.month))];
  const allocations = months.length === 0 ? [] : await listAllocationDetails(db, { months });
  const planned: Parameters<typeof upsertModeration>[1][] = [];
  for (const { line, value: v } of read.rows) {
    const moderator = people.get(v.moderator_id);
    if (moderator === undefined) problems.push({ line, column: 'moderator_id', reason: `'${v.moderator_id}' is not a person in the store` });
    else if (!hasRole(moderator, 'qa')) problems.push({ line, column: 'moderator_id', reason: `'${v.moderator_id}' does not hold the qa role; only QA moderates` });
    const found = allocations.filter((a) => a.month === v.month && a.caseRef === v.case_ref && a.status !== 'allocated' && a.status !== 'exempted');
    const target = found.find((a) => a.kind === 'audit') ?? found[0];
    if (target === undefined) problems.push({ line, column: 'case_ref', reason: `no returned audit of ${v.case_ref} in ${v.month} to moderate` });
    else planned.push({ allocationId: target.id, moderatorId: v.moderator_id, originalGrade: target.grade, moderatedGrade: v.moderated_grade, note: v.note });
  }
  if (problems.length > 0) throw new ImportRejected(file, problems);
  await db.transaction(async (tx) => {
    for (const m of planned) await upsertModeration(tx, m, actor);
  });
  return { imported: planned.length };
}
