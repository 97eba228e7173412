import { z } from 'zod';
import type { Queryable } from './db';
import { jsonRows } from './json-rows';
import { logChange } from './audit-log';

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const DueDateRow = z.object({ dueDate: z.string() });

/** Part B (004 §7): the team manager's reflection after an Inadequate grade or a safeguarding concern. */
const PartBStateSchema = z.object({
  teamManagerId: z.string().nullable(),
  completedAt: z.date().nullable(),
});
export type PartBState = z.infer<typeof PartBStateSchema>;

/** The Part B raised for an allocation, or null when none is due. */
export async function getPartB(db: Queryable, allocationId: number): Promise<PartBState | null> {
  const rows = await db.query(
    'SELECT team_manager_id AS "teamManagerId", completed_at AS "completedAt" FROM part_b WHERE allocation_id = $1',
    [allocationId],
  );
  return rows[0] === undefined ? null : PartBStateSchema.parse(rows[0]);
}

/**
 * Records the reflection and the suggested actions (004 §7.3–7.4) once; a second completion keeps the first and logs
 * nothing. Answers whether this call recorded it.
 */
export async function completePartB(tx: Queryable, allocationId: number, by: string, reflection: string, suggestedActions: string | null = null): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE part_b SET completed_at = now(), completed_by = $2, reflection = $3, suggested_actions = $4
     WHERE allocation_id = $1 AND completed_at IS NULL RETURNING allocation_id`,
    [allocationId, by, reflection, suggestedActions],
  );
  if (rows.length > 0) await logChange(tx, by, 'partb.complete', 'allocation', allocationId);
  return rows.length > 0;
}

const CompletedPartBRow = z.object({ reflection: z.string().nullable(), suggestedActions: z.string().nullable(), completedBy: z.string().nullable() });

/** What was recorded for a completed Part B (null when none is recorded). */
export async function getPartBRecord(db: Queryable, allocationId: number): Promise<z.infer<typeof CompletedPartBRow> | null> {
  const rows = await db.query(
    `SELECT reflection, suggested_actions AS "suggestedActions", completed_by AS "completedBy" FROM part_b
     WHERE allocation_id = $1 AND completed_at IS NOT NULL`,
    [allocationId],
  );
  return rows[0] === undefined ? null : CompletedPartBRow.parse(rows[0]);
}

/** When the allocation's Part B is due, or null when no Part B was raised for it. */
export async function partBDueDate(db: Queryable, allocationId: number): Promise<string | null> {
  const rows = await db.query(`SELECT to_char(due_date, 'YYYY-MM-DD') AS "dueDate" FROM part_b WHERE allocation_id = $1`, [allocationId]);
  return rows[0] === undefined ? null : DueDateRow.parse(rows[0]).dueDate;
}

/** Raises Part B for these returned audits in one statement; one already raised is left as it is. */
export async function raisePartBs(tx: Queryable, rows: readonly { allocationId: number; teamManagerId: string | null; dueDate: string }[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO part_b (allocation_id, team_manager_id, due_date)
     SELECT allocation_id, team_manager_id, due_date
     FROM json_to_recordset($1::json) AS u(allocation_id int, team_manager_id text, due_date date) ON CONFLICT DO NOTHING`,
    [jsonRows(rows.map((p) => ({ allocation_id: p.allocationId, team_manager_id: p.teamManagerId, due_date: p.dueDate })))],
  );
}

const OpenPartBSchema = z.object({
  allocationId: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  serviceArea: z.string(),
  dueDate: z.string(),
});
export type OpenPartB = z.infer<typeof OpenPartBSchema>;

/** Part Bs not yet completed, with the case's area (whose Assistant Director hears when one is late). */
export async function openPartBs(db: Queryable): Promise<OpenPartB[]> {
  const rows = await db.query(
    `SELECT pb.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", c.service_area AS "serviceArea",
       to_char(pb.due_date, 'YYYY-MM-DD') AS "dueDate"
     FROM part_b pb JOIN allocations a ON a.id = pb.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     WHERE pb.completed_at IS NULL ORDER BY pb.allocation_id`,
  );
  return rows.map((r) => OpenPartBSchema.parse(r));
}

const PartBReportRowSchema = z.object({
  allocationId: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  serviceArea: z.string(),
  dueDate: z.string(),
  /** The London day it was completed, or null while outstanding. */
  completedOn: z.string().nullable(),
});
export type PartBReportRow = z.infer<typeof PartBReportRowSchema>;

/** Every Part B raised for audits of these months, for the report's compliance figures (004 §7). */
export async function partBsForMonths(db: Queryable, months: readonly string[]): Promise<PartBReportRow[]> {
  const rows = await db.query(
    `SELECT pb.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", c.service_area AS "serviceArea",
       to_char(pb.due_date, 'YYYY-MM-DD') AS "dueDate",
       to_char((pb.completed_at AT TIME ZONE 'Europe/London')::date, 'YYYY-MM-DD') AS "completedOn"
     FROM part_b pb JOIN allocations a ON a.id = pb.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     WHERE a.month = ANY($1) ORDER BY a.month, pb.allocation_id`,
    [[...months]],
  );
  return rows.map((r) => PartBReportRowSchema.parse(r));
}
