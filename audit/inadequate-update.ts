import type { Grade } from './grades';
import type { ProgrammeProfile } from './programme-profile';

/**
 * The Inadequate path's order and the team manager's updates (003: "Where an audit is graded as inadequate, it will
 * be moderated by the Quality Assurance Unit. Upon the grading being further agreed as inadequate, the case will be
 * escalated ... Update will need to be provided to Quality Assurance Unit within 3 days of the escalation. A further
 * update will be required after a week."). Pure rules; the store keeps the path, programme/ composes them.
 */
export type PathStatus = 'awaiting-moderation' | 'open' | 'stopped';
export const INADEQUATE_STAGES = ['update', 'follow-up'] as const;
export type InadequateStage = (typeof INADEQUATE_STAGES)[number];

/**
 * Where a returned audit's path starts. Not Inadequate: no path. Where the profile has QA moderate first and a QA
 * officer other than the auditor can, it waits for QA; otherwise (no moderation first, or nobody who could moderate,
 * so waiting would leave the case un-escalated) it opens on return.
 */
export function pathAtReturn(profile: ProgrammeProfile, grade: Grade | null, someoneCanModerate: boolean): Exclude<PathStatus, 'stopped'> | null {
  if (grade !== 'Inadequate') return null;
  return profile.inadequate.moderatedByQa && someoneCanModerate ? 'awaiting-moderation' : 'open';
}

/**
 * What QA's moderated grade does to the path: agreeing Inadequate (or downgrading to it) starts it; moderating away
 * from Inadequate stops one that is waiting or open; anything else leaves it as it is.
 */
export function pathAfterModeration(current: PathStatus | null, moderatedGrade: Grade | null): 'start' | 'stop' | 'none' {
  if (moderatedGrade === 'Inadequate') return current === 'open' ? 'none' : 'start';
  return current === 'open' || current === 'awaiting-moderation' ? 'stop' : 'none';
}

/** A message or step key for a path's round: the first round keeps the keys used before rounds existed. */
export function roundKey(key: string, round: number): string {
  return round <= 1 ? key : `${key}:r${round}`;
}

export const STANDINGS = ['awaiting moderation', 'awaiting 3-day update', 'awaiting 1-week follow-up', 'follow-up recorded', 're-audit allocated'] as const;
export type Standing = (typeof STANDINGS)[number];

/** Where an open Inadequate case stands, furthest step first. */
export function inadequateStanding(p: {
  status: 'awaiting-moderation' | 'open';
  updateRecorded: boolean;
  followUpRecorded: boolean;
  reauditAllocated: boolean;
}): Standing {
  if (p.status === 'awaiting-moderation') return 'awaiting moderation';
  if (p.reauditAllocated) return 're-audit allocated';
  if (p.followUpRecorded) return 'follow-up recorded';
  if (p.updateRecorded) return 'awaiting 1-week follow-up';
  return 'awaiting 3-day update';
}
