import { z } from 'zod';
import { AllocationSchema, applyAllocationEvent, type Allocation, type AllocationEvent } from '../audit/allocation-lifecycle';
import { CaseSchema, type Case } from '../audit/cases';
import { AuditError } from '../audit/errors';
import type { AuditKind } from '../audit/audit-kinds';
import { GradeSchema } from '../audit/grades';
import type { Queryable } from './db';
import { logChange } from './audit-log';

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const CountRow = z.object({ n: z.number().int() });
const IdRow = z.object({ id: z.number().int() });
const MonthRow = z.object({ month: z.string() });

const COLUMNS = `a.id, a.month, a.case_ref AS "caseRef", a.auditor_id AS "auditorId", a.kind, a.due_date AS "dueDate",
  a.extended_to AS "extendedTo", a.status, a.escalation_level AS "escalationLevel",
  a.exemption_reason AS "exemptionReason", a.reaudit_of AS "reauditOf"`;

/** An allocation with what the reports and cards need beside it: the case's area and team, grades so far. */
export const AllocationDetailSchema = AllocationSchema.extend({
  serviceArea: z.string(),
  team: z.string(),
  cohort: z.string(),
  grade: GradeSchema.nullable(),
  moderatedGrade: GradeSchema.nullable(),
  returnedAt: z.date().nullable(),
});
export type AllocationDetail = z.infer<typeof AllocationDetailSchema>;

const DETAIL_SQL = `SELECT ${COLUMNS}, c.service_area AS "serviceArea", c.team, c.cohort, r.grade,
  m.moderated_grade AS "moderatedGrade", a.returned_at AS "returnedAt"
  FROM allocations a JOIN cases c ON c.case_ref = a.case_ref
  LEFT JOIN responses r ON r.allocation_id = a.id
  LEFT JOIN moderations m ON m.allocation_id = a.id`;

export async function ensureCycle(tx: Queryable, month: string, programmeId: string, theme: string | null, seed: number | null): Promise<void> {
  await tx.query(
    `INSERT INTO cycles (month, programme_id, theme, seed) VALUES ($1, $2, $3, $4) ON CONFLICT (month) DO NOTHING`,
    [month, programmeId, theme, seed],
  );
}

export async function countAllocations(db: Queryable, month: string, kind?: string): Promise<number> {
  const rows = await db.query(
    `SELECT count(*)::int AS n FROM allocations WHERE month = $1 AND ($2::text IS NULL OR kind = $2)`,
    [month, kind ?? null],
  );
  return CountRow.parse(rows[0]).n;
}

export interface NewAllocation {
  caseRef: string;
  auditorId: string;
  kind: AuditKind;
  dueDate: string;
  reauditOf: number | null;
}

export async function insertAllocation(tx: Queryable, month: string, p: NewAllocation, actor: string): Promise<number> {
  const rows = await tx.query(
    `INSERT INTO allocations (month, case_ref, auditor_id, kind, due_date, reaudit_of) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [month, p.caseRef, p.auditorId, p.kind, p.dueDate, p.reauditOf],
  );
  const id = IdRow.parse(rows[0]).id;
  await logChange(tx, actor, 'allocation.create', 'allocation', id, { month, caseRef: p.caseRef, auditorId: p.auditorId, kind: p.kind, dueDate: p.dueDate });
  return id;
}

export async function getAllocation(db: Queryable, id: number, forUpdate = false): Promise<Allocation | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM allocations a WHERE a.id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return rows[0] === undefined ? null : AllocationSchema.parse(rows[0]);
}

export async function findAllocation(db: Queryable, month: string, caseRef: string, kind?: string): Promise<Allocation | null> {
  const rows = await db.query(
    // A reallocated case has its exempted first allocation too: the live one is the one meant.
    `SELECT ${COLUMNS} FROM allocations a WHERE a.month = $1 AND a.case_ref = $2 AND ($3::text IS NULL OR a.kind = $3)
     ORDER BY (a.status = 'exempted'), a.id`,
    [month, caseRef, kind ?? null],
  );
  return rows[0] === undefined ? null : AllocationSchema.parse(rows[0]);
}

/**
 * One allocation with its case's area and team and any grades, or null. `forUpdate` locks the allocation's row for the
 * caller's transaction (a submit's, so two submits of one audit queue up).
 */
export async function getAllocationDetail(db: Queryable, id: number, forUpdate = false): Promise<AllocationDetail | null> {
  const rows = await db.query(`${DETAIL_SQL} WHERE a.id = $1${forUpdate ? ' FOR UPDATE OF a' : ''}`, [id]);
  return rows[0] === undefined ? null : AllocationDetailSchema.parse(rows[0]);
}

export const monthAuditorKey = (month: string, auditorId: string): string => `${month}|${auditorId}`;

/** Allocation details of these auditors in these months in one query, keyed by month|auditor (a fan-out's batch). */
export async function allocationDetailsOf(db: Queryable, pairs: readonly { month: string; auditorId: string }[]): Promise<Map<string, AllocationDetail[]>> {
  const out = new Map<string, AllocationDetail[]>();
  if (pairs.length === 0) return out;
  for (const p of pairs) out.set(monthAuditorKey(p.month, p.auditorId), []);
  const rows = await db.query(`${DETAIL_SQL} WHERE a.month = ANY($1::text[]) AND a.auditor_id = ANY($2::text[]) ORDER BY a.month, a.id`, [
    [...new Set(pairs.map((p) => p.month))],
    [...new Set(pairs.map((p) => p.auditorId))],
  ]);
  for (const row of rows) {
    const detail = AllocationDetailSchema.parse(row);
    out.get(monthAuditorKey(detail.month, detail.auditorId))?.push(detail);
  }
  return out;
}

export interface AllocationFilter {
  month?: string;
  months?: readonly string[];
  auditorId?: string;
  status?: Allocation['status'];
}

export async function listAllocationDetails(db: Queryable, f: AllocationFilter = {}): Promise<AllocationDetail[]> {
  const rows = await db.query(
    `${DETAIL_SQL} WHERE ($1::text IS NULL OR a.month = $1) AND ($2::text[] IS NULL OR a.month = ANY($2))
       AND ($3::text IS NULL OR a.auditor_id = $3) AND ($4::text IS NULL OR a.status = $4)
     ORDER BY a.month, a.id`,
    [f.month ?? null, f.months === undefined ? null : [...f.months], f.auditorId ?? null, f.status ?? null],
  );
  return rows.map((r) => AllocationDetailSchema.parse(r));
}

/** Applies a life-cycle event under a row lock, so two managers pressing buttons at once cannot both win. */
export async function updateAllocation(tx: Queryable, id: number, event: AllocationEvent, actor: string): Promise<Allocation> {
  const current = await getAllocation(tx, id, true);
  if (current === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${id}`);
  const next = applyAllocationEvent(current, event);
  if (next === current) return current;
  await tx.query(
    `UPDATE allocations SET status = $2, extended_to = $3, escalation_level = $4, exemption_reason = $5,
       returned_at = CASE WHEN $2 = 'returned' AND returned_at IS NULL THEN now() ELSE returned_at END,
       overseen_at = CASE WHEN $2 = 'overseen' AND overseen_at IS NULL THEN now() ELSE overseen_at END
     WHERE id = $1`,
    [id, next.status, next.extendedTo, next.escalationLevel, next.exemptionReason],
  );
  const detail: Record<string, unknown> = { from: current.status, to: next.status };
  if (event.type === 'extend') detail['extendedTo'] = event.to;
  if (event.type === 'escalate') detail['level'] = event.level;
  await logChange(tx, actor, `allocation.${event.type}`, 'allocation', id, detail);
  return next;
}

export type ReturnedAllocation = { allocation: Allocation; case: Case };

/**
 * Moves allocated audits to returned in one statement and reads, with them, their cases (what the follow-ups need).
 * An allocation not in 'allocated' is left out of the map; the caller refuses it as the life cycle refuses a single return.
 */
export async function returnAllocations(tx: Queryable, ids: readonly number[]): Promise<Map<number, ReturnedAllocation>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.query(
    `UPDATE allocations a SET status = 'returned', returned_at = COALESCE(a.returned_at, now())
     FROM cases c
     WHERE a.id = ANY($1::int[]) AND a.status = 'allocated' AND c.case_ref = a.case_ref
     RETURNING a.id, a.month, a.case_ref AS "caseRef", a.auditor_id AS "auditorId", a.kind, a.due_date AS "dueDate",
       a.extended_to AS "extendedTo", 'allocated' AS status, a.escalation_level AS "escalationLevel",
       a.exemption_reason AS "exemptionReason", a.reaudit_of AS "reauditOf", c.service_area AS "serviceArea", c.team,
       c.allocated_worker_id AS "allocatedWorkerId", c.team_manager_id AS "teamManagerId", c.cohort, c.open`,
    [[...ids]],
  );
  return new Map(rows.map((r) => {
    const allocation = AllocationSchema.parse(r);
    return [allocation.id, { allocation, case: CaseSchema.parse(r) }];
  }));
}

/** Earlier months in which this auditor had an audit escalated (the ladder climbs for repeat lateness). */
export async function escalatedMonthsBefore(db: Queryable, auditorId: string, month: string): Promise<string[]> {
  const rows = await db.query(
    'SELECT DISTINCT month FROM allocations WHERE auditor_id = $1 AND month < $2 AND escalation_level > 0',
    [auditorId, month],
  );
  return rows.map((r) => MonthRow.parse(r).month);
}
