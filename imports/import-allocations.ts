import { dueDateFor } from '../audit/allocation';
import type { AuditKind } from '../audit/audit-kinds';
import { conflictOfInterest } from '../audit/conflict-of-interest';
import { MONTH_PATTERN } from '../audit/month';
import { themeFor, type ProgrammeProfile } from '../audit/programme-profile';
import { isIsoDate } from '../audit/working-days';
import { ensureCycle, findAllocation, insertAllocation } from '../store/allocations-repo';
import { listCases } from '../store/cases-repo';
import type { Db } from '../store/db';
import { listPeople } from '../store/people-repo';
import { ImportRejected } from './import-errors';
import { isNonCaseKind, subjectIsSelf, type NonCaseKind } from '../audit/kind-forms';
import { insertActivity } from '../store/activities-repo';
import { caseRef } from './import-cases';
import { readTable, requireColumns } from './read-table';
import { bad, duplicates, matching, ok, readRows, type CellReader } from './row-reader';

/**
 * `import allocations FILE.csv`: allocations QA made by hand (month,case_ref,auditor_id[,kind][,due_date]
 * [,subject_person_id]). A supervision observation is about a person, not a case: its case_ref is blank and
 * subject_person_id names the supervisee observed. A case reflection sheet is the practitioner's own (auditor_id), with
 * case_ref and subject_person_id blank. Both are kept apart from case audits (store/activities-repo.ts).
 */
export async function importAllocations(db: Db, file: string, profile: ProgrammeProfile, actor: string): Promise<{ imported: number }> {
  const table = await readTable(file);
  const problems = requireColumns(table, ['month', 'case_ref', 'auditor_id']);
  if (problems.length > 0) throw new ImportRejected(file, problems);
  const kind: CellReader<AuditKind> = (t) =>
    t === '' ? ok('audit') : profile.auditKinds.includes(t as AuditKind) ? ok(t as AuditKind) : bad(`'${t}' is not an audit kind of this programme (${profile.auditKinds.join(', ')})`);
  const dueDate: CellReader<string | null> = (t) => (t === '' ? ok(null) : isIsoDate(t) ? ok(t) : bad(`'${t}' is not a date (YYYY-MM-DD)`));
  const caseRefOrBlank: CellReader<string | null> = (t) => (t === '' ? ok(null) : caseRef(t));
  const subject: CellReader<string | null> = (t) => (t === '' ? ok(null) : ok(t));
  const read = readRows(table, {
    month: matching(MONTH_PATTERN, 'a month (YYYY-MM)'), case_ref: caseRefOrBlank, auditor_id: matching(/.+/, 'a person id'), kind, due_date: dueDate,
    subject_person_id: subject,
  });
  problems.push(...read.problems, ...duplicates(read.rows, (v) => `${v.month} ${v.case_ref ?? `person ${v.subject_person_id}`} ${v.kind}`, 'case_ref'));

  const people = new Map((await listPeople(db)).map((p) => [p.id, p]));
  const cases = new Map((await listCases(db)).map((c) => [c.caseRef, c]));
  const activities: { month: string; kind: NonCaseKind; auditorId: string; subjectPersonId: string; dueDate: string }[] = [];
  for (const { line, value: v } of read.rows) {
    const auditor = people.get(v.auditor_id);
    if (isNonCaseKind(v.kind)) {
      if (v.case_ref !== null) problems.push({ line, column: 'case_ref', reason: `a ${v.kind} is about a person, not a case: leave case_ref blank` });
      if (auditor === undefined) problems.push({ line, column: 'auditor_id', reason: `'${v.auditor_id}' is not a person in the store` });
      const dueDate = v.due_date ?? dueDateFor(profile, v.month);
      if (subjectIsSelf(v.kind)) {
        if (v.subject_person_id !== null && v.subject_person_id !== v.auditor_id) {
          problems.push({ line, column: 'subject_person_id', reason: `a ${v.kind} is the practitioner's own: leave subject_person_id blank (auditor_id names the practitioner)` });
        } else if (auditor !== undefined) activities.push({ month: v.month, kind: v.kind, auditorId: v.auditor_id, subjectPersonId: v.auditor_id, dueDate });
        continue;
      }
      if (v.subject_person_id === null) problems.push({ line, column: 'subject_person_id', reason: `a ${v.kind} needs the id of the person observed` });
      else if (!people.has(v.subject_person_id)) problems.push({ line, column: 'subject_person_id', reason: `'${v.subject_person_id}' is not a person in the store` });
      else if (v.subject_person_id === v.auditor_id) problems.push({ line, column: 'subject_person_id', reason: 'the observer cannot observe their own supervision' });
      else activities.push({ month: v.month, kind: v.kind, auditorId: v.auditor_id, subjectPersonId: v.subject_person_id, dueDate });
      continue;
    }
    if (v.case_ref === null) {
      problems.push({ line, column: 'case_ref', reason: `a ${v.kind} needs a case reference` });
      continue;
    }
    const c = cases.get(v.case_ref);
    if (c === undefined) problems.push({ line, column: 'case_ref', reason: `'${v.case_ref}' is not a case in the store (import cases first)` });
    if (auditor === undefined) problems.push({ line, column: 'auditor_id', reason: `'${v.auditor_id}' is not a person in the store` });
    if (c !== undefined && auditor !== undefined) {
      const conflict = conflictOfInterest(auditor, c);
      if (conflict !== null) problems.push({ line, column: 'auditor_id', reason: `conflict of interest: ${conflict} (004 §2.1)` });
    }
    if ((await findAllocation(db, v.month, v.case_ref, v.kind)) !== null) {
      problems.push({ line, column: 'case_ref', reason: `${v.case_ref} already has a ${v.kind} allocation in ${v.month}` });
    }
  }
  if (problems.length > 0) throw new ImportRejected(file, problems);
  await db.transaction(async (tx) => {
    for (const a of activities) await insertActivity(tx, a, actor);
    for (const { value: v } of read.rows) {
      if (v.case_ref === null || isNonCaseKind(v.kind)) continue;
      await ensureCycle(tx, v.month, profile.id, themeFor(profile, v.month), null);
      await insertAllocation(tx, v.month, {
        caseRef: v.case_ref, auditorId: v.auditor_id, kind: v.kind, dueDate: v.due_date ?? dueDateFor(profile, v.month), reauditOf: null,
      }, actor);
    }
  });
  return { imported: read.rows.length };
}
