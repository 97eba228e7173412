import { planAllocation, reauditsDue, dueDateFor } from '../../audit/allocation';
import { conflictOfInterest } from '../../audit/conflict-of-interest';
import { AuditError } from '../../audit/errors';
import { loadProfile, parseProfile, SHIPPED_PROFILES } from '../../audit/programme-profiles';
import { aCase, person, smallCouncil } from '../support/fixtures';

const profile = loadProfile('southampton-qaf-2023');

describe('monthly allocation (004 §2.1, 003 "Selection and distribution")', () => {
  const { people, cases } = smallCouncil();

  it('never allocates a case to an auditor whose own team holds it, nor to its worker or team manager', () => {
    for (let seed = 1; seed <= 40; seed++) {
      const plan = planAllocation({ month: '2026-09', profile, cases, people, seed, perArea: 3, reaudits: [] });
      for (const a of plan.allocations) {
        const auditor = people.find((p) => p.id === a.auditorId);
        const c = cases.find((x) => x.caseRef === a.caseRef);
        expect(auditor).toBeDefined();
        expect(conflictOfInterest(auditor!, c!)).toBeNull();
      }
    }
  });

  it('is reproducible: the same seed draws the same cases for the same auditors, another seed draws differently', () => {
    const a = planAllocation({ month: '2026-09', profile, cases, people, seed: 2026, perArea: 2, reaudits: [] });
    const b = planAllocation({ month: '2026-09', profile, cases, people, seed: 2026, perArea: 2, reaudits: [] });
    const c = planAllocation({ month: '2026-09', profile, cases, people, seed: 7, perArea: 2, reaudits: [] });
    expect(b.allocations).toEqual(a.allocations);
    expect(c.allocations.map((x) => `${x.caseRef}>${x.auditorId}`)).not.toEqual(a.allocations.map((x) => `${x.caseRef}>${x.auditorId}`));
  });

  it('selects open cases in every service area the cases are in, with no list of areas in the profile', () => {
    const plan = planAllocation({ month: '2026-09', profile, cases, people, seed: 3, perArea: 2, reaudits: [] });
    const areas = new Set(plan.allocations.map((a) => a.serviceArea));
    expect([...areas].sort()).toEqual(['C&FF', 'CRS', 'ICAS', 'Jigsaw']);
    expect(plan.allocations).toHaveLength(8);
    expect(plan.shortfalls).toEqual([]);
  });

  it('says which areas fell short, a pinned area with no open cases included', () => {
    const pinned = parseProfile({ ...(SHIPPED_PROFILES['southampton-qaf-2023'] as object), serviceAreas: ['CRS', 'BIT&SWEF', 'Jigsaw', 'ICAS', 'C&FF'] }, 'test');
    const some = cases.filter((c) => c.serviceArea !== 'ICAS' || c.caseRef === 'CD492100');
    const plan = planAllocation({ month: '2026-09', profile: pinned, cases: some, people, seed: 3, perArea: 2, reaudits: [] });
    expect(plan.shortfalls).toEqual(['BIT&SWEF: 0 open case(s), 2 asked for', 'ICAS: 1 open case(s), 2 asked for']);
  });

  it('spreads the load evenly: no auditor has two more audits than another', () => {
    for (let seed = 1; seed <= 20; seed++) {
      const plan = planAllocation({ month: '2026-09', profile, cases, people, seed, perArea: 5, reaudits: [] });
      const auditors = people.filter((p) => p.roles.includes('auditor'));
      const load = auditors.map((p) => plan.allocations.filter((a) => a.auditorId === p.id).length);
      expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(1);
    }
  });

  it('gives by default at least one audit to each auditor ("a minimum of one audit" a month, 003 §9.3)', () => {
    const plan = planAllocation({ month: '2026-09', profile, cases, people, seed: 11, reaudits: [] });
    const auditors = people.filter((p) => p.roles.includes('auditor'));
    expect(new Set(plan.allocations.map((a) => a.auditorId)).size).toBe(auditors.length);
  });

  it("adds a re-audit of last month's Inadequate case, with the auditor who found it where that is still allowed", () => {
    const reaudits = reauditsDue([
      { allocationId: 41, caseRef: 'CD491100', auditorId: 'tm-1-1', kind: 'audit', finalGrade: 'Inadequate' },
      { allocationId: 42, caseRef: 'CD491200', auditorId: 'tm-0-1', kind: 'audit', finalGrade: 'Good' },
    ]);
    expect(reaudits).toEqual([{ caseRef: 'CD491100', previousAuditorId: 'tm-1-1', sourceAllocationId: 41 }]);
    const plan = planAllocation({ month: '2026-10', profile, cases, people, seed: 5, perArea: 1, reaudits });
    const re = plan.allocations.filter((a) => a.kind === 're-audit');
    expect(re).toHaveLength(1);
    // CD491100 is held by Jigsaw Team 1, whose manager tm-1-1 audited it: that is a conflict, so someone else re-audits.
    expect(re[0]).toMatchObject({ caseRef: 'CD491100', reauditOf: 41 });
    expect(re[0]!.auditorId).not.toBe('tm-1-1');
    expect(plan.allocations.filter((a) => a.caseRef === 'CD491100')).toHaveLength(1);
  });

  it('keeps the same auditor for a re-audit when they have no conflict', () => {
    const reaudits = [{ caseRef: 'CD491100', previousAuditorId: 'tm-0-1', sourceAllocationId: 9 }];
    const plan = planAllocation({ month: '2026-10', profile, cases, people, seed: 5, perArea: 0, reaudits });
    expect(plan.allocations).toEqual([expect.objectContaining({ caseRef: 'CD491100', auditorId: 'tm-0-1', kind: 're-audit' })]);
  });

  it('refuses, naming the case, when every auditor has a conflict of interest', () => {
    const only = [person('a1', 'Team A', 'CRS', ['auditor'])];
    const c = [aCase('CD000001', 'CRS', 'Team A')];
    try {
      planAllocation({ month: '2026-09', profile, cases: c, people: only, seed: 1, perArea: 1, reaudits: [] });
      throw new Error('expected a refusal');
    } catch (e) {
      expect(e).toBeInstanceOf(AuditError);
      expect((e as AuditError).code).toBe('ALLOCATION_IMPOSSIBLE');
      expect((e as AuditError).details[0]).toContain('CD000001');
    }
  });

  it('sets the due date to the 28th, brought back to a working day (28 Dec 2026 is the Boxing Day substitute)', () => {
    expect(dueDateFor(profile, '2026-09')).toBe('2026-09-28');
    expect(dueDateFor(profile, '2026-11')).toBe('2026-11-27'); // the 28th is a Saturday
    expect(dueDateFor(profile, '2026-12')).toBe('2026-12-24');
  });
});
