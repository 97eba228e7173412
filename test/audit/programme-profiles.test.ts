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
    expect(themeFor(p, '2026-12')).toBe('Radicalisation');
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

  it('names the shipped profiles when asked for one that does not exist', () => {
    expect(() => loadProfile('nowhere')).toThrow(/southampton-qaf-2023/);
  });
});
