import { aCase, person } from '../support/fixtures';
import { AuditError } from '../../audit/errors';
import {
  applyExemptionDecision,
  exemptionReasonText,
  ExemptionMoveRefused,
  reallocationDueDate,
  stageOf,
  type ExemptionDecision,
  type ExemptionMove,
  type ExemptionStatus,
} from '../../audit/exemption-request';
import { chooseReallocationAuditor } from '../../audit/reallocation';

const lmAgrees: ExemptionDecision = { stage: 'line-manager', decision: 'agree' };
const pswAgrees: ExemptionDecision = { stage: 'psw', decision: 'agree' };

function refusedMove(status: ExemptionStatus, d: ExemptionDecision, psw = true): ExemptionMove {
  try {
    applyExemptionDecision(status, d, psw);
  } catch (e) {
    expect(e).toBeInstanceOf(AuditError);
    expect((e as AuditError).code).toBe('INVALID_TRANSITION');
    if (e instanceof ExemptionMoveRefused) return e.move;
  }
  throw new Error('the move was not refused');
}

describe('an exemption request (004 §2.18)', () => {
  it('is discussed with the line manager first, then agreed with the PSW where the profile asks for it', () => {
    expect(stageOf('awaiting-line-manager')).toBe('line-manager');
    expect(applyExemptionDecision('awaiting-line-manager', lmAgrees, true)).toBe('awaiting-psw');
    expect(stageOf('awaiting-psw')).toBe('psw');
    expect(applyExemptionDecision('awaiting-psw', pswAgrees, true)).toBe('agreed');
    expect(stageOf('agreed')).toBeNull();
  });

  it("is agreed by the line manager alone where the profile needs no PSW agreement", () => {
    expect(applyExemptionDecision('awaiting-line-manager', lmAgrees, false)).toBe('agreed');
  });

  it('may be refused at either stage, with a note the auditor reads', () => {
    expect(applyExemptionDecision('awaiting-line-manager', { stage: 'line-manager', decision: 'refuse', note: 'Cover is arranged.' }, true)).toBe('refused');
    expect(applyExemptionDecision('awaiting-psw', { stage: 'psw', decision: 'refuse', note: 'Needed for the sample.' }, true)).toBe('refused');
    expect(refusedMove('awaiting-line-manager', { stage: 'line-manager', decision: 'refuse', note: '  ' })).toBe('REFUSAL_WITHOUT_NOTE');
  });

  it('cannot be decided by the PSW before the line manager has decided', () => {
    expect(refusedMove('awaiting-line-manager', pswAgrees)).toBe('PSW_BEFORE_LINE_MANAGER');
  });

  it('is not decided again by the line manager once it is with the PSW', () => {
    expect(refusedMove('awaiting-psw', lmAgrees)).toBe('LINE_MANAGER_ALREADY_DECIDED');
  });

  it.each(['agreed', 'refused'] as const)('cannot be decided again once %s', (status) => {
    expect(refusedMove(status, lmAgrees)).toBe('EXEMPTION_ALREADY_DECIDED');
    expect(refusedMove(status, pswAgrees, false)).toBe('EXEMPTION_ALREADY_DECIDED');
  });

  it('keeps the category and the reason on the exempted allocation', () => {
    expect(exemptionReasonText('leave', '  Three weeks of annual leave ')).toBe('leave: Three weeks of annual leave');
  });
});

describe('a reallocated audit', () => {
  // Tue 10 Nov 2026 + 10 working days = Tue 24 Nov 2026 (no bank holidays in between).
  it('keeps the original due date when that leaves enough working days', () => {
    expect(reallocationDueDate('2026-11-27', '2026-11-10', 10)).toBe('2026-11-27');
  });

  it('is due the allowance of working days after the reallocation when the original date is sooner', () => {
    expect(reallocationDueDate('2026-11-20', '2026-11-10', 10)).toBe('2026-11-24');
    // Christmas: Fri 18 Dec + 5 working days is 21–24 Dec, then (25 and 28 Dec being bank holidays) Tue 29 Dec.
    expect(reallocationDueDate('2026-12-18', '2026-12-18', 5)).toBe('2026-12-29');
  });

  it('goes to an auditor with no conflict of interest, never the one exempted, the least loaded first', () => {
    const c = aCase('CD491100', 'Jigsaw', 'Jigsaw Team 1', 'sw-1-1', 'tm-1-1');
    const people = [
      person('tm-0-1', 'CRS Team 1', 'CRS', ['auditor']),
      person('tm-1-1', 'Jigsaw Team 1', 'Jigsaw', ['team-manager', 'auditor']),
      person('tm-1-2', 'Jigsaw Team 2', 'Jigsaw', ['auditor']),
      person('tm-2-1', 'ICAS Team 1', 'ICAS', ['auditor']),
      person('sw-2-1', 'ICAS Team 1', 'ICAS', ['social-worker']),
    ];
    const pick = (load: Record<string, number>) => chooseReallocationAuditor(c, people, 'tm-0-1', new Map(Object.entries(load)));
    // Same load: the case's own service area is preferred.
    expect(pick({})).toMatchObject({ ok: true, auditor: { id: 'tm-1-2' } });
    expect(pick({ 'tm-1-2': 2, 'tm-2-1': 1 })).toMatchObject({ ok: true, auditor: { id: 'tm-2-1' } });
  });

  it('says why when no other auditor may take the case', () => {
    const c = aCase('CD491100', 'Jigsaw', 'Jigsaw Team 1', 'sw-1-1', 'tm-1-1');
    const people = [person('tm-0-1', 'CRS Team 1', 'CRS', ['auditor']), person('tm-1-1', 'Jigsaw Team 1', 'Jigsaw', ['auditor'])];
    expect(chooseReallocationAuditor(c, people, 'tm-0-1', new Map())).toEqual({
      ok: false,
      conflicts: ["the auditor's team (Jigsaw Team 1) holds the case"],
    });
  });
});
