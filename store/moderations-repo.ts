import { z } from 'zod';
import { CohortSchema } from '../audit/cases';
import { GradeSchema, type Grade } from '../audit/grades';
import { OUTBOX_PAYLOADS } from '../audit/outbox-messages';
import type { Queryable } from './db';
import { logChange } from './audit-log';

export interface ModerationInput {
  allocationId: number;
  moderatorId: string;
  originalGrade: Grade | null;
  moderatedGrade: Grade | null;
  note: string | null;
}

/** One moderation per audit; moderating again replaces the judgement, and the trail keeps both. */
export async function upsertModeration(tx: Queryable, m: ModerationInput, actor: string): Promise<void> {
  await tx.query(
    `INSERT INTO moderations (allocation_id, moderator_id, original_grade, moderated_grade, note)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (allocation_id) DO UPDATE SET moderator_id = EXCLUDED.moderator_id,
       moderated_grade = EXCLUDED.moderated_grade, note = EXCLUDED.note, moderated_at = now()`,
    [m.allocationId, m.moderatorId, m.originalGrade, m.moderatedGrade, m.note],
  );
  await logChange(tx, actor, 'moderation.record', 'allocation', m.allocationId, {
    originalGrade: m.originalGrade,
    moderatedGrade: m.moderatedGrade,
  });
}

const SampleCandidateRow = z.object({
  allocationId: z.number().int(),
  caseRef: z.string(),
  month: z.string(),
  auditorId: z.string(),
  grade: GradeSchema.nullable(),
  serviceArea: z.string(),
  team: z.string(),
  allocatedWorkerId: z.string().nullable(),
  teamManagerId: z.string().nullable(),
  cohort: CohortSchema,
  open: z.boolean(),
  covered: z.boolean(),
});
export type SampleCandidateRow = z.infer<typeof SampleCandidateRow>;

/**
 * The month's returned audits (kind 'audit', as the report's moderation rate counts them) with their cases, each
 * marked covered when it is moderated already or a moderation request for it was queued (the Inadequate ones at
 * return), so the dip sample counts it and does not ask again.
 */
export async function sampleCandidates(db: Queryable, month: string): Promise<SampleCandidateRow[]> {
  const rows = await db.query(
    `SELECT a.id AS "allocationId", a.case_ref AS "caseRef", a.month, a.auditor_id AS "auditorId", r.grade,
       c.service_area AS "serviceArea", c.team, c.allocated_worker_id AS "allocatedWorkerId", c.team_manager_id AS "teamManagerId",
       c.cohort, c.open,
       (m.allocation_id IS NOT NULL OR EXISTS (
         SELECT 1 FROM outbox o WHERE o.kind = 'moderation-request' AND o.payload->>'allocationId' = a.id::text)) AS covered
     FROM allocations a JOIN responses r ON r.allocation_id = a.id JOIN cases c ON c.case_ref = a.case_ref
     LEFT JOIN moderations m ON m.allocation_id = a.id
     WHERE a.month = $1 AND a.kind = 'audit' AND a.status IN ('returned', 'overseen') ORDER BY a.id`,
    [month],
  );
  return rows.map((r) => SampleCandidateRow.parse(r));
}

const RequestRow = z.object({ moderatorId: z.string(), payload: OUTBOX_PAYLOADS['moderation-request'] });
export type SampledRequest = z.infer<typeof RequestRow>;

/** The month's dip-sample requests whose audit is not yet moderated: what the late chase goes through. */
export async function unmoderatedSampleRequests(db: Queryable, month: string): Promise<SampledRequest[]> {
  const rows = await db.query(
    `SELECT o.recipient_id AS "moderatorId", o.payload FROM outbox o
     WHERE o.kind = 'moderation-request' AND o.recipient_id IS NOT NULL AND o.payload->>'month' = $1
       AND o.payload->>'sample' = 'true' AND o.payload->>'chase' IS DISTINCT FROM 'true'
       AND NOT EXISTS (SELECT 1 FROM moderations m WHERE m.allocation_id::text = o.payload->>'allocationId')
     ORDER BY o.id`,
    [month],
  );
  return rows.map((r) => RequestRow.parse(r));
}

export async function isModerated(db: Queryable, allocationId: number): Promise<boolean> {
  return (await db.query('SELECT 1 FROM moderations WHERE allocation_id = $1', [allocationId])).length > 0;
}

/** The trail of how a month's sample was drawn (seed, the least it could be, what was sent), so QA can show it. */
export async function logSample(tx: Queryable, actor: string, month: string, detail: Record<string, unknown>): Promise<void> {
  await logChange(tx, actor, 'moderation.sample', 'cycle', month, detail);
}
