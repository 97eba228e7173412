import { z } from 'zod';
import {
  ExemptionCategorySchema,
  ExemptionStatusSchema,
  type ExemptionCategory,
  type ExemptionStage,
  type ExemptionStatus,
} from '../audit/exemption-request';
import { logChange } from './audit-log';
import type { Queryable } from './db';

/**
 * 004 §2.18 exemption requests (table from migration 010). Every change writes the audit trail with ids, categories,
 * statuses and dates only: the reason and refusal note are free text and stay in this table.
 */

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
export const ExemptionRequestSchema = z.object({
  id: z.number().int(),
  allocationId: z.number().int(),
  category: ExemptionCategorySchema,
  reason: z.string(),
  requestedBy: z.string(),
  status: ExemptionStatusSchema,
  lineManagerId: z.string().nullable(),
  lineManagerDecidedAt: z.date().nullable(),
  pswId: z.string().nullable(),
  pswDecidedAt: z.date().nullable(),
  refusalNote: z.string().nullable(),
  followUp: z.enum(['reallocated', 'dropped']).nullable(),
  reallocatedTo: z.number().int().nullable(),
  createdAt: z.date(),
});
export type ExemptionRequest = z.infer<typeof ExemptionRequestSchema>;


const COLUMNS = `e.id, e.allocation_id AS "allocationId", e.category, e.reason, e.requested_by AS "requestedBy", e.status,
  e.line_manager_id AS "lineManagerId", e.line_manager_decided_at AS "lineManagerDecidedAt", e.psw_id AS "pswId",
  e.psw_decided_at AS "pswDecidedAt", e.refusal_note AS "refusalNote", e.follow_up AS "followUp",
  e.reallocated_to AS "reallocatedTo", e.created_at AS "createdAt"`;

const toRequest = (row: unknown): ExemptionRequest => ExemptionRequestSchema.parse(row);

export interface NewExemptionRequest {
  allocationId: number;
  category: ExemptionCategory;
  reason: string;
  requestedBy: string;
  /**
   * Set when the line manager has already agreed as the request is made (the escalation card's "Exempt"): the
   * request starts past the line-manager stage, with that decision recorded.
   */
  agreedByLineManager?: { lineManagerId: string; status: Extract<ExemptionStatus, 'awaiting-psw' | 'agreed'> };
}

/**
 * The new request, or null when the allocation already has one open: the partial unique index decides, so two
 * presses at once cannot both open one.
 */
export async function createExemptionRequest(tx: Queryable, r: NewExemptionRequest, actor: string): Promise<ExemptionRequest | null> {
  const lm = r.agreedByLineManager;
  const rows = await tx.query(
    `INSERT INTO exemption_requests AS e (allocation_id, category, reason, requested_by, status, line_manager_id, line_manager_decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE now() END)
     ON CONFLICT (allocation_id) WHERE status IN ('awaiting-line-manager', 'awaiting-psw') DO NOTHING
     RETURNING ${COLUMNS}`,
    [r.allocationId, r.category, r.reason, r.requestedBy, lm?.status ?? 'awaiting-line-manager', lm?.lineManagerId ?? null],
  );
  if (rows[0] === undefined) return null;
  const created = toRequest(rows[0]);
  await logChange(tx, actor, 'exemption.request', 'exemption_request', created.id, {
    allocationId: r.allocationId, category: r.category, status: created.status,
  });
  return created;
}

export async function getExemptionRequest(db: Queryable, id: number): Promise<ExemptionRequest | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM exemption_requests e WHERE e.id = $1`, [id]);
  return rows[0] === undefined ? null : toRequest(rows[0]);
}

/** The request under a row lock, so two deciders pressing at once cannot both decide it. */
export async function getExemptionRequestForUpdate(tx: Queryable, id: number): Promise<ExemptionRequest | null> {
  const rows = await tx.query(`SELECT ${COLUMNS} FROM exemption_requests e WHERE e.id = $1 FOR UPDATE`, [id]);
  return rows[0] === undefined ? null : toRequest(rows[0]);
}

/** The allocation's request still waiting for a decision, if any (at most one: a partial unique index). */
export async function openExemptionRequestOf(db: Queryable, allocationId: number): Promise<ExemptionRequest | null> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM exemption_requests e WHERE e.allocation_id = $1 AND e.status IN ('awaiting-line-manager', 'awaiting-psw')`,
    [allocationId],
  );
  return rows[0] === undefined ? null : toRequest(rows[0]);
}

export interface ExemptionDecisionRecord {
  stage: ExemptionStage;
  deciderId: string;
  next: ExemptionStatus;
  /** Kept only for a refusal: the auditor's card shows it. */
  refusalNote: string | null;
}

export async function recordExemptionDecision(tx: Queryable, id: number, d: ExemptionDecisionRecord, actor: string): Promise<ExemptionRequest> {
  const sql = d.stage === 'line-manager'
    ? `UPDATE exemption_requests e SET status = $2, line_manager_id = $3, line_manager_decided_at = now(), refusal_note = $4 WHERE e.id = $1 RETURNING ${COLUMNS}`
    : `UPDATE exemption_requests e SET status = $2, psw_id = $3, psw_decided_at = now(), refusal_note = $4 WHERE e.id = $1 RETURNING ${COLUMNS}`;
  const rows = await tx.query(sql, [id, d.next, d.deciderId, d.refusalNote]);
  const updated = toRequest(rows[0]);
  await logChange(tx, actor, `exemption.decide.${d.stage}`, 'exemption_request', id, {
    allocationId: updated.allocationId, to: d.next,
  });
  return updated;
}

export type ExemptionFollowUpRecord = { followUp: 'reallocated'; reallocatedTo: number } | { followUp: 'dropped' };

/** QA's follow-up, once only: false when the request already had one (nothing is written then). */
export async function recordExemptionFollowUp(tx: Queryable, id: number, f: ExemptionFollowUpRecord, actor: string): Promise<boolean> {
  const reallocatedTo = f.followUp === 'reallocated' ? f.reallocatedTo : null;
  const rows = await tx.query(
    `UPDATE exemption_requests SET follow_up = $2, reallocated_to = $3 WHERE id = $1 AND follow_up IS NULL AND status = 'agreed' RETURNING id`,
    [id, f.followUp, reallocatedTo],
  );
  if (rows.length === 0) return false;
  await logChange(tx, actor, `exemption.${f.followUp === 'reallocated' ? 'reallocate' : 'drop'}`, 'exemption_request', id,
    reallocatedTo === null ? {} : { reallocatedTo });
  return true;
}
