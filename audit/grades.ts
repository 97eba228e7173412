import { z } from 'zod';

/** The four Ofsted-style judgements used by the guide to managers' monthly audits (004 §5). */
export const GRADES = ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'] as const;
export const GradeSchema = z.enum(GRADES);
export type Grade = z.infer<typeof GradeSchema>;

/** Order from best to worst, so moderation can say "downgraded" or "upgraded". */
export function gradeRank(grade: Grade): number {
  return GRADES.indexOf(grade);
}

// The spellings QA officers and Forms actually produce: "Requires improvement to be good" (004 §5.3), "RI", "RTBG".
const SPELLINGS: Record<string, Grade> = {
  outstanding: 'Outstanding',
  o: 'Outstanding',
  good: 'Good',
  g: 'Good',
  'requires improvement': 'Requires Improvement',
  'requires improvement to be good': 'Requires Improvement',
  'requires improvement to become good': 'Requires Improvement',
  ri: 'Requires Improvement',
  rtbg: 'Requires Improvement',
  rig: 'Requires Improvement',
  inadequate: 'Inadequate',
  i: 'Inadequate',
};

/** Reads a grade as people write it; null when it is not one of the four. */
export function normaliseGrade(raw: string): Grade | null {
  const key = raw
    .trim()
    .toLowerCase()
    .replace(/[‘’'"“”.]/g, '')
    .replace(/[\s_-]+/g, ' ');
  return SPELLINGS[key] ?? null;
}

/** Whole-number percentage for cards and markdown; JSON keeps exact fractions. */
export function wholePercent(fraction: number): string {
  return `${Math.round(fraction * 100)}%`;
}
