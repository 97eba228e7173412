import { z } from 'zod';
import { AllocationStatusSchema } from '../audit/allocation-lifecycle';
import { AuditError } from '../audit/errors';
import { decideOversight, OversightDecisionSchema, type OversightInput, type OversightOutcome } from '../audit/oversight';
import { getAllocation, updateAllocation } from './allocations-repo';
import { logChange } from './audit-log';
import type { Queryable } from './db';

/** The service lead's oversight of returned audits (003), one row per audit in `oversights` (migration 010). */

const OversightRowSchema = z.object({
  allocationId: z.number().int().positive(),
  serviceLeadId: z.string().min(1),
  decision: OversightDecisionSchema,
  reason: z.string().nullable(),
  recordedAt: z.date(),
});
export type OversightRow = z.infer<typeof OversightRowSchema>;

/** A returned (or already overseen) audit on the service lead's list, with what the list card shows. */
const OversightItemSchema = z.object({
  allocationId: z.number().int().positive(),
  month: z.string(),
  caseRef: z.string(),
  serviceArea: z.string(),
  team: z.string(),
  status: AllocationStatusSchema,
  grade: z.string().nullable(),
  auditorId: z.string(),
  auditorName: z.string(),
  oversight: OversightDecisionSchema.nullable(),
});
export type OversightItem = z.infer<typeof OversightItemSchema>;

const AreaCountRow = z.object({ month: z.string(), serviceArea: z.string(), n: z.number().int() });
export type AreaCount = z.infer<typeof AreaCountRow>;

const ROW_COLUMNS = `allocation_id AS "allocationId", service_lead_id AS "serviceLeadId", decision, reason, recorded_at AS "recordedAt"`;

export interface OversightRecord {
  allocationId: number;
  serviceLeadId: string;
}

/**
 * Records a decision under the allocation's row lock, so two presses (or two leads) cannot both record: the rules
 * (decideOversight) refuse a second decision and any audit not returned. Agree moves the audit to overseen in the
 * same transaction. The reason is kept in the table only; the audit trail holds ids and the decision.
 */
export async function recordOversight(tx: Queryable, r: OversightRecord & OversightInput, actor: string): Promise<OversightOutcome> {
  const allocation = await getAllocation(tx, r.allocationId, true);
  if (allocation === null) throw new AuditError('UNKNOWN_ALLOCATION', `No allocation ${r.allocationId}`);
  const existing = await getOversight(tx, r.allocationId);
  const outcome = decideOversight(allocation, existing?.decision ?? null, r);
  const inserted = await tx.query(
    `INSERT INTO oversights (allocation_id, service_lead_id, decision, reason) VALUES ($1, $2, $3, $4)
     ON CONFLICT (allocation_id) DO NOTHING RETURNING allocation_id`,
    [r.allocationId, r.serviceLeadId, outcome.decision, outcome.reason],
  );
  if (inserted.length === 0) throw new AuditError('INVALID_TRANSITION', `Allocation ${r.allocationId}: oversight is already recorded`);
  if (outcome.event !== null) await updateAllocation(tx, r.allocationId, outcome.event, actor);
  await logChange(tx, actor, 'oversight.record', 'allocation', r.allocationId, { decision: outcome.decision, serviceLeadId: r.serviceLeadId });
  return outcome;
}

export async function getOversight(db: Queryable, allocationId: number): Promise<OversightRow | null> {
  const rows = await db.query(`SELECT ${ROW_COLUMNS} FROM oversights WHERE allocation_id = $1`, [allocationId]);
  return rows[0] === undefined ? null : OversightRowSchema.parse(rows[0]);
}

const ITEM_SQL = `SELECT a.id AS "allocationId", a.month, a.case_ref AS "caseRef", c.service_area AS "serviceArea", c.team,
    a.status, COALESCE(m.moderated_grade, r.grade) AS grade, a.auditor_id AS "auditorId",
    COALESCE(p.name, a.auditor_id) AS "auditorName", o.decision AS oversight
  FROM allocations a JOIN cases c ON c.case_ref = a.case_ref
  LEFT JOIN responses r ON r.allocation_id = a.id
  LEFT JOIN moderations m ON m.allocation_id = a.id
  LEFT JOIN people p ON p.id = a.auditor_id
  LEFT JOIN oversights o ON o.allocation_id = a.id`;

/** The service lead's list: the month's returned and overseen audits of the area, decided or not, oldest first. */
export async function oversightList(db: Queryable, month: string, serviceArea: string): Promise<OversightItem[]> {
  const rows = await db.query(
    `${ITEM_SQL} WHERE a.month = $1 AND c.service_area = $2 AND a.status IN ('returned', 'overseen') ORDER BY a.id`,
    [month, serviceArea],
  );
  return rows.map((r) => OversightItemSchema.parse(r));
}

/** The month's audits of the area still waiting for oversight: returned, no decision recorded. */
export async function outstandingOversights(db: Queryable, month: string, serviceArea: string): Promise<OversightItem[]> {
  const rows = await db.query(
    `${ITEM_SQL} WHERE a.month = $1 AND c.service_area = $2 AND a.status = 'returned' AND o.allocation_id IS NULL ORDER BY a.id`,
    [month, serviceArea],
  );
  return rows.map((r) => OversightItemSchema.parse(r));
}

/** Outstanding audits counted by month and area in one query (the chase looks at every lead at once). */
export async function outstandingOversightCounts(db: Queryable, months: readonly string[]): Promise<AreaCount[]> {
  if (months.length === 0) return [];
  const rows = await db.query(
    `SELECT a.month, c.service_area AS "serviceArea", count(*)::int AS n
     FROM allocations a JOIN cases c ON c.case_ref = a.case_ref
     LEFT JOIN oversights o ON o.allocation_id = a.id
     WHERE a.month = ANY($1::text[]) AND a.status = 'returned' AND o.allocation_id IS NULL
     GROUP BY a.month, c.service_area ORDER BY a.month, c.service_area`,
    [[...months]],
  );
  return rows.map((r) => AreaCountRow.parse(r));
}
