import { escalationDate, escalationRung, escalationTarget } from '../../audit/escalation-ladder';
import type { Person } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';

// 004 is the Hillingdon guide: the line manager is told the working day after the due date, the next tier after
// 2 misses in the last 3 months.
const hillingdon = loadProfile('hillingdon-managers-monthly');

function withEscalation(escalation: Partial<ProgrammeProfile['escalation']>): ProgrammeProfile {
  return { ...hillingdon, escalation: { ...hillingdon.escalation, ...escalation } };
}

type Node = Pick<Person, 'id' | 'managerId'>;
function people(...nodes: Node[]): ReadonlyMap<string, Node> {
  return new Map(nodes.map((n) => [n.id, n]));
}

describe('when the line manager is told (004 §2.17)', () => {
  test('the Hillingdon profile tells the line manager 1 working day after the due date, next tier on 2 of 3 months', () => {
    expect(hillingdon.escalation).toEqual({ lineManagerAfterWorkingDays: 1, nextTier: { missed: 2, ofMonths: 3 }, noManager: 'qa' });
  });

  test('a late audit goes to the line manager the working day after the due date (004 §2.17)', () => {
    // Wed 28 Oct 2026 → Thu 29 Oct.
    expect(escalationDate(hillingdon, { dueDate: '2026-10-28', extendedTo: null })).toBe('2026-10-29');
  });

  test('an audit due on a Friday goes to the line manager on the Monday', () => {
    // Fri 27 Nov 2026 → Mon 30 Nov.
    expect(escalationDate(hillingdon, { dueDate: '2026-11-27', extendedTo: null })).toBe('2026-11-30');
  });

  test('an audit due Friday 28 Aug 2026 goes to the line manager on Tuesday 1 Sept, after the summer bank holiday', () => {
    expect(escalationDate(hillingdon, { dueDate: '2026-08-28', extendedTo: null })).toBe('2026-09-01');
  });

  test('an audit due Christmas Eve 2026 goes to the line manager on Tuesday 29 Dec, after Christmas and the Boxing Day substitute', () => {
    expect(escalationDate(hillingdon, { dueDate: '2026-12-24', extendedTo: null })).toBe('2026-12-29');
  });

  test('an audit due on the Boxing Day substitute day (Mon 28 Dec 2026) still goes the next working day, 29 Dec', () => {
    expect(escalationDate(hillingdon, { dueDate: '2026-12-28', extendedTo: null })).toBe('2026-12-29');
  });

  test('an extended audit is escalated from its new due date, not the original one', () => {
    expect(escalationDate(hillingdon, { dueDate: '2026-12-24', extendedTo: '2027-01-08' })).toBe('2027-01-11');
  });

  test('a profile that waits 3 working days counts only working days: due 24 Dec 2026 → Thu 31 Dec', () => {
    const patient = withEscalation({ lineManagerAfterWorkingDays: 3 });
    expect(escalationDate(patient, { dueDate: '2026-12-24', extendedTo: null })).toBe('2026-12-31');
  });
});

describe('repeat non-completion goes to the next tier (004 §2.17): missed 2 of the last 3 months', () => {
  test('a first miss is rung 1, the line manager', () => {
    expect(escalationRung(hillingdon, '2026-12', [])).toBe(1);
  });

  test('a miss in the month before as well is rung 2, the next tier', () => {
    expect(escalationRung(hillingdon, '2026-12', ['2026-11'])).toBe(2);
  });

  test('a miss two months before is still within the last 3 months: rung 2', () => {
    expect(escalationRung(hillingdon, '2026-12', ['2026-10'])).toBe(2);
  });

  test('a miss three months before has dropped out of the window: rung 1', () => {
    expect(escalationRung(hillingdon, '2026-12', ['2026-09'])).toBe(1);
  });

  test('the window runs back across the year end: January 2027 counts a December 2026 miss', () => {
    expect(escalationRung(hillingdon, '2027-01', ['2026-12'])).toBe(2);
    expect(escalationRung(hillingdon, '2027-01', ['2026-10'])).toBe(1);
  });

  test('this month’s miss counts once, even when the list already names it', () => {
    expect(escalationRung(hillingdon, '2026-12', ['2026-12'])).toBe(1);
    expect(escalationRung(hillingdon, '2026-12', ['2026-12', '2026-12'])).toBe(1);
  });

  test('misses after this month do not count', () => {
    expect(escalationRung(hillingdon, '2026-12', ['2027-01', '2027-02'])).toBe(1);
  });

  test('a stricter rule, 3 of the last 4 months, needs two earlier misses within the window', () => {
    const strict = withEscalation({ nextTier: { missed: 3, ofMonths: 4 } });
    expect(escalationRung(strict, '2026-12', ['2026-11'])).toBe(1);
    expect(escalationRung(strict, '2026-12', ['2026-11', '2026-09'])).toBe(2);
    expect(escalationRung(strict, '2026-12', ['2026-11', '2026-08'])).toBe(1);
  });

  test('a programme with no next tier (the City of London profile) always stays at rung 1', () => {
    const city = loadProfile('city-of-london-external-2019');
    expect(city.escalation.nextTier).toBeNull();
    expect(escalationRung(city, '2026-12', ['2026-11', '2026-10', '2026-09'])).toBe(1);
  });
});

describe('who hears of it: the line manager, the next tier, or QA when there is no one (noManager: qa)', () => {
  const org = people(
    { id: 'auditor', managerId: 'lm' },
    { id: 'lm', managerId: 'hos' },
    { id: 'hos', managerId: null },
  );

  test('rung 1 goes to the auditor’s line manager', () => {
    expect(escalationTarget(1, { id: 'auditor', managerId: 'lm' }, org)).toEqual({ kind: 'person', rung: 1, personId: 'lm' });
  });

  test('rung 2 goes to the line manager’s own manager, the next tier of line management', () => {
    expect(escalationTarget(2, { id: 'auditor', managerId: 'lm' }, org)).toEqual({ kind: 'person', rung: 2, personId: 'hos' });
  });

  test('an auditor with no line manager goes to QA, and QA is told why', () => {
    expect(escalationTarget(1, { id: 'orphan', managerId: null }, org)).toEqual({
      kind: 'qa',
      rung: 1,
      reason: 'auditor orphan has no line manager on record',
    });
  });

  test('a line manager who is not on record counts as none: QA', () => {
    expect(escalationTarget(1, { id: 'auditor', managerId: 'left-the-council' }, org)).toEqual({
      kind: 'qa',
      rung: 1,
      reason: 'auditor auditor has no line manager on record',
    });
  });

  test('rung 2 with no line manager goes to QA at rung 2', () => {
    expect(escalationTarget(2, { id: 'orphan', managerId: null }, org)).toMatchObject({ kind: 'qa', rung: 2 });
  });

  test('rung 2 when the line manager has no manager goes to QA, naming the line manager', () => {
    expect(escalationTarget(2, { id: 'lm', managerId: 'hos' }, org)).toEqual({
      kind: 'qa',
      rung: 2,
      reason: 'line manager hos of auditor lm has no manager on record for the next tier',
    });
  });

  test('rung 2 when the line manager’s manager is not on record goes to QA', () => {
    const gap = people({ id: 'auditor', managerId: 'lm' }, { id: 'lm', managerId: 'gone' });
    expect(escalationTarget(2, { id: 'auditor', managerId: 'lm' }, gap)).toMatchObject({ kind: 'qa', rung: 2 });
  });

  test('rung 1 does not need a next tier: a line manager with no manager is still told', () => {
    const flat = people({ id: 'auditor', managerId: 'lm' }, { id: 'lm', managerId: null });
    expect(escalationTarget(1, { id: 'auditor', managerId: 'lm' }, flat)).toEqual({ kind: 'person', rung: 1, personId: 'lm' });
  });
});
