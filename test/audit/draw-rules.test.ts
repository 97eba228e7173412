import { planAllocation, type AllocationRequest } from '../../audit/allocation';
import type { Case } from '../../audit/cases';
import { describeSkip, exclusionWindow, recentlyAudited } from '../../audit/draw-rules';
import { AuditError } from '../../audit/errors';
import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { themeCohortsFor, themeFor } from '../../audit/programme-profile';
import { aCase, person, smallCouncil } from '../support/fixtures';

const base = (): Record<string, unknown> => JSON.parse(JSON.stringify(SHIPPED_PROFILES['southampton-qaf-2023'])) as Record<string, unknown>;
const profile = loadProfile('southampton-qaf-2023');
const withWindow = (months: number) => parseProfile({ ...base(), excludeAuditedWithinMonths: months }, 'test');
const withTheme = (key: string, theme: unknown) => parseProfile({ ...base(), themes: { [key]: theme } }, 'test');

/** The problems a profile is refused with, by path; none when it loads. */
function issues(data: Record<string, unknown>): string[] {
  try {
    parseProfile(data, 'test');
    return [];
  } catch (e) {
    expect(e).toBeInstanceOf(AuditError);
    return (e as AuditError).details as string[];
  }
}

describe('draw rules: who is left out of the month\'s draw, and why (issue #16)', () => {
  const { people, cases } = smallCouncil();
  // Every CRS case (8) asked for: without a rule, each would be drawn, so a case not drawn was left out by the rule.
  const all = (over: Partial<AllocationRequest> = {}) =>
    planAllocation({ month: '2026-12', profile, cases: cases.filter((c) => c.serviceArea === 'CRS'), people, seed: 7, perArea: 8, reaudits: [], ...over });

  describe('the exclusion window', () => {
    it('a case audited in the last 12 months is not drawn again, and the dry run says when it was audited', () => {
      for (let seed = 1; seed <= 20; seed++) {
        const plan = all({ seed, history: [{ caseRef: 'CD490100', month: '2026-05' }] });
        expect(plan.allocations.map((a) => a.caseRef)).not.toContain('CD490100');
        expect(plan.allocations).toHaveLength(7);
        expect(plan.skipped).toEqual([{ caseRef: 'CD490100', serviceArea: 'CRS', reason: 'recently-audited', auditedIn: '2026-05', windowMonths: 12 }]);
      }
      expect(describeSkip(all({ history: [{ caseRef: 'CD490100', month: '2026-05' }] }).skipped[0]!)).toBe('CD490100: audited in 2026-05 (within 12 months)');
    });

    it('the window is the 12 months before the draw: audited in December 2025, a case is left out of December 2026 and back in January 2027', () => {
      const history = [{ caseRef: 'CD490100', month: '2025-12' }];
      expect(all({ history }).allocations.map((a) => a.caseRef)).not.toContain('CD490100');
      expect(all({ month: '2027-01', history }).allocations.map((a) => a.caseRef)).toContain('CD490100');
      expect(exclusionWindow('2026-12', 12)).toEqual({ from: '2025-12', before: '2026-12' });
    });

    it('the latest audit is the one that counts, and a later month (a draw re-run for an earlier month) does not', () => {
      const recent = recentlyAudited('2026-12', 12, [
        { caseRef: 'CD1', month: '2026-02' }, { caseRef: 'CD1', month: '2026-08' }, { caseRef: 'CD2', month: '2027-01' }, { caseRef: 'CD3', month: '2025-11' },
      ]);
      expect([...recent]).toEqual([['CD1', '2026-08']]);
    });

    it('a window of 0 draws it', () => {
      const plan = all({ profile: withWindow(0), history: [{ caseRef: 'CD490100', month: '2026-11' }] });
      expect(plan.allocations.map((a) => a.caseRef)).toContain('CD490100');
      expect(plan.skipped).toEqual([]);
      expect(exclusionWindow('2026-12', 0)).toBeNull();
    });

    it('an area left short by the window says so, naming the window', () => {
      const history = cases.filter((c) => c.serviceArea === 'CRS').slice(0, 3).map((c) => ({ caseRef: c.caseRef, month: '2026-10' }));
      expect(all({ history }).shortfalls).toEqual(['CRS: 5 open case(s) not audited within 12 months, 8 asked for']);
    });

    it("an Inadequate case's re-audit is still allocated a month later, though it was audited inside the window", () => {
      const history = [{ caseRef: 'CD491100', month: '2026-11' }];
      const reaudits = [{ caseRef: 'CD491100', previousAuditorId: 'tm-0-1', sourceAllocationId: 41 }];
      const plan = planAllocation({ month: '2026-12', profile, cases, people, seed: 5, perArea: 1, reaudits, history });
      expect(plan.allocations.filter((a) => a.caseRef === 'CD491100')).toEqual([expect.objectContaining({ kind: 're-audit', reauditOf: 41 })]);
      expect(plan.skipped.map((s) => s.caseRef)).not.toContain('CD491100');
    });

    it('a closed case is not drawn, and the dry run says it is closed', () => {
      const closed = cases.map((c) => (c.caseRef === 'CD490100' ? { ...c, open: false } : c)).filter((c) => c.serviceArea === 'CRS');
      const plan = all({ cases: closed });
      expect(plan.allocations.map((a) => a.caseRef)).not.toContain('CD490100');
      expect(plan.skipped.map(describeSkip)).toEqual(['CD490100: the case is closed']);
    });
  });

  describe("the month's theme cohorts", () => {
    // Two CLA cases and one CP case in CRS; the rest CIN.
    const themed: Case[] = cases.map((c) => {
      if (c.caseRef === 'CD490130' || c.caseRef === 'CD490220') return { ...c, cohort: 'CLA' };
      if (c.caseRef === 'CD490210') return { ...c, cohort: 'CP' };
      return c;
    });
    const crs = themed.filter((c) => c.serviceArea === 'CRS');
    const claMonth = withTheme('12', { name: 'Children looked after', cohorts: ['CLA'] });

    it('a CLA-themed month draws CLA cases first', () => {
      for (let seed = 1; seed <= 20; seed++) {
        const plan = planAllocation({ month: '2026-12', profile: claMonth, cases: crs, people, seed, perArea: 2, reaudits: [] });
        expect(plan.allocations.map((a) => a.caseRef).sort()).toEqual(['CD490130', 'CD490220']);
        expect(plan.skipped).toHaveLength(6);
        expect(plan.skipped.every((s) => s.reason === 'outside-cohorts')).toBe(true);
      }
    });

    it('then the rest, when the cohorts hold fewer cases than the sample needs', () => {
      const plan = planAllocation({ month: '2026-12', profile: claMonth, cases: crs, people, seed: 3, perArea: 4, reaudits: [] });
      const drawn = plan.allocations.map((a) => a.caseRef);
      expect(drawn).toHaveLength(4);
      expect(drawn).toEqual(expect.arrayContaining(['CD490130', 'CD490220']));
    });

    it('says a case outside the cohorts was left out because the sample was full, naming the cohorts', () => {
      const two = withTheme('2026-12', { name: 'Permanence', cohorts: ['CLA', 'CP'] });
      const plan = planAllocation({ month: '2026-12', profile: two, cases: crs, people, seed: 3, perArea: 3, reaudits: [] });
      expect(plan.allocations.map((a) => a.caseRef).sort()).toEqual(['CD490130', 'CD490210', 'CD490220']);
      expect(describeSkip(plan.skipped[0]!)).toMatch(/^CD49\d{4}: not in this month's cohorts \(CLA, CP\) and the sample was full$/);
    });

    it('a theme that names no cohorts changes nothing: the same seed draws the same cases as a month with no theme', () => {
      const plain = withTheme('12', 'Voice of the child');
      const a = planAllocation({ month: '2026-12', profile: plain, cases: themed, people, seed: 99, perArea: 2, reaudits: [] });
      const b = planAllocation({ month: '2026-12', profile, cases: themed, people, seed: 99, perArea: 2, reaudits: [] });
      expect(a.allocations).toEqual(b.allocations);
      expect(a.skipped.every((s) => s.reason === 'sample-full')).toBe(true);
      expect(describeSkip(a.skipped[0]!)).toMatch(/^CD49\d{4}: not drawn, the \S+ sample of 2 was full$/);
    });
  });

  describe('conflicts of interest (004 §2.1 "wherever possible")', () => {
    const only = [person('a1', 'Team A', 'CRS', ['auditor'])];
    const two = [aCase('CD000001', 'CRS', 'Team A'), aCase('CD000002', 'CRS', 'Team B')];

    it('a drawn case no auditor may take is passed over for the next one, and the dry run names the conflict', () => {
      const reasons = new Set<string>();
      for (let seed = 1; seed <= 20; seed++) {
        const plan = planAllocation({ month: '2026-12', profile, cases: two, people: only, seed, perArea: 1, reaudits: [] });
        expect(plan.allocations).toEqual([expect.objectContaining({ caseRef: 'CD000002', auditorId: 'a1' })]);
        const skip = plan.skipped.find((s) => s.caseRef === 'CD000001');
        reasons.add(skip === undefined ? 'none' : describeSkip(skip));
      }
      // Drawn first it is passed over for its conflict; drawn second the sample was already full.
      expect([...reasons].sort()).toEqual([
        "CD000001: conflict of interest for every auditor (the auditor's team (Team A) holds the case)",
        'CD000001: not drawn, the CRS sample of 1 was full',
      ]);
    });

    it('still refuses when passing over would leave the area short', () => {
      expect(() => planAllocation({ month: '2026-12', profile, cases: [two[0]!], people: only, seed: 1, perArea: 1, reaudits: [] })).toThrow(
        expect.objectContaining({ code: 'ALLOCATION_IMPOSSIBLE' }),
      );
    });
  });

  describe('the profile fields', () => {
    it('every shipped profile loads with the 12-month window and its themes as they were', () => {
      for (const id of Object.keys(SHIPPED_PROFILES)) expect(loadProfile(id).excludeAuditedWithinMonths).toBe(12);
      expect(themeFor(profile, '2023-02')).toBe('Neglect');
      expect(themeCohortsFor(profile, '2023-02')).toBeNull();
    });

    it("a theme may name its cohorts, in the case list's spellings, and keeps its name", () => {
      const p = withTheme('09', { name: 'Permanence', cohorts: ['Looked after', ' cp '] });
      expect(themeFor(p, '2026-09')).toBe('Permanence');
      expect(themeCohortsFor(p, '2026-09')).toEqual(['CLA', 'CP']);
    });

    it.each([
      [-1, /^excludeAuditedWithinMonths: .*0 to turn the exclusion off/],
      [1.5, /^excludeAuditedWithinMonths: a whole number of months/],
      ['12', /^excludeAuditedWithinMonths: /],
    ])('refuses a window of %p by its path', (months, message) => {
      expect(issues({ ...base(), excludeAuditedWithinMonths: months })).toEqual([expect.stringMatching(message)]);
    });

    it.each([
      ['a string, not a list', 'CLA', /^themes\.12\.cohorts: a list of cohorts/],
      ['an empty list', [], /^themes\.12\.cohorts: list at least one cohort/],
      ['an empty name in the list', ['CLA', ' '], /^themes\.12\.cohorts\.1: a cohort/],
      ['a number in the list', ['CLA', 3], /^themes\.12\.cohorts\.1: /],
      ['no such cohort', ['CLA', 'Adoption'], /^themes\.12\.cohorts\.1: 'Adoption' is not a cohort \(EH, CIN, CP, CLA, CL\)/],
    ])("refuses a theme's cohorts that are %s, by the path of the field", (_what, cohorts, message) => {
      expect(issues({ ...base(), themes: { '12': { name: 'Permanence', cohorts } } })).toEqual([expect.stringMatching(message)]);
    });

    it('refuses a theme that is neither a name nor a name with cohorts', () => {
      expect(issues({ ...base(), themes: { '12': 5 } })).toEqual([expect.stringMatching(/^themes\.12: a theme's name, or/)]);
      expect(issues({ ...base(), themes: { '12': { cohorts: ['CLA'] } } })).toEqual([expect.stringMatching(/^themes\.12\.name: /)]);
    });
  });
});
