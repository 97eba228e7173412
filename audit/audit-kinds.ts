import { z } from 'zod';

/** The kinds of audit a programme runs; only `audit` counts in the monthly headline figures. */
export const AUDIT_KINDS = ['audit', 're-audit', 'thematic', 'supervision-observation', 'case-reflection'] as const;
export const AuditKindSchema = z.enum(AUDIT_KINDS);
export type AuditKind = z.infer<typeof AuditKindSchema>;
