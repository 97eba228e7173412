import type { AuditKind } from './audit-kinds';
import type { Case } from './cases';
import { conflictOfInterest } from './conflict-of-interest';
import { recentlyAudited, type AuditedCase, type DrawSkip } from './draw-rules';
import { AuditError } from './errors';
import type { Grade } from './grades';
import { hasRole, type Person } from './people';
import { orderServiceAreas, themeCohortsFor, type ProgrammeProfile } from './programme-profile';
import { seededRandom, shuffled, type SeededRandom } from './seeded-random';
import { addMonths, dayOfMonthInMonth, previousWorkingDayOnOrBefore, type IsoDate } from './working-days';

export interface ReauditDue {
  caseRef: string;
  previousAuditorId: string;
  sourceAllocationId: number;
}

export interface AllocationRequest {
  month: string;
  profile: ProgrammeProfile;
  cases: readonly Case[];
  people: readonly Person[];
  /** Cases per service area; by default enough for at least one audit per auditor (003: "a minimum of one audit"). */
  perArea?: number;
  seed: number;
  reaudits: readonly ReauditDue[];
  /** Each case's latest audited month (at least those in the profile's exclusion window); none by default. */
  history?: readonly AuditedCase[];
}

export interface PlannedAllocation {
  caseRef: string;
  serviceArea: string;
  auditorId: string;
  kind: Extract<AuditKind, 'audit' | 're-audit'>;
  dueDate: IsoDate;
  reauditOf: number | null;
}

export interface AllocationPlan {
  month: string;
  seed: number;
  allocations: PlannedAllocation[];
  /** Service areas with fewer open cases than asked for, said plainly rather than silently short. */
  shortfalls: string[];
  /** Every case in the list not drawn, with why: what `allocate --dry-run` explains. */
  skipped: DrawSkip[];
}

/** The month's due date: the profile's due day, brought back to a working day. */
export function dueDateFor(profile: ProgrammeProfile, month: string): IsoDate {
  return previousWorkingDayOnOrBefore(dayOfMonthInMonth(month, profile.dueDay));
}

/** The month whose Inadequate audits are re-audited in `month` (003: "re-audited after a month"). */
export function reauditSourceMonth(profile: ProgrammeProfile, month: string): string {
  return addMonths(month, -profile.inadequate.reauditAfterMonths);
}

/** Which audits of the source month need a re-audit: those whose final grade (after moderation) is Inadequate. */
export function reauditsDue(
  previous: readonly { allocationId: number; caseRef: string; auditorId: string; kind: AuditKind; finalGrade: Grade | null }[],
): ReauditDue[] {
  return previous
    .filter((a) => a.finalGrade === 'Inadequate' && (a.kind === 'audit' || a.kind === 're-audit'))
    .map((a) => ({ caseRef: a.caseRef, previousAuditorId: a.auditorId, sourceAllocationId: a.allocationId }));
}

/**
 * Random, reproducible selection of open cases per service area (the areas the cases are in), each given to the
 * least-loaded auditor with no conflict of interest; ties go to an auditor from the case's own service area, then
 * by the seeded draw. Cases audited within the profile's exclusion window are left out, a themed month's cohorts are
 * drawn first, and a drawn case no auditor may take is passed over for the next (draw-rules.ts).
 */
export function planAllocation(req: AllocationRequest): AllocationPlan {
  const random = seededRandom(req.seed);
  const auditors = req.people.filter((p) => hasRole(p, 'auditor'));
  if (auditors.length === 0) throw new AuditError('ALLOCATION_IMPOSSIBLE', 'No one holds the auditor role: import people with roles including "auditor".');
  // The areas are the cases' own (a pinned list adds its areas with no cases, so their shortfall is said).
  const areas = orderServiceAreas(req.profile, req.cases.map((c) => c.serviceArea));
  const areasWithCases = areas.filter((area) => req.cases.some((c) => c.open && c.serviceArea === area));
  const perArea = req.perArea ?? Math.ceil(auditors.length / Math.max(1, areasWithCases.length));
  const dueDate = dueDateFor(req.profile, req.month);
  const casesByRef = new Map(req.cases.map((c) => [c.caseRef, c]));
  const load = new Map(auditors.map((a) => [a.id, 0]));
  const allocations: PlannedAllocation[] = [];
  const impossible: string[] = [];
  const skipped: DrawSkip[] = [];
  const noAuditor = (c: Case): string => `${c.caseRef} (${c.team}): every auditor has a conflict of interest`;

  /** Allocates the case and returns null, or returns the auditors' conflicts when every one has one. */
  const assign = (c: Case, kind: PlannedAllocation['kind'], reauditOf: number | null, preferred?: string): string[] | null => {
    const eligible = auditors.filter((a) => conflictOfInterest(a, c) === null);
    if (eligible.length === 0) return [...new Set(auditors.map((a) => conflictOfInterest(a, c) ?? ''))];
    const keep = preferred === undefined ? undefined : eligible.find((a) => a.id === preferred);
    const auditor = keep ?? leastLoaded(eligible, c, load, random);
    load.set(auditor.id, (load.get(auditor.id) ?? 0) + 1);
    allocations.push({ caseRef: c.caseRef, serviceArea: c.serviceArea, auditorId: auditor.id, kind, dueDate, reauditOf });
    return null;
  };

  // Re-audits first: continuity with the auditor who found the case Inadequate, where that is still allowed.
  const reaudited = new Set<string>();
  for (const r of req.reaudits) {
    const c = casesByRef.get(r.caseRef);
    if (c === undefined || reaudited.has(r.caseRef)) continue;
    reaudited.add(r.caseRef);
    // A re-audit is owed, not drawn: no other case can take its place, and the exclusion window does not apply.
    if (assign(c, 're-audit', r.sourceAllocationId, r.previousAuditorId) !== null) impossible.push(noAuditor(c));
  }

  const windowMonths = req.profile.excludeAuditedWithinMonths;
  const recent = recentlyAudited(req.month, windowMonths, req.history ?? []);
  const cohorts = themeCohortsFor(req.profile, req.month);
  const shortfalls: string[] = [];
  for (const area of areas) {
    const inArea = req.cases.filter((c) => c.serviceArea === area && !reaudited.has(c.caseRef));
    const candidates: Case[] = [];
    for (const c of inArea) {
      const auditedIn = recent.get(c.caseRef);
      if (!c.open) skipped.push({ caseRef: c.caseRef, serviceArea: area, reason: 'closed' });
      else if (auditedIn !== undefined) skipped.push({ caseRef: c.caseRef, serviceArea: area, reason: 'recently-audited', auditedIn, windowMonths });
      else candidates.push(c);
    }
    // One shuffle of the area's candidates when the theme names no cohorts: the same seed still draws what it drew.
    const order = cohorts === null
      ? shuffled(candidates, random)
      : [...shuffled(candidates.filter((c) => cohorts.includes(c.cohort)), random), ...shuffled(candidates.filter((c) => !cohorts.includes(c.cohort)), random)];
    let drawn = 0;
    const passedOver: Case[] = [];
    for (const c of order) {
      if (drawn >= perArea) {
        skipped.push(cohorts !== null && !cohorts.includes(c.cohort)
          ? { caseRef: c.caseRef, serviceArea: area, reason: 'outside-cohorts', cohort: c.cohort, cohorts }
          : { caseRef: c.caseRef, serviceArea: area, reason: 'sample-full', sampleSize: perArea });
        continue;
      }
      const conflicts = assign(c, 'audit', null);
      if (conflicts === null) drawn += 1;
      else {
        passedOver.push(c);
        skipped.push({ caseRef: c.caseRef, serviceArea: area, reason: 'conflict-of-interest', conflicts });
      }
    }
    if (drawn < perArea) {
      const excluded = inArea.filter((c) => c.open).length - candidates.length;
      shortfalls.push(excluded === 0
        ? `${area}: ${candidates.length} open case(s), ${perArea} asked for`
        : `${area}: ${candidates.length} open case(s) not audited within ${windowMonths} months, ${perArea} asked for`);
      // "Wherever possible" (004 §2.1): a case no one may audit is passed over, but not to leave the area short.
      for (const c of passedOver) impossible.push(noAuditor(c));
    }
  }
  if (impossible.length > 0) {
    throw new AuditError('ALLOCATION_IMPOSSIBLE', `Cannot allocate ${impossible.length} case(s) without a conflict of interest`, impossible);
  }
  return { month: req.month, seed: req.seed, allocations, shortfalls, skipped };
}

function leastLoaded(eligible: readonly Person[], c: Case, load: Map<string, number>, random: SeededRandom): Person {
  const min = Math.min(...eligible.map((a) => load.get(a.id) ?? 0));
  const lightest = eligible.filter((a) => (load.get(a.id) ?? 0) === min);
  const sameArea = lightest.filter((a) => a.serviceArea === c.serviceArea);
  const pool = sameArea.length > 0 ? sameArea : lightest;
  return pool[random.below(pool.length)] as Person;
}
