import { AuditError } from '../../audit/errors';
import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { isGraded, themeFor } from '../../audit/programme-profile';

describe('programme profiles', () => {
  it.each(Object.keys(SHIPPED_PROFILES))('the shipped profile %s is valid', (id) => {
    const p = loadProfile(id);
    expect(p.id).toBe(id);
    expect(p.timeZone).toBe('Europe/London');
    expect(p.moderation.sampleRate).toBeGreaterThanOrEqual(0.25);
  });

  it('models the QA framework: list on the 3rd, due the 28th, oversight by the 6th, 2023 themes (003 §9.3)', () => {
    const p = loadProfile('southampton-qaf-2023');
    expect([p.allocationDay, p.dueDay, p.oversight?.sendDay, p.oversight?.dueDayNextMonth]).toEqual([3, 28, 28, 6]);
    expect(themeFor(p, '2023-02')).toBe('Neglect');
    expect(themeFor(p, '2023-09')).toBe('Repeat CP plan');
    // The schedule is 2023's: it does not repeat into later years unless a profile says so.
    expect(themeFor(p, '2026-12')).toBeNull();
    expect(p.inadequate).toMatchObject({ updateDueWorkingDays: 3, followUpCalendarDays: 7, reauditAfterMonths: 1 });
  });

  it('models the managers\' guide: Inadequate told to worker, team manager and AD; Part B in 5 working days (004 §2.11, §7.1)', () => {
    const p = loadProfile('hillingdon-managers-monthly');
    expect(p.inadequate.notify).toEqual(['allocated-worker', 'team-manager', 'assistant-director']);
    expect(p.partB).toMatchObject({ inadequateWorkingDays: 5, escalateTo: 'assistant-director' });
    expect(p.escalation.nextTier).toEqual({ missed: 2, ofMonths: 3 });
  });

  it('models the City of London external audit as ungraded (002 §1.2 "Cases that were audited were not graded")', () => {
    expect(isGraded(loadProfile('city-of-london-external-2019'))).toBe(false);
  });

  it('ships a Surrey-style programme with re-audits, case reflection and moderation of at least 25%', () => {
    const p = loadProfile('surrey-style-monthly');
    expect(p.auditKinds).toEqual(expect.arrayContaining(['re-audit', 'case-reflection']));
    expect(p.moderation.sampleRate).toBeGreaterThanOrEqual(0.25);
  });

  it('refuses a bad profile listing every problem by its path', () => {
    const bad = JSON.parse(JSON.stringify(SHIPPED_PROFILES['southampton-qaf-2023'])) as Record<string, unknown>;
    bad['dueDay'] = 31;
    bad['timeZone'] = 'Mars/Olympus';
    (bad['moderation'] as Record<string, unknown>)['sampleRate'] = 0.1;
    (bad['themes'] as Record<string, unknown>)['13'] = 'x';
    try {
      parseProfile(bad, 'test');
      throw new Error('expected refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(AuditError);
      const details = (e as AuditError).details;
      expect(details).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^dueDay: /),
          expect.stringMatching(/^timeZone: /),
          expect.stringMatching(/^moderation\.sampleRate: .*25%/),
          expect.stringMatching(/^themes\.13/),
        ]),
      );
    }
  });

  it.each(Object.keys(SHIPPED_PROFILES))('the shipped profile %s tells both the allocated worker and team manager when an audit is done (003 flow chart)', (id) => {
    expect(loadProfile(id).completionNotices).toEqual({ allocatedWorker: true, teamManager: true });
  });

  it('a profile may tell only one of them, and one that says nothing of the other tells them too', () => {
    const base = JSON.parse(JSON.stringify(SHIPPED_PROFILES['southampton-qaf-2023'])) as Record<string, unknown>;
    expect(parseProfile({ ...base, completionNotices: { teamManager: false } }, 'test').completionNotices).toEqual({ allocatedWorker: true, teamManager: false });
    expect(() => parseProfile({ ...base, completionNotices: { teamManager: 'no' } }, 'test')).toThrow(/completionNotices\.teamManager/);
  });

  it('the 004 profile has exemptions agreed with the PSW; a profile that says nothing needs the line manager only', () => {
    expect(loadProfile('hillingdon-managers-monthly').exemptions).toEqual({ pswAgreement: true, reallocationWorkingDays: 10 });
    expect(loadProfile('southampton-qaf-2023').exemptions).toEqual({ pswAgreement: false, reallocationWorkingDays: 10 });
    expect(loadProfile('southampton-qaf-2023').disagreement).toEqual({ reviewWorkingDays: 10, mediator: 'assistant-director' });
    expect(loadProfile('southampton-qaf-2023').oversight).toEqual({ sendDay: 28, dueDayNextMonth: 6, reminderWorkingDaysBefore: 2 });
  });

  it('refuses return-loop settings it cannot follow, naming the field', () => {
    const base = JSON.parse(JSON.stringify(SHIPPED_PROFILES['southampton-qaf-2023'])) as Record<string, unknown>;
    expect(() => parseProfile({ ...base, exemptions: { pswAgreement: 'yes' } }, 'test')).toThrow(/exemptions\.pswAgreement/);
    expect(() => parseProfile({ ...base, disagreement: { mediator: 'the director' } }, 'test')).toThrow(/disagreement\.mediator/);
    expect(() => parseProfile({ ...base, disagreement: { reviewWorkingDays: -1 } }, 'test')).toThrow(/disagreement\.reviewWorkingDays/);
    expect(() => parseProfile({ ...base, oversight: { sendDay: 28, dueDayNextMonth: 6, reminderWorkingDaysBefore: 90 } }, 'test')).toThrow(/oversight\.reminderWorkingDaysBefore/);
  });

  it.each(Object.keys(SHIPPED_PROFILES))('the shipped profile %s lists no service areas: they are learned from the imports', (id) => {
    expect(loadProfile(id).serviceAreas).toBeUndefined();
  });

  it("a council's own profile may pin its service areas, trimmed, each once whatever the case or spacing", () => {
    const base = JSON.parse(JSON.stringify(SHIPPED_PROFILES['southampton-qaf-2023'])) as Record<string, unknown>;
    expect(parseProfile({ ...base, serviceAreas: ['YPS', ' CWD ', 'North East'] }, 'test').serviceAreas).toEqual(['YPS', 'CWD', 'North East']);
    const issues = (areas: unknown): string[] => {
      try {
        parseProfile({ ...base, serviceAreas: areas }, 'test');
        return [];
      } catch (e) {
        return (e as AuditError).details as string[];
      }
    };
    expect(issues([])).toEqual([expect.stringMatching(/^serviceAreas: .*leave serviceAreas out/)]);
    expect(issues(['North East', 'north  east'])).toEqual([expect.stringMatching(/^serviceAreas: .*unique/)]);
    expect(issues(['YPS', '  '])).toEqual([expect.stringMatching(/^serviceAreas\.1: /)]);
  });

  describe('themes', () => {
    const base = JSON.parse(JSON.stringify(SHIPPED_PROFILES['surrey-style-monthly'])) as Record<string, unknown>;
    const withThemes = (themes: Record<string, string>) => parseProfile({ ...base, themes }, 'test');

    it('a month-number theme repeats every year; a YYYY-MM theme applies to that month only', () => {
      const p = withThemes({ '09': 'Voice of the child', '2023-09': 'Repeat CP plan', '2026-03': 'Neglect' });
      expect(themeFor(p, '2023-09')).toBe('Repeat CP plan');
      expect(themeFor(p, '2024-09')).toBe('Voice of the child');
      expect(themeFor(p, '2026-09')).toBe('Voice of the child');
      expect(themeFor(p, '2026-03')).toBe('Neglect');
      expect(themeFor(p, '2027-03')).toBeNull();
    });

    it.each(['13', '00', '9', '2023-13', '2023-9', '23-09', 'September'])("refuses the theme key '%s', naming both forms", (key) => {
      try {
        withThemes({ [key]: 'x' });
        throw new Error('expected refusal');
      } catch (e) {
        expect(e).toBeInstanceOf(AuditError);
        expect((e as AuditError).details).toEqual([expect.stringMatching(new RegExp(`^themes\\.${key}: .*'01' to '12'.*'YYYY-MM'`))]);
      }
    });
  });

  it('names the shipped profiles when asked for one that does not exist', () => {
    expect(() => loadProfile('nowhere')).toThrow(/southampton-qaf-2023/);
  });
});
