import type { Case } from './cases';
import { conflictOfInterest } from './conflict-of-interest';
import { hasRole, type Person } from './people';

export type ReallocationChoice = { ok: true; auditor: Person } | { ok: false; conflicts: string[] };

/**
 * Who takes an exempted case (004 §2.1 rules, as in the monthly draw in allocation.ts): an auditor with no conflict
 * of interest, never the exempted one, the least loaded this month, preferring the case's own service area. Ties are
 * broken by id so the choice is reproducible without a seed.
 */
export function chooseReallocationAuditor(
  c: Case,
  people: readonly Person[],
  exemptedAuditorId: string,
  monthLoad: ReadonlyMap<string, number>,
): ReallocationChoice {
  const others = people.filter((p) => hasRole(p, 'auditor') && p.id !== exemptedAuditorId);
  const eligible = others.filter((a) => conflictOfInterest(a, c) === null);
  if (eligible.length === 0) {
    const conflicts = [...new Set(others.map((a) => conflictOfInterest(a, c) ?? ''))].filter((s) => s !== '');
    return { ok: false, conflicts: others.length === 0 ? ['no other auditor is on record'] : conflicts };
  }
  const load = (p: Person): number => monthLoad.get(p.id) ?? 0;
  const min = Math.min(...eligible.map(load));
  const lightest = eligible.filter((a) => load(a) === min);
  const sameArea = lightest.filter((a) => a.serviceArea === c.serviceArea);
  const pool = (sameArea.length > 0 ? sameArea : lightest).sort((a, b) => a.id.localeCompare(b.id));
  return { ok: true, auditor: pool[0] as Person };
}
