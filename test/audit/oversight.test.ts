import { AuditError } from '../../audit/errors';
import {
  decideOversight,
  needsOversight,
  outstandingInArea,
  oversightDates,
  oversightDatesOf,
  tallyOversight,
  type OversightFacts,
} from '../../audit/oversight';
import { loadProfile } from '../../audit/programme-profiles';

const southampton = () => loadProfile('southampton-qaf-2023');
const rules = { sendDay: 28, dueDayNextMonth: 6, reminderWorkingDaysBefore: 2 };
const returned = { id: 7, caseRef: 'CD4911000', status: 'returned' as const };

describe('Moderation and Management oversight: completed by the 6th day of the following month (003)', () => {
  test('September 2026 audits: oversight due Tue 6 Oct, reminder two working days before, escalation the working day after', () => {
    expect(oversightDates(rules, '2026-09')).toEqual({ dueDate: '2026-10-06', reminderDate: '2026-10-02', escalationDate: '2026-10-07' });
  });

  test('a 6th on a Saturday moves to the Monday; the reminder counts back over the weekend', () => {
    // 6 June 2026 is a Saturday.
    expect(oversightDates(rules, '2026-05')).toEqual({ dueDate: '2026-06-08', reminderDate: '2026-06-04', escalationDate: '2026-06-09' });
  });

  test('December audits: the reminder skips New Year\'s Day, and the year rolls over', () => {
    expect(oversightDates(rules, '2026-12')).toEqual({ dueDate: '2027-01-06', reminderDate: '2027-01-04', escalationDate: '2027-01-07' });
  });

  test('reminderWorkingDaysBefore 0 reminds on the due date itself', () => {
    expect(oversightDates({ ...rules, reminderWorkingDaysBefore: 0 }, '2026-09').reminderDate).toBe('2026-10-06');
  });

  test('the Southampton profile uses the 6th with the default two-working-day reminder; a profile without oversight has no dates', () => {
    expect(oversightDatesOf(southampton(), '2026-09')).toEqual({ dueDate: '2026-10-06', reminderDate: '2026-10-02', escalationDate: '2026-10-07' });
    expect(oversightDatesOf({ oversight: null }, '2026-09')).toBeNull();
  });
});

describe('Service Leads will receive copies of audits completed within their Service Area (003)', () => {
  const audits: (OversightFacts & { id: number })[] = [
    { id: 1, status: 'returned', serviceArea: 'CRS', oversight: null },
    { id: 2, status: 'returned', serviceArea: 'CRS', oversight: 'dispute' },
    { id: 3, status: 'overseen', serviceArea: 'CRS', oversight: 'agree' },
    { id: 4, status: 'allocated', serviceArea: 'CRS', oversight: null },
    { id: 5, status: 'exempted', serviceArea: 'CRS', oversight: null },
    { id: 6, status: 'returned', serviceArea: 'Jigsaw', oversight: null },
  ];

  test('only returned audits with no oversight recorded still need it, and only those of the area', () => {
    expect(outstandingInArea(audits, 'CRS').map((a) => a.id)).toEqual([1]);
    expect(outstandingInArea(audits, 'Jigsaw').map((a) => a.id)).toEqual([6]);
    expect(needsOversight({ status: 'allocated', oversight: null })).toBe(false);
  });

  test('the tally counts overseen, disputed and outstanding separately', () => {
    expect(tallyOversight(audits)).toEqual({ outstanding: 2, overseen: 1, disputed: 1 });
  });
});

describe('Service Lead records their oversight and flags any areas of dispute with the auditor (and QA) (003)', () => {
  test('agree: the audit becomes overseen', () => {
    expect(decideOversight(returned, null, { decision: 'agree' })).toEqual({ decision: 'agree', reason: null, event: { type: 'oversee' }, status: 'overseen' });
  });

  test('dispute: the reason is kept, trimmed, and the audit stays returned', () => {
    expect(decideOversight(returned, null, { decision: 'dispute', reason: '  The grade does not reflect drift in the plan.  ' })).toEqual({
      decision: 'dispute', reason: 'The grade does not reflect drift in the plan.', event: null, status: 'returned',
    });
  });

  test('a dispute without a reason of at least 10 characters is refused', () => {
    for (const reason of [undefined, null, '', '   short   ']) {
      expect(() => decideOversight(returned, null, { decision: 'dispute', reason })).toThrow(AuditError);
    }
    expect(() => decideOversight(returned, null, { decision: 'dispute', reason: 'short' })).toThrow(/at least 10 characters/);
  });

  test('recording twice is refused with INVALID_TRANSITION, whichever decision came first', () => {
    for (const existing of ['agree', 'dispute'] as const) {
      try {
        decideOversight(returned, existing, { decision: 'agree' });
        throw new Error('not refused');
      } catch (e) {
        expect(e).toBeInstanceOf(AuditError);
        expect((e as AuditError).code).toBe('INVALID_TRANSITION');
        expect((e as AuditError).message).toMatch(/already recorded/);
      }
    }
  });

  test('only a returned audit can be overseen: allocated and exempted audits are refused', () => {
    for (const status of ['allocated', 'exempted', 'overseen'] as const) {
      expect(() => decideOversight({ ...returned, status }, null, { decision: 'agree' })).toThrow(/only a returned audit/);
    }
  });
});
