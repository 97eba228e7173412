import { partBDueDate } from '../../audit/part-b';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';

const hillingdon = loadProfile('hillingdon-managers-monthly');
const southampton = loadProfile('southampton-qaf-2023');

describe('when Part B is due (004 §7.1)', () => {
  // Monday 1 June 2026; June 2026 has no bank holidays.
  const returnedOn = '2026-06-01';

  test('an audit not graded Inadequate goes to the next available supervision: 20 working days in the Hillingdon profile', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Good', safeguardingConcern: false })).toBe('2026-06-29');
  });

  test.each(['Outstanding', 'Good', 'Requires Improvement'] as const)('%s without a safeguarding concern waits for the next supervision', (grade) => {
    expect(partBDueDate(hillingdon, returnedOn, { grade, safeguardingConcern: false })).toBe('2026-06-29');
  });

  test('an Inadequate audit is due within 5 working days (004 §7.1)', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Inadequate', safeguardingConcern: false })).toBe('2026-06-08');
  });

  test('an immediate safeguarding concern makes Part B due within 5 working days whatever the grade', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: 'Good', safeguardingConcern: true })).toBe('2026-06-08');
    expect(partBDueDate(hillingdon, returnedOn, { grade: null, safeguardingConcern: true })).toBe('2026-06-08');
  });

  test('an ungraded return with no concern waits for the next supervision', () => {
    expect(partBDueDate(hillingdon, returnedOn, { grade: null, safeguardingConcern: false })).toBe('2026-06-29');
  });

  test('the 5 working days skip the weekend and the Spring bank holiday (Monday 25 May 2026)', () => {
    // Returned Wednesday 20 May: Thu 21, Fri 22, Tue 26, Wed 27, Thu 28.
    expect(partBDueDate(southampton, '2026-05-20', { grade: 'Inadequate', safeguardingConcern: false })).toBe('2026-05-28');
  });

  test("the profile's own working days are used, not fixed numbers", () => {
    const profile: ProgrammeProfile = {
      ...hillingdon,
      partB: { nextSupervisionWorkingDays: 10, inadequateWorkingDays: 2, escalateTo: 'assistant-director' },
    };
    expect(partBDueDate(profile, returnedOn, { grade: 'Good', safeguardingConcern: false })).toBe('2026-06-15');
    expect(partBDueDate(profile, returnedOn, { grade: 'Inadequate', safeguardingConcern: false })).toBe('2026-06-03');
  });

  test('a programme without Part B sets no due date', () => {
    const profile: ProgrammeProfile = { ...hillingdon, partB: null };
    expect(partBDueDate(profile, returnedOn, { grade: 'Inadequate', safeguardingConcern: true })).toBeNull();
    expect(partBDueDate(profile, returnedOn, { grade: 'Good', safeguardingConcern: false })).toBeNull();
  });
});
