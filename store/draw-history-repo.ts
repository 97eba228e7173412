import { z } from 'zod';
import type { AuditedCase } from '../audit/draw-rules';
import { MonthSchema } from '../audit/month';
import type { Queryable } from './db';

// Built once: zod compiles a schema on first use.
const AuditedCaseRow = z.object({ caseRef: z.string().min(1), month: MonthSchema });

/**
 * Each case's latest month, from `from` up to but not including `before`, with an audit or re-audit allocated to
 * it: the history the draw's exclusion window needs. One still allocated counts (it is owed, and a second would
 * duplicate it); one exempted does not (it was excused, not done). Other kinds (thematic, reflection) do not count.
 */
export async function listLatestAuditedMonths(db: Queryable, range: { from: string; before: string }): Promise<AuditedCase[]> {
  const rows = await db.query(
    `SELECT case_ref AS "caseRef", max(month) AS month FROM allocations
     WHERE kind IN ('audit', 're-audit') AND status <> 'exempted' AND month >= $1 AND month < $2
     GROUP BY case_ref ORDER BY case_ref`,
    [range.from, range.before],
  );
  return rows.map((r) => AuditedCaseRow.parse(r));
}
