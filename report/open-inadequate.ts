import { inadequateStanding, STANDINGS, type Standing } from '../audit/inadequate-update';
import type { InadequateStandingRow } from '../store/inadequate-paths-repo';

/**
 * The Inadequate cases still open at the end of the period and where each stands on 003's path (QA's moderation,
 * the 3-day update, the 1-week follow-up, the re-audit after a month). Case references only, never names.
 */
export interface OpenInadequateCase {
  caseRef: string;
  /** The month of the audit that graded it Inadequate. */
  month: string;
  serviceArea: string;
  standing: Standing;
}

export interface OpenInadequate {
  cases: OpenInadequateCase[];
  /** How many stand at each step, in the path's order. */
  byStanding: { standing: Standing; count: number }[];
}

export function openInadequate(rows: readonly InadequateStandingRow[]): OpenInadequate {
  const cases = rows.map((r) => ({ caseRef: r.caseRef, month: r.month, serviceArea: r.serviceArea, standing: inadequateStanding(r) }));
  return { cases, byStanding: STANDINGS.map((standing) => ({ standing, count: cases.filter((c) => c.standing === standing).length })) };
}

/** Table rows the markdown and docx renderers share: case, audit month, service area, where it stands. */
export function openInadequateRows(o: OpenInadequate): [string, string, string, string][] {
  return o.cases.map((c) => [c.caseRef, c.month, c.serviceArea, c.standing]);
}
