import { z } from 'zod';

/** Cohorts as the Annex A lists and the City of London summary (002 §1.3) break cases down. */
export const COHORTS = ['EH', 'CIN', 'CP', 'CLA', 'CL'] as const;
export const CohortSchema = z.enum(COHORTS);
export type Cohort = z.infer<typeof CohortSchema>;

const COHORT_SPELLINGS: Record<string, Cohort> = {
  eh: 'EH',
  'early help': 'EH',
  cin: 'CIN',
  'child in need': 'CIN',
  'children in need': 'CIN',
  cp: 'CP',
  'child protection': 'CP',
  cla: 'CLA',
  lac: 'CLA',
  'looked after': 'CLA',
  'child looked after': 'CLA',
  'looked after child': 'CLA',
  cl: 'CL',
  'care leaver': 'CL',
  'care leavers': 'CL',
};

export function normaliseCohort(raw: string): Cohort | null {
  return COHORT_SPELLINGS[raw.trim().toLowerCase().replace(/\s+/g, ' ')] ?? null;
}

export const CaseSchema = z.object({
  caseRef: z.string().min(1),
  serviceArea: z.string().min(1),
  team: z.string().min(1),
  allocatedWorkerId: z.string().min(1).nullable(),
  teamManagerId: z.string().min(1).nullable(),
  cohort: CohortSchema,
  open: z.boolean().default(true),
});
export type Case = z.infer<typeof CaseSchema>;
