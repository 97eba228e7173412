import { chasedMonths } from '../audit/chase-window';
import { hasRole, type Person } from '../audit/people';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { workingDaysBetween, type IsoDate } from '../audit/working-days';
import { buildReport } from '../report/build-report';
import { loadReportData } from '../report/load-report-data';
import { monthsEndingWith } from '../report/report-period';
import type { Grade } from '../audit/grades';
import { countOverdueBefore, listOverduePage, monthlyTrend } from '../store/dashboard-repo';
import type { Queryable } from '../store/db';

/** Overdue audits per page of the dashboard's list. */
export const OVERDUE_PAGE_SIZE = 50;

export type OverdueScope = 'all' | 'team' | 'none';

export interface DashboardData {
  month: string;
  mode: 'local' | 'teams';
  viewer: { name: string; team: string; roles: string[] } | null;
  graded: boolean;
  trend: { month: string; allocated: number; completed: number; completionRate: number | null; grades: Record<string, number> }[];
  gradesByServiceArea: { serviceArea: string; allocated: number; completed: number; completionRate: number | null; grades: Record<string, number> }[];
  moderation: { moderated: number; changed: number; changeRate: number | null };
  overdue: {
    scope: OverdueScope;
    team: string | null;
    /** The months whose late audits are listed: the month viewed and those the escalation ladder still chases. */
    months: string[];
    /** Most days late first; one page of `total`. */
    items: { allocationId: number; caseRef: string; serviceArea: string; team: string; auditorId: string; dueDate: string; workingDaysLate: number }[];
    total: number;
    page: number;
    pageSize: number;
    /** Open audits past their due date from earlier months: counted, not listed (`audit-loop status` lists them). */
    older: number;
  };
}

/** QA, admins and ADs see every overdue audit; a team manager their own team's; anyone else the figures only. */
export function overdueScopeOf(viewer: Person | null): OverdueScope {
  if (viewer === null) return 'all'; // local anonymous mode: the operator's own machine
  if (hasRole(viewer, 'qa') || hasRole(viewer, 'admin') || hasRole(viewer, 'assistant-director')) return 'all';
  return hasRole(viewer, 'team-manager') ? 'team' : 'none';
}

/** The dashboard's figures: twelve months of completion and grades, this month's areas and moderation, overdue. */
export async function dashboardData(
  db: Queryable,
  profile: ProgrammeProfile,
  opts: { month: string; today: IsoDate; viewer: Person | null; mode: 'local' | 'teams'; overduePage?: number },
): Promise<DashboardData> {
  const months = monthsEndingWith(opts.month, 12);
  // The trend is counted in SQL; only the month viewed is read row by row (its areas and moderation), so the cost
  // follows the month, not the history.
  const [trendRows, data] = await Promise.all([monthlyTrend(db, months), loadReportData(db, profile, [opts.month])]);
  const current = buildReport(opts.month, data);
  const byMonth = new Map(trendRows.map((t) => [t.month, t]));
  const trend = months.map((month) => {
    const t = byMonth.get(month);
    const allocated = t?.allocated ?? 0;
    const completed = t?.completed ?? 0;
    const grades: Record<Grade, number> = current.graded && t !== undefined
      ? { Outstanding: t.outstanding, Good: t.good, 'Requires Improvement': t.requiresImprovement, Inadequate: t.inadequate }
      : { Outstanding: 0, Good: 0, 'Requires Improvement': 0, Inadequate: 0 };
    return { month, allocated, completed, completionRate: allocated === 0 ? null : completed / allocated, grades };
  });
  const scope = overdueScopeOf(opts.viewer);
  const team = scope === 'team' ? (opts.viewer?.team ?? null) : null;
  const chased = chasedMonths(profile, opts.month);
  const page = opts.overduePage ?? 1;
  const filter = { today: opts.today, team };
  const [listed, older] = scope === 'none'
    ? [{ rows: [], total: 0 }, 0]
    : await Promise.all([
        listOverduePage(db, { ...filter, months: chased, limit: OVERDUE_PAGE_SIZE, offset: (page - 1) * OVERDUE_PAGE_SIZE }),
        countOverdueBefore(db, { ...filter, beforeMonth: chased[0] ?? opts.month }),
      ]);
  // Rows share due dates (a month's audits are due together): each distinct date is counted once per request.
  const lateBy = new Map<string, number>();
  const late = (due: string): number => lateBy.get(due) ?? lateBy.set(due, workingDaysBetween(due, opts.today)).get(due) ?? 0;
  const items = listed.rows.map((r) => ({ ...r, workingDaysLate: late(r.dueDate) }));
  return {
    month: opts.month,
    mode: opts.mode,
    viewer: opts.viewer === null ? null : { name: opts.viewer.name, team: opts.viewer.team, roles: [...opts.viewer.roles] },
    graded: current.graded,
    trend,
    gradesByServiceArea: current.byServiceArea,
    moderation: { moderated: current.moderation.moderated, changed: current.moderation.changed, changeRate: current.moderation.changeRate },
    overdue: { scope, team, months: chased, items, total: listed.total, page, pageSize: OVERDUE_PAGE_SIZE, older },
  };
}
