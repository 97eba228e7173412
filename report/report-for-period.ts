import type { ProgrammeProfile } from '../audit/programme-profile';
import type { Queryable } from '../store/db';
import { buildReport, type Report } from './build-report';
import { loadReportData, monthsForReport, type ReportRow } from './load-report-data';
import { parsePeriod } from './report-period';

/** Reads what a period's report needs from the store and builds it: the CLI's and the bot's entry point. */
export async function reportForPeriod(db: Queryable, profile: ProgrammeProfile, period: string): Promise<Report> {
  return (await reportWithAuditsForPeriod(db, profile, period)).report;
}

export interface ReportWithAudits {
  report: Report;
  /** The period's allocations (every kind), the rows the report was counted from: the workbook lists them. */
  audits: readonly ReportRow[];
}

/** The report and the rows it was built from, read once, so the document and workbook agree with the JSON. */
export async function reportWithAuditsForPeriod(db: Queryable, profile: ProgrammeProfile, period: string): Promise<ReportWithAudits> {
  const p = parsePeriod(period);
  const data = await loadReportData(db, profile, monthsForReport(p));
  return { report: buildReport(p, data), audits: data.rows.filter((r) => p.months.includes(r.month)) };
}
