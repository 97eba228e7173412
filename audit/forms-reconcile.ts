import { caseRefDigits } from './case-ref';
import type { AllocationStatus } from './allocation-lifecycle';

export interface CandidateAllocation {
  id: number;
  caseRef: string;
  month: string;
  status: AllocationStatus;
  /** The Forms response id already recorded against it, if any. */
  responseSourceRef: string | null;
}

export type Reconciliation =
  | { kind: 'matched'; allocationId: number }
  | { kind: 'already-recorded'; allocationId: number }
  | { kind: 'unmatched'; reason: string };

/**
 * Matches a response to one of the responder's own allocations. A case reference typed without its prefix
 * ("490004" for "CD490004") still matches when only one of the responder's cases ends in those digits; anything
 * unclear is left for QA with the reason rather than guessed.
 */
export function reconcileFormsResponse(
  r: { responseId: string; caseRef: string | null; caseRefGiven: string },
  responderKnown: boolean,
  candidates: readonly CandidateAllocation[],
): Reconciliation {
  if (!responderKnown) return { kind: 'unmatched', reason: 'the responder e-mail is not a known person' };
  if (r.caseRef === null) return { kind: 'unmatched', reason: `'${r.caseRefGiven}' is not a case reference` };
  const ref = r.caseRef;
  let matches = candidates.filter((c) => c.caseRef === ref);
  if (matches.length === 0 && /^\d+$/.test(ref)) matches = candidates.filter((c) => caseRefDigits(c.caseRef) === ref);
  const recorded = matches.find((c) => c.responseSourceRef === r.responseId);
  if (recorded !== undefined) return { kind: 'already-recorded', allocationId: recorded.id };
  if (matches.length === 0) return { kind: 'unmatched', reason: `no allocation of ${ref} to this responder` };
  const open = matches.filter((c) => c.status === 'allocated');
  if (open.length === 1) return { kind: 'matched', allocationId: (open[0] as CandidateAllocation).id };
  if (open.length > 1) {
    return { kind: 'unmatched', reason: `ambiguous: ${open.length} open allocations of ${ref} to this responder (${open.map((c) => `${c.month} #${c.id}`).join(', ')})` };
  }
  return { kind: 'unmatched', reason: `${ref} was already returned (${matches.map((c) => `${c.month} ${c.status}`).join(', ')})` };
}
