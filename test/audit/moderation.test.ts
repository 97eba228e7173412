import type { Grade } from '../../audit/grades';
import { finalGrade, moderationChange, moderationSample } from '../../audit/moderation';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import { loadProfile } from '../../audit/programme-profiles';

const southampton = loadProfile('southampton-qaf-2023');
const hillingdon = loadProfile('hillingdon-managers-monthly');

function returnedAudits(grades: (Grade | null)[]): { allocationId: number; grade: Grade | null }[] {
  return grades.map((grade, i) => ({ allocationId: 101 + i, grade }));
}

function withModeration(profile: ProgrammeProfile, moderation: ProgrammeProfile['moderation']): ProgrammeProfile {
  return { ...profile, moderation };
}

describe('the moderation dip sample (003 "A dip sample of audits will be moderated")', () => {
  test('no returned audits means nothing to moderate', () => {
    expect(moderationSample(southampton, [], 1)).toEqual([]);
  });

  test.each([
    [4, 1],
    [8, 2],
    [9, 3],
    [12, 3],
    [13, 4],
  ])('of %i returned Good audits, QA moderates %i: at least the profile\'s 25%, rounded up', (count, expected) => {
    const returned = returnedAudits(Array.from({ length: count }, () => 'Good' as const));
    const sample = moderationSample(southampton, returned, 7);
    expect(sample).toHaveLength(expected);
    expect(sample.length).toBeGreaterThanOrEqual(count * southampton.moderation.sampleRate);
  });

  test('the sample is drawn only from the returned audits, with no audit picked twice, in allocation order', () => {
    const returned = returnedAudits(Array.from({ length: 20 }, () => 'Good' as const));
    const sample = moderationSample(southampton, returned, 42);
    const ids = returned.map((r) => r.allocationId);
    for (const id of sample) expect(ids).toContain(id);
    expect(new Set(sample).size).toBe(sample.length);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
  });

  test('the same seed draws the same sample, so QA can show how it was drawn', () => {
    const returned = returnedAudits(Array.from({ length: 20 }, () => 'Good' as const));
    const first = moderationSample(southampton, returned, 2023);
    expect(moderationSample(southampton, returned, 2023)).toEqual(first);
    expect(first).toHaveLength(5);
  });

  test('different seeds draw different samples: the dip sample is random, not the first audits in the list', () => {
    const returned = returnedAudits(Array.from({ length: 20 }, () => 'Good' as const));
    const samples = new Set(Array.from({ length: 10 }, (_, seed) => moderationSample(southampton, returned, seed + 1).join(',')));
    expect(samples.size).toBeGreaterThan(1);
  });

  test('every Inadequate audit is moderated (003: "Where an audit is graded as inadequate, it will be moderated"), even beyond the 25%', () => {
    const returned = returnedAudits(['Good', 'Inadequate', 'Good', 'Inadequate', 'Inadequate', 'Good', 'Good', 'Good']);
    for (const seed of [1, 2, 3, 4, 5]) {
      const sample = moderationSample(southampton, returned, seed);
      expect(sample).toEqual([102, 104, 105]);
    }
  });

  test('the Southampton profile also takes every Requires Improvement audit first, and tops up with others to reach the rate', () => {
    const returned = returnedAudits(['Good', 'Good', 'Requires Improvement', 'Good', 'Good', 'Good', 'Outstanding', 'Good', 'Good', 'Good', 'Good', 'Good']);
    const sample = moderationSample(southampton, returned, 9);
    expect(sample).toHaveLength(3);
    expect(sample).toContain(103);
  });

  test('the Hillingdon profile focuses on Inadequate and Outstanding, not Requires Improvement', () => {
    const returned = returnedAudits(['Requires Improvement', 'Requires Improvement', 'Requires Improvement', 'Requires Improvement', 'Outstanding', 'Inadequate', 'Good', 'Good']);
    // 25% of 8 is 2, and the two focus grades fill it: no Requires Improvement audit is drawn.
    for (const seed of [1, 2, 3, 4, 5]) {
      expect(moderationSample(hillingdon, returned, seed)).toEqual([105, 106]);
    }
  });

  test('an audit returned without a grade is never a focus audit', () => {
    const profile = withModeration(southampton, { sampleRate: 0.25, focusGrades: ['Inadequate'] });
    const returned = returnedAudits([null, null, null, null, null, null, null, 'Inadequate']);
    // 25% of 8 is 2: the one Inadequate audit, and one ungraded audit drawn at random to reach the rate.
    for (const seed of [1, 2, 3, 4, 5]) {
      const sample = moderationSample(profile, returned, seed);
      expect(sample).toHaveLength(2);
      expect(sample).toContain(108);
    }
  });

  test('a profile that moderates every audit samples all of them', () => {
    const profile = withModeration(southampton, { sampleRate: 1, focusGrades: [] });
    const returned = returnedAudits(['Good', 'Outstanding', 'Requires Improvement', 'Good', 'Inadequate']);
    expect(moderationSample(profile, returned, 11)).toEqual([101, 102, 103, 104, 105]);
  });
});

describe('how moderation moved the judgement', () => {
  test.each<[Grade, Grade, string]>([
    ['Good', 'Good', 'unchanged'],
    ['Good', 'Requires Improvement', 'downgraded'],
    ['Outstanding', 'Inadequate', 'downgraded'],
    ['Inadequate', 'Requires Improvement', 'upgraded'],
    ['Requires Improvement', 'Outstanding', 'upgraded'],
  ])('from %s to %s is %s: towards Inadequate is a downgrade', (original, moderated, change) => {
    expect(moderationChange(original, moderated)).toBe(change);
  });

  test('where either side has no grade the change is "ungraded", not unchanged', () => {
    expect(moderationChange(null, 'Good')).toBe('ungraded');
    expect(moderationChange('Good', null)).toBe('ungraded');
    expect(moderationChange(null, null)).toBe('ungraded');
  });
});

describe('the grade that counts after moderation', () => {
  test("QA's moderated grade replaces the auditor's", () => {
    expect(finalGrade('Good', 'Inadequate')).toBe('Inadequate');
    expect(finalGrade('Inadequate', 'Requires Improvement')).toBe('Requires Improvement');
    expect(finalGrade(null, 'Good')).toBe('Good');
  });

  test("an audit not moderated, or moderated without a grade, keeps the auditor's grade", () => {
    expect(finalGrade('Requires Improvement', undefined)).toBe('Requires Improvement');
    expect(finalGrade('Outstanding', null)).toBe('Outstanding');
    expect(finalGrade(null, undefined)).toBeNull();
  });
});
