import { z } from 'zod';
import { AllocationStatusSchema } from '../audit/allocation-lifecycle';
import { AuditKindSchema } from '../audit/audit-kinds';
import { ContactAnswerSchema } from '../audit/audit-response';
import { GradeSchema } from '../audit/grades';
import { isGraded, themeFor, type ProgrammeProfile } from '../audit/programme-profile';
import type { Queryable } from '../store/db';
import { previousPeriod, type ReportPeriod } from './report-period';

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
});
export type ReportRow = z.infer<typeof ReportRowSchema>;

export interface ReportData {
  programmeId: string;
  graded: boolean;
  /** The profile's areas, in its order; areas found only in data follow alphabetically. */
  serviceAreas: readonly string[];
  /** Theme per month: the one stored with the cycle, else the profile's. */
  themes: Readonly<Record<string, string | null>>;
  rows: readonly ReportRow[];
}

const ROWS_SQL = `SELECT a.id, a.month, a.case_ref AS "caseRef", a.kind, a.status, c.service_area AS "serviceArea", c.team,
    a.auditor_id AS "auditorId", a.reaudit_of AS "reauditOf", (r.id IS NOT NULL) AS responded, r.grade,
    r.discussion_held AS "discussionHeld", r.contact, r.good_practice AS "goodPractice", r.improvement,
    (m.id IS NOT NULL) AS moderated, m.moderated_grade AS "moderatedGrade",
    COALESCE(pm.moderated_grade, pr.grade) AS "reauditOfGrade"
  FROM allocations a
  JOIN cases c ON c.case_ref = a.case_ref
  LEFT JOIN responses r ON r.allocation_id = a.id
  LEFT JOIN moderations m ON m.allocation_id = a.id
  LEFT JOIN responses pr ON pr.allocation_id = a.reaudit_of
  LEFT JOIN moderations pm ON pm.allocation_id = a.reaudit_of
  WHERE a.month = ANY($1)
  ORDER BY a.month, a.id`;

/** Reads the months given (for a report: the period and the one before it) in one query. */
export async function loadReportData(db: Queryable, profile: ProgrammeProfile, months: readonly string[]): Promise<ReportData> {
  const rows = (await db.query(ROWS_SQL, [[...months]])).map((r) => ReportRowSchema.parse(r));
  const cycles = await db.query<{ month: string; theme: string | null }>('SELECT month, theme FROM cycles WHERE month = ANY($1)', [[...months]]);
  const themes: Record<string, string | null> = {};
  for (const m of months) themes[m] = cycles.find((c) => c.month === m)?.theme ?? themeFor(profile, m);
  return { programmeId: profile.id, graded: isGraded(profile), serviceAreas: profile.serviceAreas, themes, rows };
}

/** The months a report of `period` needs: its own and the previous period's, for the change figures. */
export function monthsForReport(period: ReportPeriod): string[] {
  return [...previousPeriod(period).months, ...period.months];
}
