import type { ProgrammeProfile } from '../audit/programme-profile';
import type { Queryable } from '../store/db';
import { buildReport, type Report } from './build-report';
import { loadReportData, monthsForReport } from './load-report-data';
import { parsePeriod } from './report-period';

/** Reads what a period's report needs from the store and builds it: the CLI's and the bot's entry point. */
export async function reportForPeriod(db: Queryable, profile: ProgrammeProfile, period: string): Promise<Report> {
  const p = parsePeriod(period);
  return buildReport(p, await loadReportData(db, profile, monthsForReport(p)));
}
