import type { AllocationStatus } from '../../audit/allocation-lifecycle';
import { reconcileFormsResponse, type CandidateAllocation } from '../../audit/forms-reconcile';

function candidate(id: number, caseRef: string, over: Partial<CandidateAllocation> = {}): CandidateAllocation {
  return { id, caseRef, month: '2026-06', status: 'allocated' as AllocationStatus, responseSourceRef: null, ...over };
}

const response = (caseRef: string | null, caseRefGiven = caseRef ?? '') => ({ responseId: 'resp-1', caseRef, caseRefGiven });

describe("matching a Forms response to the responder's own allocations", () => {
  test("a response for one of the responder's open allocations matches it", () => {
    const candidates = [candidate(1, 'CD490004'), candidate(2, 'CD490010')];
    expect(reconcileFormsResponse(response('CD490010'), true, candidates)).toEqual({ kind: 'matched', allocationId: 2 });
  });

  test('a response from an e-mail that is not a known person is left for QA, not matched', () => {
    const result = reconcileFormsResponse(response('CD490004'), false, [candidate(1, 'CD490004')]);
    expect(result).toEqual({ kind: 'unmatched', reason: 'the responder e-mail is not a known person' });
  });

  test('what the auditor typed is quoted back when it is no case reference', () => {
    const result = reconcileFormsResponse(response(null, 'the Smith family'), true, [candidate(1, 'CD490004')]);
    expect(result).toEqual({ kind: 'unmatched', reason: "'the Smith family' is not a case reference" });
  });

  test('a case the responder was not allocated is unmatched: a response never lands on someone else\'s audit', () => {
    const result = reconcileFormsResponse(response('CD777777'), true, [candidate(1, 'CD490004')]);
    expect(result).toEqual({ kind: 'unmatched', reason: 'no allocation of CD777777 to this responder' });
  });

  test('a response already recorded against an allocation is recognised, so a re-import records nothing twice', () => {
    const candidates = [candidate(1, 'CD490004', { status: 'returned', responseSourceRef: 'resp-1' })];
    expect(reconcileFormsResponse(response('CD490004'), true, candidates)).toEqual({ kind: 'already-recorded', allocationId: 1 });
  });

  test('a second response for a case already returned from another response is left for QA, saying when it was returned', () => {
    const candidates = [candidate(1, 'CD490004', { month: '2026-05', status: 'returned', responseSourceRef: 'resp-0' })];
    expect(reconcileFormsResponse(response('CD490004'), true, candidates)).toEqual({ kind: 'unmatched', reason: 'CD490004 was already returned (2026-05 returned)' });
  });

  test('an open allocation wins over a closed one of the same case (a re-audit after an Inadequate grade)', () => {
    const candidates = [
      candidate(1, 'CD490004', { month: '2026-05', status: 'overseen', responseSourceRef: 'resp-0' }),
      candidate(7, 'CD490004', { month: '2026-06' }),
    ];
    expect(reconcileFormsResponse(response('CD490004'), true, candidates)).toEqual({ kind: 'matched', allocationId: 7 });
  });

  test('two open allocations of the same case are ambiguous: QA is told which, rather than one being guessed', () => {
    const candidates = [candidate(3, 'CD490004', { month: '2026-05' }), candidate(9, 'CD490004', { month: '2026-06' })];
    expect(reconcileFormsResponse(response('CD490004'), true, candidates)).toEqual({
      kind: 'unmatched',
      reason: 'ambiguous: 2 open allocations of CD490004 to this responder (2026-05 #3, 2026-06 #9)',
    });
  });

  test('a bare number matches the one allocation whose reference ends in those digits ("490004" for "CD490004")', () => {
    const candidates = [candidate(1, 'CD490004'), candidate(2, 'CD490010')];
    expect(reconcileFormsResponse(response('490004'), true, candidates)).toEqual({ kind: 'matched', allocationId: 1 });
  });

  test('a bare number shared by two prefixed references is ambiguous', () => {
    const candidates = [candidate(1, 'CD490004'), candidate(2, 'EH490004')];
    const result = reconcileFormsResponse(response('490004'), true, candidates);
    expect(result).toEqual({ kind: 'unmatched', reason: 'ambiguous: 2 open allocations of 490004 to this responder (2026-06 #1, 2026-06 #2)' });
  });

  test('a bare-number reference such as the City of London\'s (002 §2.5: "77870") matches exactly, before any prefix match', () => {
    const candidates = [candidate(1, '77870'), candidate(2, 'CD77870')];
    expect(reconcileFormsResponse(response('77870'), true, candidates)).toEqual({ kind: 'matched', allocationId: 1 });
  });

  test('digits match the whole of the number, not its ending', () => {
    expect(reconcileFormsResponse(response('0004'), true, [candidate(1, 'CD490004')])).toEqual({ kind: 'unmatched', reason: 'no allocation of 0004 to this responder' });
  });

  test('a prefixed reference is not stripped to match a different prefix', () => {
    expect(reconcileFormsResponse(response('EH490004'), true, [candidate(1, 'CD490004')])).toEqual({ kind: 'unmatched', reason: 'no allocation of EH490004 to this responder' });
  });
});
