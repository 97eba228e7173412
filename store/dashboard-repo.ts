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
  // Every allocation has its case (a foreign key), so without a team to filter on the case is not read at all.
  const sql = f.team === null
    ? `SELECT count(*)::int AS n FROM allocations a WHERE a.status = 'allocated' AND COALESCE(a.extended_to, a.due_date) < $1::date AND a.month < $2`
    : `SELECT count(*)::int AS n FROM allocations a JOIN cases c ON c.case_ref = a.case_ref WHERE ${OPEN_AND_LATE} AND a.month < $3`;
  const [count] = await db.query(sql, f.team === null ? [f.today, f.beforeMonth] : [f.today, f.team, f.beforeMonth]);
  return CountSchema.parse(count).n;
}

const TrendRowSchema = z.object({
  month: z.string(),
  allocated: z.number().int(),
  completed: z.number().int(),
  outstanding: z.number().int(),
  good: z.number().int(),
  requiresImprovement: z.number().int(),
  inadequate: z.number().int(),
});
export type TrendRow = z.infer<typeof TrendRowSchema>;

/**
 * The dashboard's twelve-month trend, counted in SQL: audits of kind `audit` allocated less exemptions, completed
 * (returned or overseen), and completed ones by the grade that counts (the moderated grade where QA moderated,
 * audit/moderation.ts finalGrade), as the monthly report counts them. One row per month that has audits. Responses and
 * moderations are found by their month (migration 014), so the cost follows the twelve months, not the history.
 */
export async function monthlyTrend(db: Queryable, months: readonly string[]): Promise<TrendRow[]> {
  const done = `a.status IN ('returned', 'overseen')`;
  const graded = (g: string): string => `count(*) FILTER (WHERE ${done} AND COALESCE(m.moderated_grade, r.grade) = '${g}')::int`;
  const rows = await db.query(
    `SELECT a.month,
       count(*) FILTER (WHERE a.status <> 'exempted')::int AS allocated,
       count(*) FILTER (WHERE ${done})::int AS completed,
       ${graded('Outstanding')} AS outstanding, ${graded('Good')} AS good,
       ${graded('Requires Improvement')} AS "requiresImprovement", ${graded('Inadequate')} AS inadequate
     FROM allocations a
     LEFT JOIN responses r ON r.allocation_id = a.id AND r.month = ANY($1::text[])
     LEFT JOIN moderations m ON m.allocation_id = a.id AND m.month = ANY($1::text[])
     WHERE a.kind = 'audit' AND a.month = ANY($1::text[])
     GROUP BY a.month`,
    [[...months]],
  );
  return rows.map((r) => TrendRowSchema.parse(r));
}
