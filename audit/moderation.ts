import { gradeRank, type Grade } from './grades';
import type { ProgrammeProfile } from './programme-profile';
import { seededRandom, shuffled } from './seeded-random';

/**
 * QA moderates a dip sample of at least the profile's rate (003 "A dip sample of audits will be moderated"), taking
 * every audit with a focus grade first (003: "Where an audit is graded as inadequate, it will be moderated").
 */
export function moderationSample(
  profile: ProgrammeProfile,
  returned: readonly { allocationId: number; grade: Grade | null }[],
  seed: number,
): number[] {
  if (returned.length === 0) return [];
  const target = Math.ceil(returned.length * profile.moderation.sampleRate);
  const focus = returned.filter((r) => r.grade !== null && profile.moderation.focusGrades.includes(r.grade));
  const rest = shuffled(
    returned.filter((r) => !focus.includes(r)),
    seededRandom(seed),
  );
  const picked = [...focus, ...rest.slice(0, Math.max(0, target - focus.length))];
  return picked.map((r) => r.allocationId).sort((a, b) => a - b);
}

export type ModerationChange = 'unchanged' | 'downgraded' | 'upgraded' | 'ungraded';

/** How moderation moved a judgement: towards Inadequate is a downgrade. */
export function moderationChange(original: Grade | null, moderated: Grade | null): ModerationChange {
  if (original === null || moderated === null) return 'ungraded';
  const delta = gradeRank(moderated) - gradeRank(original);
  return delta === 0 ? 'unchanged' : delta > 0 ? 'downgraded' : 'upgraded';
}

/** The grade that counts: the moderated one where QA changed it. */
export function finalGrade(original: Grade | null, moderated: Grade | null | undefined): Grade | null {
  return moderated ?? original;
}
