import { isModerator, moderationRules } from '../audit/moderation-sample';
import { GRADES, normaliseGrade, type Grade } from '../audit/grades';
import { MONTH_PATTERN } from '../audit/month';
import { isGraded, type ProgrammeProfile } from '../audit/programme-profile';
import { listAllocationDetails } from '../store/allocations-repo';
import type { Db } from '../store/db';
import type { ModerationInput } from '../store/moderations-repo';
import { recordModeration } from '../programme/moderate-inadequate';
import { londonDateOf } from '../audit/london-time';
import { listPeople } from '../store/people-repo';
import { ImportRejected } from './import-errors';
import { caseRef } from './import-cases';
import { readTable, requireColumns } from './read-table';
import { bad, matching, ok, optional, readRows, required, type CellReader } from './row-reader';

/** `import moderations FILE.csv` (month,case_ref,moderator_id,moderated_grade,note): QA's dip-sample judgements. */
export async function importModerations(db: Db, file: string, profile: ProgrammeProfile, actor: string, now: Date = new Date()): Promise<{ imported: number }> {
  const today = londonDateOf(now, profile.timeZone);
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
  // A panel held offline (003) sends its moderations in this file, so the panel's members may be named in it.
  const { moderators } = moderationRules(profile);
  const months = [...new Set(read.rows.map((r) => r.value.month))];
  const allocations = months.length === 0 ? [] : await listAllocationDetails(db, { months });
  const planned: ModerationInput[] = [];
  for (const { line, value: v } of read.rows) {
    const moderator = people.get(v.moderator_id);
    if (moderator === undefined) problems.push({ line, column: 'moderator_id', reason: `'${v.moderator_id}' is not a person in the store` });
    else if (!isModerator(moderator, moderators)) {
      const who = moderators === 'panel' ? 'the qa or head-of-service role; only the moderation panel moderates' : 'the qa role; only QA moderates';
      problems.push({ line, column: 'moderator_id', reason: `'${v.moderator_id}' does not hold ${who}` });
    }
    const found = allocations.filter((a) => a.month === v.month && a.caseRef === v.case_ref && a.status !== 'allocated' && a.status !== 'exempted');
    const target = found.find((a) => a.kind === 'audit') ?? found[0];
    if (target === undefined) problems.push({ line, column: 'case_ref', reason: `no returned audit of ${v.case_ref} in ${v.month} to moderate` });
    else planned.push({ allocationId: target.id, moderatorId: v.moderator_id, originalGrade: target.grade, moderatedGrade: v.moderated_grade, note: v.note });
  }
  if (problems.length > 0) throw new ImportRejected(file, problems);
  // The import is QA's moderation as much as the card is, so it starts or stops the Inadequate path the same way (003).
  await db.transaction(async (tx) => {
    for (const m of planned) await recordModeration(tx, profile, m, actor, today);
  });
  return { imported: planned.length };
}
