/**
 * The dashboard's overdue reads: a page of the open audits past their (extended) due date in the months still being
 * chased, and a count of those older than that. Both read the partial index of open allocations, so their cost follows
 * what is open in those months, not the store's history.
 */
import { z } from 'zod';
import { IsoDateSchema } from '../audit/month';
import type { Queryable } from './db';

const OverdueRowSchema = z.object({
  allocationId: z.number().int(),
  caseRef: z.string(),
  serviceArea: z.string(),
  team: z.string(),
  auditorId: z.string(),
  dueDate: IsoDateSchema,
});
export type OverdueRow = z.infer<typeof OverdueRowSchema>;
const CountSchema = z.object({ n: z.number().int() });

export interface OverdueFilter {
  /** Past their effective due date on this day. */
  today: string;
  /** The case's team; null for every team. */
  team: string | null;
}

const OPEN_AND_LATE = `a.status = 'allocated' AND COALESCE(a.extended_to, a.due_date) < $1::date AND ($2::text IS NULL OR c.team = $2)`;

/** Most days late first (the earliest effective due date), then by case reference; `total` counts every page. */
export async function listOverduePage(
  db: Queryable,
  f: OverdueFilter & { months: readonly string[]; limit: number; offset: number },
): Promise<{ rows: OverdueRow[]; total: number }> {
  const [count] = await db.query(
    `SELECT count(*)::int AS n FROM allocations a JOIN cases c ON c.case_ref = a.case_ref WHERE ${OPEN_AND_LATE} AND a.month = ANY($3::text[])`,
    [f.today, f.team, [...f.months]],
  );
  const rows = await db.query(
    `SELECT a.id AS "allocationId", a.case_ref AS "caseRef", c.service_area AS "serviceArea", c.team, a.auditor_id AS "auditorId",
       COALESCE(a.extended_to, a.due_date) AS "dueDate"
     FROM allocations a JOIN cases c ON c.case_ref = a.case_ref
     WHERE ${OPEN_AND_LATE} AND a.month = ANY($3::text[])
     ORDER BY COALESCE(a.extended_to, a.due_date), a.case_ref, a.id
     LIMIT $4 OFFSET $5`,
    [f.today, f.team, [...f.months], f.limit, f.offset],
  );
  return { rows: rows.map((r) => OverdueRowSchema.parse(r)), total: CountSchema.parse(count).n };
}

/** Open audits past their due date from months before `beforeMonth`: counted, not listed. */
export async function countOverdueBefore(db: Queryable, f: OverdueFilter & { beforeMonth: string }): Promise<number> {
  const [count] = await db.query(
    `SELECT count(*)::int AS n FROM allocations a JOIN cases c ON c.case_ref = a.case_ref WHERE ${OPEN_AND_LATE} AND a.month < $3`,
    [f.today, f.team, f.beforeMonth],
  );
  return CountSchema.parse(count).n;
}
