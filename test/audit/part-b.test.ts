import { isPartBUrgent, partBDueDate, partBRoute, suggestedActionsFrom } from '../../audit/part-b';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';

const hillingdon = loadProfile('hillingdon-managers-monthly');
const southampton = loadProfile('southampton-qaf-2023');

describe('when Part B is due (004 §7.1: "within 5 working days if the case is graded inadequate and where immediate safeguarding actions are identified")', () => {
  // Monday 1 June 2026; June 2026 has no bank holidays.
  const returnedOn = '2026-06-01';

  test('an audit not graded Inadequate goes to the next available supervision: 20 working days in the Hillingdon profile', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Good', safeguardingConcern: false })).toBe('2026-06-29');
  });

  test.each(['Outstanding', 'Good', 'Requires Improvement'] as const)('%s without a safeguarding concern waits for the next supervision', (grade) => {
    expect(partBDueDate(hillingdon, returnedOn, { grade, safeguardingConcern: false })).toBe('2026-06-29');
  });

  test('graded Inadequate with immediate safeguarding actions identified: due within 5 working days', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Inadequate', safeguardingConcern: true })).toBe('2026-06-08');
  });

  test('graded Inadequate without immediate safeguarding actions: the next supervision, since both must hold', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Inadequate', safeguardingConcern: false })).toBe('2026-06-29');
  });

  test('a safeguarding concern on a case not graded Inadequate: the next supervision, since both must hold', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Good', safeguardingConcern: true })).toBe('2026-06-29');
    expect(partBDueDate(hillingdon, returnedOn, { grade: null, safeguardingConcern: true })).toBe('2026-06-29');
  });

  test('urgent means both: Inadequate and immediate safeguarding actions', () => {
    expect(isPartBUrgent({ grade: 'Inadequate', safeguardingConcern: true })).toBe(true);
    expect(isPartBUrgent({ grade: 'Inadequate', safeguardingConcern: false })).toBe(false);
    expect(isPartBUrgent({ grade: 'Requires Improvement', safeguardingConcern: true })).toBe(false);
  });

  test('an ungraded return with no concern waits for the next supervision', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: null, safeguardingConcern: false })).toBe('2026-06-29');
  });

  test('the 5 working days skip the weekend and the Spring bank holiday (Monday 25 May 2026)', () => {
    // Returned Wednesday 20 May: Thu 21, Fri 22, Tue 26, Wed 27, Thu 28.
    expect(partBDueDate(southampton, '2026-05-20', { grade: 'Inadequate', safeguardingConcern: true })).toBe('2026-05-28');
  });

  test("the profile's own working days are used, not fixed numbers", () => {
    const profile: ProgrammeProfile = {
      ...hillingdon,
      partB: { nextSupervisionWorkingDays: 10, inadequateWorkingDays: 2, escalateTo: 'assistant-director' },
    };
    expect(partBDueDate(profile, returnedOn, { grade: 'Good', safeguardingConcern: false })).toBe('2026-06-15');
    expect(partBDueDate(profile, returnedOn, { grade: 'Inadequate', safeguardingConcern: true })).toBe('2026-06-03');
  });

  test('a programme without Part B sets no due date', () => {
    const profile: ProgrammeProfile = { ...hillingdon, partB: null };
    expect(partBDueDate(profile, returnedOn, { grade: 'Inadequate', safeguardingConcern: true })).toBeNull();
    expect(partBDueDate(profile, returnedOn, { grade: 'Good', safeguardingConcern: false })).toBeNull();
  });
});

describe('who completes Part B (004 §7.2: "In the event that the case has closed, the audit should be sent to the previous team manager")', () => {
  test("an open case's Part B goes to its team manager", () => {
    expect(partBRoute({ caseRef: 'CD1', teamManagerId: 'tm', open: true })).toEqual({ to: 'team-manager', teamManagerId: 'tm', caseClosed: false });
  });

  test('a closed case goes to the team manager still on record, its previous team manager, saying the case has closed', () => {
    expect(partBRoute({ caseRef: 'CD1', teamManagerId: 'tm', open: false })).toEqual({ to: 'team-manager', teamManagerId: 'tm', caseClosed: true });
  });

  test('a closed case with no team manager on record goes to QA rather than being skipped silently', () => {
    expect(partBRoute({ caseRef: 'CD1', teamManagerId: null, open: false })).toMatchObject({ to: 'qa', reason: expect.stringContaining('CD1 has closed') });
  });
});

test('the suggested actions are the audit\'s "what needs to improve", trimmed (004 §7.3: "auto-populate into part B")', () => {
  expect(suggestedActionsFrom('  Update the plan.\n')).toBe('Update the plan.');
  expect(suggestedActionsFrom(null)).toBe('');
});
