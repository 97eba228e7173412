import {
  assertMayMoveToMediation,
  assertMayRaise,
  checkOutcome,
  currentGradeOf,
  DisagreementError,
  effectiveMediator,
  isDueForMediation,
  mediationDate,
  outcomeMessages,
  raisedAsFor,
  requestMessages,
  reviewParties,
} from '../../audit/disagreement';
import { AuditError } from '../../audit/errors';
import { parseOutboxMessage } from '../../audit/outbox-messages';
import { ProgrammeProfileSchema, type ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';

// 004 §2.12–2.13: disagreement with a grade → review session → (mediation) → resolved.

const graded = loadProfile('hillingdon-managers-monthly');
const ungraded = loadProfile('city-of-london-external-2019');
const withDisagreement = (p: ProgrammeProfile, d: { reviewWorkingDays: number; mediator: 'assistant-director' | 'qa' }): ProgrammeProfile =>
  ProgrammeProfileSchema.parse({ ...p, disagreement: d });

function problemOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DisagreementError) {
      expect(e).toBeInstanceOf(AuditError);
      expect(e.code).toBe('INVALID_TRANSITION');
      return e.problem;
    }
    throw e;
  }
  throw new Error('expected a DisagreementError');
}

const people = { allocatedWorkerId: 'sw-1', teamManagerId: 'tm-1' };

describe('raising a disagreement', () => {
  test('the worker raises it as the allocated worker, the team manager as team manager, anyone else not at all', () => {
    expect(raisedAsFor('sw-1', people)).toBe('allocated-worker');
    expect(raisedAsFor('tm-1', people)).toBe('team-manager');
    expect(problemOf(() => raisedAsFor('someone', people))).toBe('NOT_A_PARTY');
    expect(problemOf(() => raisedAsFor('sw-1', { allocatedWorkerId: null, teamManagerId: null }))).toBe('NOT_A_PARTY');
  });

  test('only on a returned or overseen audit, and only one open at a time', () => {
    expect(() => assertMayRaise({ id: 1, status: 'returned' }, null)).not.toThrow();
    expect(() => assertMayRaise({ id: 1, status: 'overseen' }, null)).not.toThrow();
    expect(problemOf(() => assertMayRaise({ id: 1, status: 'allocated' }, null))).toBe('NOT_RETURNED');
    expect(problemOf(() => assertMayRaise({ id: 1, status: 'exempted' }, null))).toBe('NOT_RETURNED');
    expect(problemOf(() => assertMayRaise({ id: 1, status: 'returned' }, 7))).toBe('ALREADY_OPEN');
  });
});

describe('the mediation date', () => {
  test("is the profile's working days after it was raised, skipping weekends and bank holidays", () => {
    // Thu 2026-12-17 + 10 working days: Christmas Day and Boxing Day (substitute Mon 28th) are not working days.
    expect(mediationDate(graded, '2026-12-17')).toBe('2027-01-05');
    expect(mediationDate(withDisagreement(graded, { reviewWorkingDays: 3, mediator: 'qa' }), '2026-11-10')).toBe('2026-11-13');
  });

  test('a review is due for mediation from that date, and one already mediated or resolved never is', () => {
    const on = (today: string) => (date: string) => today >= date;
    const d = { status: 'review' as const, raisedOn: '2026-11-10' };
    expect(isDueForMediation(graded, d, on('2026-11-23'))).toBe(false);
    expect(isDueForMediation(graded, d, on('2026-11-24'))).toBe(true);
    expect(isDueForMediation(graded, { ...d, status: 'mediation' }, on('2027-01-01'))).toBe(false);
    expect(isDueForMediation(graded, { ...d, status: 'resolved' }, on('2027-01-01'))).toBe(false);
    expect(() => assertMayMoveToMediation({ id: 1, status: 'review' })).not.toThrow();
    expect(problemOf(() => assertMayMoveToMediation({ id: 1, status: 'resolved' }))).toBe('NOT_IN_REVIEW');
  });

  test('the AD mediates where the profile says so and one was found; otherwise QA', () => {
    expect(effectiveMediator(graded, 'ad1')).toBe('assistant-director');
    expect(effectiveMediator(graded, null)).toBe('qa');
    expect(effectiveMediator(withDisagreement(graded, { reviewWorkingDays: 10, mediator: 'qa' }), 'ad1')).toBe('qa');
  });
});

describe('resolving', () => {
  const review = { id: 3, status: 'review' as const };
  test('keeping the grade needs no grade, at review or at mediation', () => {
    expect(checkOutcome(graded, review, 'Good', { outcome: 'grade-kept', newGrade: 'Outstanding' })).toEqual({ outcome: 'grade-kept', newGrade: null, stage: 'review' });
    expect(checkOutcome(graded, { id: 3, status: 'mediation' }, 'Good', { outcome: 'grade-kept' }).stage).toBe('mediation');
  });

  test('a changed grade must be given, be on the scale and differ from the current one', () => {
    expect(checkOutcome(graded, review, 'Good', { outcome: 'grade-changed', newGrade: 'Requires Improvement' })).toEqual({
      outcome: 'grade-changed', newGrade: 'Requires Improvement', stage: 'review',
    });
    expect(problemOf(() => checkOutcome(graded, review, 'Good', { outcome: 'grade-changed' }))).toBe('NEW_GRADE_MISSING');
    expect(problemOf(() => checkOutcome(graded, review, 'Good', { outcome: 'grade-changed', newGrade: 'Brilliant' }))).toBe('GRADE_OFF_SCALE');
    expect(problemOf(() => checkOutcome(graded, review, 'Good', { outcome: 'grade-changed', newGrade: 'Good' }))).toBe('GRADE_UNCHANGED');
  });

  test('a grade off a shorter scale is refused even when it is one of the four', () => {
    const short = ProgrammeProfileSchema.parse({ ...graded, grading: { mode: 'graded', scale: ['Good', 'Inadequate'] } });
    expect(problemOf(() => checkOutcome(short, review, 'Good', { outcome: 'grade-changed', newGrade: 'Outstanding' }))).toBe('GRADE_OFF_SCALE');
  });

  test('an ungraded programme can only keep, and a resolved disagreement cannot be resolved again', () => {
    expect(checkOutcome(ungraded, review, null, { outcome: 'grade-kept' }).outcome).toBe('grade-kept');
    expect(problemOf(() => checkOutcome(ungraded, review, null, { outcome: 'grade-changed', newGrade: 'Good' }))).toBe('UNGRADED_CANNOT_CHANGE');
    expect(problemOf(() => checkOutcome(graded, { id: 3, status: 'resolved' }, 'Good', { outcome: 'grade-kept' }))).toBe('ALREADY_RESOLVED');
  });

  test('the grade that stands is the one agreed, else the moderated one, else the auditor\'s', () => {
    expect(currentGradeOf({ agreedGrade: 'Good', moderatedGrade: 'Inadequate', grade: 'Outstanding' })).toBe('Good');
    expect(currentGradeOf({ agreedGrade: null, moderatedGrade: 'Inadequate', grade: 'Outstanding' })).toBe('Inadequate');
    expect(currentGradeOf({ agreedGrade: null, moderatedGrade: null, grade: null })).toBeNull();
  });
});

describe('messages', () => {
  const audit = { allocationId: 5, caseRef: 'CD1', month: '2026-11', serviceArea: 'CP', team: 'CP 1', grade: 'Good', auditorId: 'aud-1' };
  test('each party once, none missing, and every payload fits the outbox contract', () => {
    expect(reviewParties('aud-1', people)).toEqual(['aud-1', 'sw-1', 'tm-1']);
    expect(reviewParties('aud-1', { allocatedWorkerId: 'tm-1', teamManagerId: 'tm-1' })).toEqual(['aud-1', 'tm-1']);
    expect(reviewParties('aud-1', { allocatedWorkerId: null, teamManagerId: 'tm-1' })).toEqual(['aud-1', 'tm-1']);
    const requests = requestMessages(audit, { id: 9, raisedBy: 'sw-1' }, 'review', ['aud-1', 'sw-1', 'sw-1']);
    expect(requests.map((m) => m.key)).toEqual(['disagreement:9:review:aud-1', 'disagreement:9:review:sw-1']);
    const outcomes = outcomeMessages(audit, 9, { outcome: 'grade-changed', newGrade: 'Inadequate', stage: 'mediation' }, ['aud-1']);
    expect(outcomes.map((m) => m.key)).toEqual(['disagreement:9:outcome:aud-1']);
    for (const m of [...requests, ...outcomes]) expect(() => parseOutboxMessage(m.kind, JSON.parse(JSON.stringify(m.payload)))).not.toThrow();
  });
});
