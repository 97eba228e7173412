import { z } from 'zod';
import {
  DisagreementOutcomeSchema,
  DisagreementStageSchema,
  DisagreementStatusSchema,
  RaisedAsSchema,
  type CheckedOutcome,
  type RaisedAs,
} from '../audit/disagreement';
import type { IsoDate } from '../audit/working-days';
import type { Queryable } from './db';
import { logChange } from './audit-log';

/**
 * Disagreements with a grade (004 §2.12–2.13), table `disagreements` (migration 010). The audit trail records ids,
 * stages, outcomes and grades only: the reason and the outcome note are free text about a child's case.
 */

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const DisagreementRowSchema = z.object({
  id: z.number().int(),
  allocationId: z.number().int(),
  raisedBy: z.string(),
  raisedAs: RaisedAsSchema,
  reason: z.string(),
  raisedOn: z.string(),
  status: DisagreementStatusSchema,
  mediatorId: z.string().nullable(),
  outcome: DisagreementOutcomeSchema.nullable(),
  newGrade: z.string().nullable(),
  outcomeNote: z.string().nullable(),
  resolvedBy: z.string().nullable(),
  resolvedStage: DisagreementStageSchema.nullable(),
  resolvedAt: z.date().nullable(),
});
export type Disagreement = z.infer<typeof DisagreementRowSchema>;

const IdRow = z.object({ id: z.number().int() });
const GradeRow = z.object({ newGrade: z.string() });

const COLUMNS = `id, allocation_id AS "allocationId", raised_by AS "raisedBy", raised_as AS "raisedAs", reason,
  to_char(raised_on, 'YYYY-MM-DD') AS "raisedOn", status, mediator_id AS "mediatorId", outcome, new_grade AS "newGrade",
  outcome_note AS "outcomeNote", resolved_by AS "resolvedBy", resolved_stage AS "resolvedStage", resolved_at AS "resolvedAt"`;

const parseRows = (rows: readonly unknown[]): Disagreement[] => rows.map((r) => DisagreementRowSchema.parse(r));

export interface NewDisagreement {
  allocationId: number;
  raisedBy: string;
  raisedAs: RaisedAs;
  reason: string;
  raisedOn: IsoDate;
}

/** Records a disagreement in review; the partial unique index refuses a second open one for the audit. */
export async function raiseDisagreement(tx: Queryable, d: NewDisagreement): Promise<Disagreement> {
  const rows = await tx.query(
    `INSERT INTO disagreements (allocation_id, raised_by, raised_as, reason, raised_on, status)
     VALUES ($1, $2, $3, $4, $5, 'review') RETURNING ${COLUMNS}`,
    [d.allocationId, d.raisedBy, d.raisedAs, d.reason, d.raisedOn],
  );
  const [row] = parseRows(rows);
  if (row === undefined) throw new Error('disagreement insert returned no row');
  await logChange(tx, d.raisedBy, 'disagreement.raise', 'disagreement', row.id, { allocationId: d.allocationId, raisedAs: d.raisedAs, stage: 'review' });
  return row;
}

/** One disagreement, or null; `forUpdate` locks it for the transaction that changes it. */
export async function getDisagreement(db: Queryable, id: number, forUpdate = false): Promise<Disagreement | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM disagreements WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
  return parseRows(rows)[0] ?? null;
}

/** The audit's open disagreement (in review or mediation), or null. */
export async function openDisagreementFor(db: Queryable, allocationId: number): Promise<Disagreement | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM disagreements WHERE allocation_id = $1 AND status <> 'resolved'`, [allocationId]);
  return parseRows(rows)[0] ?? null;
}

/** The grade most recently agreed instead of the audit's (a resolved "grade changed"), or null. */
export async function agreedGradeFor(db: Queryable, allocationId: number): Promise<string | null> {
  const rows = await db.query(
    `SELECT new_grade AS "newGrade" FROM disagreements
     WHERE allocation_id = $1 AND outcome = 'grade-changed' AND new_grade IS NOT NULL ORDER BY resolved_at DESC, id DESC LIMIT 1`,
    [allocationId],
  );
  return rows[0] === undefined ? null : GradeRow.parse(rows[0]).newGrade;
}

/** Review → mediation, with the AD it went to (null when QA mediates). False when it was no longer in review. */
export async function moveToMediation(tx: Queryable, id: number, mediatorId: string | null, actor: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE disagreements SET status = 'mediation', mediator_id = $2 WHERE id = $1 AND status = 'review' RETURNING id`,
    [id, mediatorId],
  );
  if (rows.length === 0) return false;
  IdRow.parse(rows[0]);
  await logChange(tx, actor, 'disagreement.mediation', 'disagreement', id, { stage: 'mediation', mediatorId });
  return true;
}

/** Records the outcome once; false when it was already resolved (nothing changed). */
export async function resolveDisagreement(tx: Queryable, id: number, o: CheckedOutcome, note: string, by: string): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE disagreements SET status = 'resolved', outcome = $2, new_grade = $3, outcome_note = $4, resolved_by = $5,
       resolved_stage = $6, resolved_at = now()
     WHERE id = $1 AND status = $6 RETURNING id`,
    [id, o.outcome, o.newGrade, note, by, o.stage],
  );
  if (rows.length === 0) return false;
  await logChange(tx, by, 'disagreement.resolve', 'disagreement', id, { stage: o.stage, outcome: o.outcome, newGrade: o.newGrade });
  return true;
}

/** Disagreements still in review, oldest first: the scheduler decides which have reached their mediation date. */
export async function disagreementsInReview(db: Queryable): Promise<Disagreement[]> {
  return parseRows(await db.query(`SELECT ${COLUMNS} FROM disagreements WHERE status = 'review' ORDER BY raised_on, id`));
}

/** Those in review whose mediation date has come, by the caller's calendar rule (working days live in audit/). */
export async function dueForMediation(db: Queryable, isDue: (d: Disagreement) => boolean): Promise<Disagreement[]> {
  return (await disagreementsInReview(db)).filter(isDue);
}
