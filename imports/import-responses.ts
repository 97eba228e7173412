import { readFormsAnswers, type ParsedFormsResponse } from '../audit/forms-response';
import { formsQuestionsOf, isGraded, type ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import type { Db } from '../store/db';
import { ingestFormsResponses, type IngestOutcome } from '../programme/ingest-forms-response';
import { ImportRejected, type RowProblem } from './import-errors';
import { readTable, requireColumns } from './read-table';

/** The fixed columns every Microsoft Forms export starts with. */
export const FORMS_FIXED_COLUMNS = ['ID', 'Start time', 'Completion time', 'Email', 'Name'] as const;

/**
 * The columns a Forms export or workbook must have, by title: the fixed ID and Email and the programme's required
 * questions. The download sync checks the same list, so a renamed question stops both the same way.
 */
export function formsRequiredColumns(profile: ProgrammeProfile): string[] {
  const q = formsQuestionsOf(profile);
  return ['ID', 'Email', q.caseRef, q.discussionHeld, q.contact, q.safeguardingConcern, ...(isGraded(profile) ? [q.grade] : [])];
}

/**
 * `import responses FILE` (.xlsx or .csv, as Forms exports it). Rows that cannot be read refuse the whole import;
 * rows that read but match no allocation are kept as unmatched for QA.
 */
/** Responses recorded per statement batch: the Forms sync's chunk size. */
const IMPORT_PAGE = 2000;

export async function importResponses(db: Db, file: string, profile: ProgrammeProfile, actor: string, today: IsoDate): Promise<Record<IngestOutcome, number>> {
  const table = await readTable(file);
  const q = formsQuestionsOf(profile);
  const graded = isGraded(profile);
  const problems: RowProblem[] = requireColumns(table, formsRequiredColumns(profile));
  if (problems.length > 0) throw new ImportRejected(file, problems);
  const parsed: ParsedFormsResponse[] = [];
  const seen = new Map<string, number>();
  for (const row of table.rows) {
    const id = row.cells['ID'] ?? '';
    const result = readFormsAnswers({ responseId: id, responderEmail: row.cells['Email'] ?? '', answers: row.cells }, q, graded);
    if (!result.ok) problems.push(...result.problems.map((p) => ({ line: row.line, ...p })));
    else {
      const first = seen.get(result.value.responseId);
      if (first !== undefined) problems.push({ line: row.line, column: 'ID', reason: `response ${result.value.responseId} appears again (first on line ${first})` });
      seen.set(result.value.responseId, row.line);
      parsed.push(result.value);
    }
  }
  if (problems.length > 0) throw new ImportRejected(file, problems);
  const counts: Record<IngestOutcome, number> = { matched: 0, 'already-recorded': 0, unmatched: 0 };
  // Pages rather than a response at a time (a 20,000-row download took two minutes that way), with the same outcome
  // row by row; one transaction, so a file is recorded whole or not at all.
  await db.transaction(async (tx) => {
    for (let i = 0; i < parsed.length; i += IMPORT_PAGE) {
      const page = parsed.slice(i, i + IMPORT_PAGE).map((p) => ({ kind: 'response' as const, parsed: p }));
      for (const r of await ingestFormsResponses(tx, profile, page, 'forms', actor, today)) counts[r.outcome]++;
    }
  });
  return counts;
}
