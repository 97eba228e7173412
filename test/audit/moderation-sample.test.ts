import type { Case } from '../../audit/cases';
import type { Grade } from '../../audit/grades';
import { drawModerationSample, moderationDates, type Moderator, type SampleCandidate } from '../../audit/moderation-sample';
import { loadProfile } from '../../audit/programme-profiles';

const southampton = loadProfile('southampton-qaf-2023');
const QA: Moderator[] = [{ id: 'qa1', team: 'QA Unit' }, { id: 'qa2', team: 'QA Unit' }];

const aCase = (i: number): Case => ({ caseRef: `CD7${String(i).padStart(5, '0')}`, serviceArea: 'CRS', team: `CRS Team ${i % 3}`, allocatedWorkerId: `sw-${i}`, teamManagerId: `tm-${i % 3}`, cohort: 'CIN', open: true });

function month(grades: readonly (Grade | null)[], auditor = (i: number) => `tm-${i % 5}`): SampleCandidate[] {
  return grades.map((grade, i) => ({ allocationId: 500 + i, auditorId: auditor(i), grade, case: aCase(i), covered: false }));
}

/** 40 returned audits: 4 Inadequate, 4 Requires Improvement (Southampton's focus grades), 32 Good or Outstanding. */
const MIXED: Grade[] = Array.from({ length: 40 }, (_, i) => (i % 10 === 3 ? 'Inadequate' : i % 10 === 7 ? 'Requires Improvement' : i % 2 === 0 ? 'Good' : 'Outstanding'));

const sampledIds = (d: ReturnType<typeof drawModerationSample>) => d.decisions.map((x) => x.allocationId);

describe('the monthly moderation dip sample (003 "A dip sample of audits will be moderated")', () => {
  test('QA moderates a dip sample of at least 25%, weighted to the focus grades', () => {
    const audits = month(MIXED);
    const draw = drawModerationSample(southampton, audits, QA, 202609);
    expect(draw.target).toBe(10);
    expect(draw.decisions.length).toBeGreaterThanOrEqual(audits.length * 0.25);
    const focus = audits.filter((a) => a.grade === 'Inadequate' || a.grade === 'Requires Improvement').map((a) => a.allocationId);
    // Every focus-grade audit is in: 8 of the 10, where a random quarter would hold about 2.
    for (const id of focus) expect(sampledIds(draw)).toContain(id);
    const share = (ids: readonly number[]) => ids.filter((id) => focus.includes(id)).length / ids.length;
    expect(share(sampledIds(draw))).toBeGreaterThan(share(audits.map((a) => a.allocationId)));
  });

  test('the same seed draws the same sample and the same moderators; another seed draws another', () => {
    const audits = month(Array.from({ length: 40 }, () => 'Good' as const));
    const first = drawModerationSample(southampton, audits, QA, 7);
    expect(drawModerationSample(southampton, [...audits].reverse(), QA, 7)).toEqual(first);
    const others = new Set(Array.from({ length: 6 }, (_, s) => sampledIds(drawModerationSample(southampton, audits, QA, 100 + s)).join(',')));
    expect(others.size).toBeGreaterThan(1);
  });

  test('no moderator is sent their own audit, and the work is shared between QA officers', () => {
    const audits = month(Array.from({ length: 12 }, () => 'Good' as const), (i) => (i < 6 ? 'qa1' : 'qa2'));
    const draw = drawModerationSample({ ...southampton, moderation: { ...southampton.moderation, sampleRate: 1 } }, audits, QA, 3);
    const byId = new Map(audits.map((a) => [a.allocationId, a]));
    const moderators = draw.decisions.map((d) => (d.outcome === 'request' ? d.moderatorId : null));
    expect(moderators).not.toContain(null);
    for (const d of draw.decisions) if (d.outcome === 'request') expect(d.moderatorId).not.toBe(byId.get(d.allocationId)?.auditorId);
    expect(moderators.filter((m) => m === 'qa1')).toHaveLength(6);
  });

  test('a moderator with a conflict of interest in the case is passed over; with no one left, QA is told to do it by hand', () => {
    // qa2 is the case's team manager for every audit; qa1 audited the last one.
    const audits = month(['Good', 'Good', 'Good', 'Good']).map((a, i) => ({ ...a, auditorId: i === 3 ? 'qa1' : 'tm-9', case: { ...a.case, teamManagerId: 'qa2' } }));
    const draw = drawModerationSample({ ...southampton, moderation: { ...southampton.moderation, sampleRate: 1 } }, audits, QA, 5);
    expect(draw.decisions.slice(0, 3).map((d) => (d.outcome === 'request' ? d.moderatorId : d.outcome))).toEqual(['qa1', 'qa1', 'qa1']);
    expect(draw.decisions[3]).toMatchObject({ outcome: 'no-moderator', reason: expect.stringContaining('conflict of interest') });
    // The moderator's team holding the case is a conflict too (004 §2.1).
    const sameTeam = drawModerationSample(southampton, month(['Good']), [{ id: 'qa3', team: 'CRS Team 0' }], 5);
    expect(sameTeam.decisions[0]?.outcome).toBe('no-moderator');
  });

  test('audits already moderated or asked for at return count toward the sample and are not sent again', () => {
    const audits = month(Array.from({ length: 8 }, () => 'Good' as const)).map((a, i) => ({ ...a, covered: i < 2 }));
    const draw = drawModerationSample(southampton, audits, QA, 11);
    expect(draw.target).toBe(2);
    expect(draw.decisions).toEqual([{ allocationId: 500, outcome: 'covered' }, { allocationId: 501, outcome: 'covered' }]);
    // One covered of eight: one more is drawn to reach the quarter.
    const one = drawModerationSample(southampton, audits.map((a, i) => ({ ...a, covered: i === 0 })), QA, 11);
    expect(one.decisions.filter((d) => d.outcome === 'request')).toHaveLength(1);
    expect(one.decisions).toHaveLength(2);
  });

  test('nothing returned, nothing sampled; dates: the 10th of the next month or the working day after, chased after 5 working days', () => {
    expect(drawModerationSample(southampton, [], QA, 1)).toEqual({ target: 0, decisions: [] });
    // 10 Oct 2026 is a Saturday.
    expect(moderationDates(southampton, '2026-09')).toEqual({ sampleDate: '2026-10-12', dueDate: '2026-10-19', chaseDate: '2026-10-20' });
  });
});
