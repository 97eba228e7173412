/**
 * What a report reads: one row per allocation of the months asked for, with its response, moderation, Part B and (for
 * a re-audit) the grade of the audit it repeats, and the theme stored with each month's cycle.
 */
import { z } from 'zod';
import { AllocationStatusSchema } from '../audit/allocation-lifecycle';
import { AuditKindSchema } from '../audit/audit-kinds';
import { ContactAnswerSchema } from '../audit/audit-response';
import { GradeSchema } from '../audit/grades';
import type { Queryable } from './db';

/** Part B (004 §7): never asked for, asked for and still open, or completed. */
export const PartBStatusSchema = z.enum(['not-requested', 'outstanding', 'completed']);
export type PartBStatus = z.infer<typeof PartBStatusSchema>;

/** One allocation with its response, moderation and (for a re-audit) the audit it repeats: all a report reads. */
export const ReportRowSchema = z.object({
  id: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  kind: AuditKindSchema,
  status: AllocationStatusSchema,
  serviceArea: z.string(),
  team: z.string(),
  auditorId: z.string(),
  reauditOf: z.number().int().nullable(),
  responded: z.boolean(),
  grade: GradeSchema.nullable(),
  discussionHeld: z.boolean().nullable(),
  contact: ContactAnswerSchema.nullable(),
  goodPractice: z.string().nullable(),
  improvement: z.string().nullable(),
  moderated: z.boolean(),
  moderatedGrade: GradeSchema.nullable(),
  /** The grade the re-audited audit ended with (moderated where QA changed it). */
  reauditOfGrade: GradeSchema.nullable(),
  /** `YYYY-MM-DD`, with any extension; for the per-audit rows of the workbook. */
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  returnedAt: z.date().nullable(),
  partB: PartBStatusSchema,
  /** The service lead's oversight (003): agreed, disputed, or not recorded. */
  oversight: z.enum(['agree', 'dispute']).nullable(),
  /** The latest disagreement with the grade (004 §2.12–2.13): where it stands, how it ended. */
  disagreement: z.enum(['review', 'mediation', 'resolved']).nullable(),
  disagreementStage: z.enum(['review', 'mediation']).nullable(),
  disagreementOutcome: z.enum(['grade-kept', 'grade-changed']).nullable(),
  /** Exempted and reallocated to another auditor by QA (004 §2.18). */
  reallocated: z.boolean(),
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

const ROWS_SQL = `SELECT a.id, a.month, a.case_ref AS "caseRef", a.kind, a.status, c.service_area AS "serviceArea", c.team,
    a.auditor_id AS "auditorId", a.reaudit_of AS "reauditOf", (r.id IS NOT NULL) AS responded, r.grade,
    r.discussion_held AS "discussionHeld", r.contact, r.good_practice AS "goodPractice", r.improvement,
    (m.id IS NOT NULL) AS moderated, m.moderated_grade AS "moderatedGrade",
    COALESCE(pm.moderated_grade, pr.grade) AS "reauditOfGrade",
    to_char(COALESCE(a.extended_to, a.due_date), 'YYYY-MM-DD') AS "dueDate", a.returned_at AS "returnedAt",
    CASE WHEN pb.allocation_id IS NULL THEN 'not-requested' WHEN pb.completed_at IS NULL THEN 'outstanding' ELSE 'completed' END AS "partB",
    o.decision AS oversight, d.status AS disagreement, d.resolved_stage AS "disagreementStage", d.outcome AS "disagreementOutcome",
    EXISTS (SELECT 1 FROM exemption_requests er WHERE er.allocation_id = a.id AND er.follow_up = 'reallocated') AS reallocated
  FROM allocations a
  JOIN cases c ON c.case_ref = a.case_ref
  LEFT JOIN responses r ON r.allocation_id = a.id AND r.month = ANY($1)
  LEFT JOIN moderations m ON m.allocation_id = a.id AND m.month = ANY($1)
  LEFT JOIN responses pr ON pr.allocation_id = a.reaudit_of
  LEFT JOIN moderations pm ON pm.allocation_id = a.reaudit_of
  LEFT JOIN part_b pb ON pb.allocation_id = a.id
  LEFT JOIN oversights o ON o.allocation_id = a.id
  LEFT JOIN LATERAL (SELECT status, resolved_stage, outcome FROM disagreements WHERE allocation_id = a.id ORDER BY id DESC LIMIT 1) d ON true
  WHERE a.month = ANY($1)
  ORDER BY a.month, a.id`;

const CycleThemeSchema = z.object({ month: z.string(), theme: z.string().nullable() });

export async function listReportRows(db: Queryable, months: readonly string[]): Promise<ReportRow[]> {
  return (await db.query(ROWS_SQL, [[...months]])).map((r) => ReportRowSchema.parse(r));
}

/** The theme each month's cycle was stored with (months without a cycle are absent). */
export async function cycleThemes(db: Queryable, months: readonly string[]): Promise<Map<string, string | null>> {
  const rows = await db.query('SELECT month, theme FROM cycles WHERE month = ANY($1)', [[...months]]);
  return new Map(rows.map((r) => CycleThemeSchema.parse(r)).map((r) => [r.month, r.theme]));
}
