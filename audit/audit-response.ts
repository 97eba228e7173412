import { z } from 'zod';
import { GradeSchema } from './grades';

/**
 * What an auditor records for a case (004 §2.2–2.11, §5): the judgement and why, whether the findings were
 * discussed with the allocated worker or manager, whether the child, young person or parent was contacted and
 * their views in their own words or why not, good practice, what must improve, and any immediate safeguarding
 * concern (003 "Carrying out the audit": escalate at once).
 */
export const CONTACT_ANSWERS = ['yes', 'no', 'not_appropriate'] as const;
export const ContactAnswerSchema = z.enum(CONTACT_ANSWERS);
export type ContactAnswer = z.infer<typeof ContactAnswerSchema>;

export const AuditResponseSchema = z.object({
  grade: GradeSchema.nullable(),
  rationale: z.string(),
  discussionHeld: z.boolean(),
  contact: ContactAnswerSchema,
  contactViews: z.string().nullable(),
  goodPractice: z.string(),
  improvement: z.string(),
  safeguardingConcern: z.boolean(),
});
export type AuditResponse = z.infer<typeof AuditResponseSchema>;

export const RESPONSE_SOURCES = ['card', 'forms', 'import'] as const;
export type ResponseSource = (typeof RESPONSE_SOURCES)[number];

/** Does this response start the urgent path? An Inadequate grade (004 §2.11) or a safeguarding concern does. */
export function isUrgent(r: Pick<AuditResponse, 'grade' | 'safeguardingConcern'>): boolean {
  return r.grade === 'Inadequate' || r.safeguardingConcern;
}
