import { isGraded, themeFor, type ProgrammeProfile } from '../audit/programme-profile';
import type { Queryable } from '../store/db';
import { cycleThemes, listReportRows, type ReportRow } from '../store/report-repo';
import { previousPeriod, type ReportPeriod } from './report-period';

export { PartBStatusSchema, ReportRowSchema, type PartBStatus, type ReportRow } from '../store/report-repo';

export interface ReportData {
  programmeId: string;
  graded: boolean;
  /** Areas the profile pins, in its order (none when areas are learned); areas found in the data follow alphabetically. */
  serviceAreas: readonly string[];
  /** Theme per month: the one stored with the cycle, else the profile's. */
  themes: Readonly<Record<string, string | null>>;
  rows: readonly ReportRow[];
}

/** Reads the months given (for a report: the period and the one before it). */
export async function loadReportData(db: Queryable, profile: ProgrammeProfile, months: readonly string[]): Promise<ReportData> {
  const [rows, stored] = await Promise.all([listReportRows(db, months), cycleThemes(db, months)]);
  const themes: Record<string, string | null> = {};
  for (const m of months) themes[m] = stored.get(m) ?? themeFor(profile, m);
  return { programmeId: profile.id, graded: isGraded(profile), serviceAreas: profile.serviceAreas ?? [], themes, rows };
}

/** The months a report of `period` needs: its own and the previous period's, for the change figures. */
export function monthsForReport(period: ReportPeriod): string[] {
  return [...previousPeriod(period).months, ...period.months];
}
