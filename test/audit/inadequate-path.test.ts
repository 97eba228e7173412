import type { Case } from '../../audit/cases';
import { inadequateDeadlines, urgentRecipients } from '../../audit/inadequate-path';
import type { Person, Role } from '../../audit/people';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';

const hillingdon = loadProfile('hillingdon-managers-monthly'); // 004
const southampton = loadProfile('southampton-qaf-2023'); // 003
const cityOfLondon = loadProfile('city-of-london-external-2019'); // 002

function withInadequate(profile: ProgrammeProfile, inadequate: Partial<ProgrammeProfile['inadequate']>): ProgrammeProfile {
  return { ...profile, inadequate: { ...profile.inadequate, ...inadequate } };
}

function person(id: string, serviceArea: string, ...roles: Role[]): Person {
  return { id, name: id, email: `${id}@council.example`, team: 'Team A', serviceArea, managerId: null, roles, aadObjectId: null };
}

const theCase: Case = {
  caseRef: 'C-2001',
  serviceArea: 'Children in Need',
  team: 'CIN East',
  allocatedWorkerId: 'sw',
  teamManagerId: 'tm',
  cohort: 'CIN',
  open: true,
};

const staff: Person[] = [
  person('sw', 'Children in Need', 'social-worker'),
  person('tm', 'Children in Need', 'team-manager', 'auditor'),
  person('ad-cla', 'Looked After Children', 'assistant-director'),
  person('ad-cin', 'Children in Need', 'assistant-director'),
  person('sl-cla', 'Looked After Children', 'service-lead'),
  person('sl-cin', 'Children in Need', 'service-lead'),
  person('hos-cla', 'Looked After Children', 'head-of-service'),
  person('qa-1', 'Quality Assurance', 'qa'),
  person('qa-2', 'Quality Assurance', 'qa'),
];

describe('the Inadequate deadlines (003: update within 3 days, further update after a week, re-audit after a month)', () => {
  test('the shipped profiles take 3 working days, 7 calendar days and 1 month from 003', () => {
    for (const p of [hillingdon, southampton]) {
      expect(p.inadequate).toMatchObject({ updateDueWorkingDays: 3, followUpCalendarDays: 7, reauditAfterMonths: 1 });
    }
  });

  test('graded on Wed 4 Nov 2026: update due Mon 9 Nov (3 working days), follow-up Wed 11 Nov (a week), re-audit December', () => {
    expect(inadequateDeadlines(hillingdon, '2026-11', '2026-11-04')).toEqual({
      updateDue: '2026-11-09',
      followUpDue: '2026-11-11',
      reauditMonth: '2026-12',
      moderate: true,
    });
  });

  test('the 3-day update skips the summer bank holiday: graded Thu 27 Aug 2026, update due Wed 2 Sept, follow-up Thu 3 Sept', () => {
    const d = inadequateDeadlines(hillingdon, '2026-08', '2026-08-27');
    expect(d.updateDue).toBe('2026-09-02');
    expect(d.followUpDue).toBe('2026-09-03');
  });

  test('over Christmas the update counts only 29, 30 and 31 Dec: graded Thu 24 Dec 2026, update due Thu 31 Dec', () => {
    expect(inadequateDeadlines(hillingdon, '2026-12', '2026-12-24').updateDue).toBe('2026-12-31');
  });

  test('the week’s follow-up is in calendar days and may fall on a bank holiday: graded Mon 21 Dec 2026, follow-up Mon 28 Dec', () => {
    const d = inadequateDeadlines(hillingdon, '2026-12', '2026-12-21');
    expect(d.followUpDue).toBe('2026-12-28');
    // 22, 23, 24 Dec are the three working days.
    expect(d.updateDue).toBe('2026-12-24');
  });

  test('a grade recorded on a weekend still gives 3 working days: graded Sat 7 Nov 2026, update due Wed 11 Nov', () => {
    expect(inadequateDeadlines(hillingdon, '2026-11', '2026-11-07').updateDue).toBe('2026-11-11');
  });

  test('the re-audit is the month after the audit month, across the year end: December 2026 → January 2027', () => {
    expect(inadequateDeadlines(hillingdon, '2026-12', '2026-12-14').reauditMonth).toBe('2027-01');
  });

  test('the re-audit month follows the audit month, not the month the grade was recorded in', () => {
    expect(inadequateDeadlines(hillingdon, '2026-11', '2026-12-02').reauditMonth).toBe('2026-12');
  });

  test('a profile’s own timings are used: 5 working days, 14 calendar days, re-audit after 2 months', () => {
    const slower = withInadequate(hillingdon, { updateDueWorkingDays: 5, followUpCalendarDays: 14, reauditAfterMonths: 2 });
    expect(inadequateDeadlines(slower, '2026-11', '2026-11-04')).toEqual({
      updateDue: '2026-11-11',
      followUpDue: '2026-11-18',
      reauditMonth: '2027-01',
      moderate: true,
    });
  });

  test('QA moderates the Inadequate audit where the profile says so, and not in the City of London external audit', () => {
    expect(inadequateDeadlines(hillingdon, '2026-11', '2026-11-04').moderate).toBe(true);
    expect(inadequateDeadlines(cityOfLondon, '2026-11', '2026-11-04').moderate).toBe(false);
  });
});

describe('who is told, in writing, as a matter of urgency (004 §2.11)', () => {
  test('the allocated worker, the team manager and the Assistant Director for the case’s service area are told (004 §2.11)', () => {
    expect(urgentRecipients(hillingdon, theCase, staff)).toEqual({
      recipients: [
        { target: 'allocated-worker', personId: 'sw' },
        { target: 'team-manager', personId: 'tm' },
        { target: 'assistant-director', personId: 'ad-cin' },
      ],
      missing: [],
    });
  });

  test('when the case’s area has no Assistant Director, another AD is told rather than nobody', () => {
    const noCinAd = staff.filter((p) => p.id !== 'ad-cin');
    const { recipients, missing } = urgentRecipients(hillingdon, theCase, noCinAd);
    expect(recipients).toContainEqual({ target: 'assistant-director', personId: 'ad-cla' });
    expect(missing).toEqual([]);
  });

  test('003 adds the service lead and head of service: the service lead of the case’s area, else the first one on record', () => {
    const { recipients, missing } = urgentRecipients(southampton, theCase, staff);
    expect(recipients).toEqual([
      { target: 'allocated-worker', personId: 'sw' },
      { target: 'team-manager', personId: 'tm' },
      { target: 'assistant-director', personId: 'ad-cin' },
      { target: 'service-lead', personId: 'sl-cin' },
      // No head of service in Children in Need, so the first one on record.
      { target: 'head-of-service', personId: 'hos-cla' },
    ]);
    expect(missing).toEqual([]);
  });

  test('a profile that notifies QA tells every QA member', () => {
    expect(urgentRecipients(cityOfLondon, theCase, staff).recipients).toEqual([
      { target: 'team-manager', personId: 'tm' },
      { target: 'qa', personId: 'qa-1' },
      { target: 'qa', personId: 'qa-2' },
    ]);
  });

  test('a case with no allocated worker is reported missing, so QA can be told rather than the notice going short', () => {
    const unallocated: Case = { ...theCase, allocatedWorkerId: null };
    const { recipients, missing } = urgentRecipients(hillingdon, unallocated, staff);
    expect(missing).toEqual(['allocated-worker']);
    expect(recipients.map((r) => r.personId)).toEqual(['tm', 'ad-cin']);
  });

  test('a team manager who is not among the people on record is missing, not notified', () => {
    const { recipients, missing } = urgentRecipients(hillingdon, { ...theCase, teamManagerId: 'left-the-council' }, staff);
    expect(missing).toEqual(['team-manager']);
    expect(recipients.some((r) => r.personId === 'left-the-council')).toBe(false);
  });

  test('with no Assistant Director, service lead or head of service at all, each is reported missing', () => {
    const thin = staff.filter((p) => p.roles.includes('social-worker') || p.roles.includes('team-manager'));
    const { recipients, missing } = urgentRecipients(southampton, theCase, thin);
    expect(recipients.map((r) => r.target)).toEqual(['allocated-worker', 'team-manager']);
    expect(missing).toEqual(['assistant-director', 'service-lead', 'head-of-service']);
  });

  test('no one is told twice: a team manager who is also the allocated worker gets one notice', () => {
    const { recipients, missing } = urgentRecipients(hillingdon, { ...theCase, allocatedWorkerId: 'tm' }, staff);
    expect(recipients).toEqual([
      { target: 'allocated-worker', personId: 'tm' },
      { target: 'assistant-director', personId: 'ad-cin' },
    ]);
    expect(missing).toEqual([]);
  });
});
