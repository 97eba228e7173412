import { z } from 'zod';
import { AllocationIdSchema, blankToUndefined, optionalText, requiredChoice, requiredText } from './verb-fields';

/**
 * The data of the return loop's verbs (exemption requests, oversight, disagreement), parsed before any handler sees
 * it. Cards listing several audits suffix input ids with the allocation id; `liftSuffixed` (verbs.ts) handles that.
 */

function recordId(what: string) {
  return z.preprocess(
    (v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v),
    z.number({ error: `The card is missing its ${what} id; open it again from the latest message.` }).int().positive(),
  );
}

export const EXEMPTION_CATEGORIES = ['leave', 'capacity', 'conflict-of-interest'] as const;

/** 004 §2.18: the auditor asks, for leave, capacity or a conflict of interest, with a short reason. */
export const ExemptionRequestDataSchema = z.object({
  allocationId: AllocationIdSchema,
  category: requiredChoice(EXEMPTION_CATEGORIES, 'Choose why: leave, capacity or a conflict of interest.'),
  reason: requiredText('Say briefly why you cannot do this audit.', 5, 'Give a fuller reason (at least 5 characters).'),
});

/** The line manager's, or the PSW's, answer; refusing needs a note the auditor will read. */
export const ExemptionDecideDataSchema = z
  .object({
    requestId: recordId('exemption request'),
    decision: requiredChoice(['agree', 'refuse'] as const, 'Choose agree or refuse.'),
    note: optionalText(),
  })
  .refine((d) => d.decision === 'agree' || (d.note !== undefined && d.note.length >= 5), {
    path: ['note'],
    error: 'Say why the exemption is refused (at least 5 characters).',
  });

/** QA's follow-up of an agreed exemption: reallocate the case to another auditor, or drop it from the month. */
export const ExemptionFollowUpDataSchema = z.object({
  requestId: recordId('exemption request'),
  action: requiredChoice(['reallocate', 'drop'] as const, 'Choose reallocate or drop.'),
});

/** 003: the service lead agrees with a returned audit or disputes it with a reason. */
export const OversightRecordDataSchema = z
  .object({
    allocationId: AllocationIdSchema,
    decision: requiredChoice(['agree', 'dispute'] as const, 'Choose agree or dispute.'),
    reason: optionalText(),
  })
  .refine((d) => d.decision === 'agree' || (d.reason !== undefined && d.reason.length >= 10), {
    path: ['reason'],
    error: 'Give the reason for the dispute (at least 10 characters).',
  });

/** 004 §2.12: the allocated worker or team manager disagrees with a returned audit's grade. */
export const DisagreementRaiseDataSchema = z.object({
  allocationId: AllocationIdSchema,
  reason: requiredText('Say what you disagree with.', 10, 'Give a fuller reason (at least 10 characters).'),
});

/** The review's (or the mediation's) outcome: the grade kept, or changed to another on the scale, with a note. */
export const DisagreementResolveDataSchema = z
  .object({
    disagreementId: recordId('disagreement'),
    outcome: requiredChoice(['grade-kept', 'grade-changed'] as const, 'Choose whether the grade is kept or changed.'),
    newGrade: z.preprocess(blankToUndefined, z.string().max(60).optional()),
    note: requiredText('Record what was agreed.', 10, 'Give a fuller note (at least 10 characters).'),
  })
  .refine((d) => d.outcome === 'grade-kept' || d.newGrade !== undefined, { path: ['newGrade'], error: 'Choose the new grade.' });

export type ExemptionRequestData = z.infer<typeof ExemptionRequestDataSchema>;
export type ExemptionDecideData = z.infer<typeof ExemptionDecideDataSchema>;
export type ExemptionFollowUpData = z.infer<typeof ExemptionFollowUpDataSchema>;
export type OversightRecordData = z.infer<typeof OversightRecordDataSchema>;
export type DisagreementRaiseData = z.infer<typeof DisagreementRaiseDataSchema>;
export type DisagreementResolveData = z.infer<typeof DisagreementResolveDataSchema>;
