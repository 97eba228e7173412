import { isGraded, themeFor, type ProgrammeProfile } from '../audit/programme-profile';
import type { Queryable } from '../store/db';
import { cycleThemes, listReportRows, type ReportRow } from '../store/report-repo';
import { previousPeriod, type ReportPeriod } from './report-period';
import { londonDateOf } from '../audit/london-time';
import type { IsoDate } from '../audit/working-days';
import { openInadequateCases, type InadequateStandingRow } from '../store/inadequate-paths-repo';
import { partBsForMonths, type PartBReportRow } from '../store/part-b-repo';
import { themeAnswersForMonths, type ThemeAnswerRow } from '../store/responses-repo';
import { activityCompliance } from '../store/activities-repo';
import type { ActivityComplianceRow } from './kind-compliance';

export { PartBStatusSchema, ReportRowSchema, type PartBStatus, type ReportRow } from '../store/report-repo';

export interface ReportData {
  programmeId: string;
  graded: boolean;
  /** Areas the profile pins, in its order (none when areas are learned); areas found in the data follow alphabetically. */
  serviceAreas: readonly string[];
  /** Theme per month: the one stored with the cycle, else the profile's. */
  themes: Readonly<Record<string, string | null>>;
  rows: readonly ReportRow[];
  /** Part B raised for the months' audits (004 §7), the day the figures are as of, and the open Inadequate cases (003). */
  partBs?: readonly PartBReportRow[];
  asOf?: IsoDate;
  openInadequate?: readonly InadequateStandingRow[];
  /** The returned audits' answers to their month's theme questions (audit/theme-questions.ts). */
  themeAnswers?: readonly ThemeAnswerRow[];
  /** The non-case activities (supervision observations) allocated and returned, per month and kind. */
  activities?: readonly ActivityComplianceRow[];
}

/** Reads the months given (for a report: the period and the one before it). */
export async function loadReportData(db: Queryable, profile: ProgrammeProfile, months: readonly string[]): Promise<ReportData> {
  const lastMonth = [...months].sort().at(-1) ?? '';
  const [rows, stored, partBs, openInadequate, themeAnswers, activities] = await Promise.all([
    listReportRows(db, months), cycleThemes(db, months), partBsForMonths(db, months), openInadequateCases(db, lastMonth),
    themeAnswersForMonths(db, months), activityCompliance(db, months),
  ]);
  const themes: Record<string, string | null> = {};
  for (const m of months) themes[m] = stored.get(m) ?? themeFor(profile, m);
  const asOf = londonDateOf(new Date(), profile.timeZone);
  return { programmeId: profile.id, graded: isGraded(profile), serviceAreas: profile.serviceAreas ?? [], themes, rows, partBs, asOf, openInadequate, themeAnswers, activities };
}

/** The months a report of `period` needs: its own and the previous period's, for the change figures. */
export function monthsForReport(period: ReportPeriod): string[] {
  return [...previousPeriod(period).months, ...period.months];
}
