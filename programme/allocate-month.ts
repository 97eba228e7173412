import { planAllocation, reauditsDue, reauditSourceMonth, type AllocationPlan } from '../audit/allocation';
import { exclusionWindow } from '../audit/draw-rules';
import { AuditError } from '../audit/errors';
import { finalGrade } from '../audit/moderation';
import { themeFor, type ProgrammeProfile } from '../audit/programme-profile';
import { countAllocations, ensureCycle, insertAllocation, listAllocationDetails } from '../store/allocations-repo';
import { listCases } from '../store/cases-repo';
import type { Db, Queryable } from '../store/db';
import { listLatestAuditedMonths } from '../store/draw-history-repo';
import { listPeople } from '../store/people-repo';

export interface AllocateOptions {
  month: string;
  perArea?: number;
  seed: number;
  actor: string;
  dryRun?: boolean;
  /** Written in the same transaction as the allocations: the outbox rows that tell each auditor. */
  afterInsert?: (tx: Queryable, plan: AllocationPlan, ids: number[]) => Promise<void>;
}

/**
 * Draws the month's allocation (003: "Cases for the monthly audit will be selected by Quality Assurance Unit, using
 * the Ofsted Annex A case list") and writes it in one transaction, re-audits of last month's Inadequate cases included.
 * Cases audited within the profile's exclusion window are read first, so the draw can leave them out.
 */
export async function allocateMonth(db: Db, profile: ProgrammeProfile, opts: AllocateOptions): Promise<AllocationPlan & { ids: number[] }> {
  const [people, cases] = await Promise.all([listPeople(db), listCases(db)]);
  const previous = await listAllocationDetails(db, { month: reauditSourceMonth(profile, opts.month) });
  const reaudits = reauditsDue(
    previous.map((a) => ({ allocationId: a.id, caseRef: a.caseRef, auditorId: a.auditorId, kind: a.kind, finalGrade: finalGrade(a.grade, a.moderatedGrade) })),
  );
  const window = exclusionWindow(opts.month, profile.excludeAuditedWithinMonths);
  const history = window === null ? [] : await listLatestAuditedMonths(db, window);
  const plan = planAllocation({
    month: opts.month, profile, cases, people, seed: opts.seed, reaudits, history,
    ...(opts.perArea === undefined ? {} : { perArea: opts.perArea }),
  });
  if (opts.dryRun === true) return { ...plan, ids: [] };
  const ids = await db.transaction(async (tx) => {
    const existing = (await countAllocations(tx, opts.month, 'audit')) + (await countAllocations(tx, opts.month, 're-audit'));
    if (existing > 0) {
      throw new AuditError('MONTH_ALREADY_ALLOCATED', `${opts.month} already has ${existing} allocation(s); nothing was changed.`);
    }
    await ensureCycle(tx, opts.month, profile.id, themeFor(profile, opts.month), opts.seed);
    const out: number[] = [];
    for (const a of plan.allocations) out.push(await insertAllocation(tx, opts.month, a, opts.actor));
    await opts.afterInsert?.(tx, plan, out);
    return out;
  });
  return { ...plan, ids };
}
