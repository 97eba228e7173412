import { effectiveDueDate, isOverdue, workingDaysLate } from '../audit/allocation-lifecycle';
import { hasRole, type Person } from '../audit/people';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import { buildReport } from '../report/build-report';
import { loadReportData } from '../report/load-report-data';
import { addMonths, monthsEndingWith } from '../report/report-period';
import { listAllocationDetails } from '../store/allocations-repo';
import type { Queryable } from '../store/db';

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
    items: { allocationId: number; caseRef: string; serviceArea: string; team: string; auditorId: string; dueDate: string; workingDaysLate: number }[];
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
  opts: { month: string; today: IsoDate; viewer: Person | null; mode: 'local' | 'teams' },
): Promise<DashboardData> {
  const months = monthsEndingWith(opts.month, 12);
  const data = await loadReportData(db, profile, [addMonths(opts.month, -12), ...months]);
  const reports = months.map((m) => buildReport(m, data));
  const current = reports[reports.length - 1] as (typeof reports)[number];
  const scope = overdueScopeOf(opts.viewer);
  const team = scope === 'team' ? (opts.viewer?.team ?? null) : null;
  const open = scope === 'none' ? [] : await listAllocationDetails(db, { status: 'allocated' });
  const items = open
    .filter((a) => isOverdue(a, opts.today) && (team === null || a.team === team))
    .map((a) => ({ allocationId: a.id, caseRef: a.caseRef, serviceArea: a.serviceArea, team: a.team, auditorId: a.auditorId, dueDate: effectiveDueDate(a), workingDaysLate: workingDaysLate(a, opts.today) }))
    .sort((x, y) => y.workingDaysLate - x.workingDaysLate || x.caseRef.localeCompare(y.caseRef));
  return {
    month: opts.month,
    mode: opts.mode,
    viewer: opts.viewer === null ? null : { name: opts.viewer.name, team: opts.viewer.team, roles: [...opts.viewer.roles] },
    graded: current.graded,
    trend: reports.map((r) => ({ month: r.period, allocated: r.allocated, completed: r.completed, completionRate: r.completionRate, grades: r.grades })),
    gradesByServiceArea: current.byServiceArea,
    moderation: { moderated: current.moderation.moderated, changed: current.moderation.changed, changeRate: current.moderation.changeRate },
    overdue: { scope, team, items },
  };
}
