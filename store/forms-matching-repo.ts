/**
 * What matching a batch of Forms responses reads: who the responders are, and each responder's allocations that a
 * row could match (only those of the cases named, or for a bare number, of any case ending in it).
 */
import { z } from 'zod';
import { AllocationStatusSchema } from '../audit/allocation-lifecycle';
import type { CandidateAllocation } from '../audit/forms-reconcile';
import type { Queryable } from './db';

const ResponderSchema = z.object({ given: z.string(), id: z.string() });
const CandidateSchema = z.object({
  auditorId: z.string(),
  id: z.number().int(),
  caseRef: z.string(),
  month: z.string(),
  status: AllocationStatusSchema,
  responseSourceRef: z.string().nullable(),
});

/** Person ids by e-mail as given (trimmed), matched case-blind as `findPersonByEmail` does. */
export async function respondersByEmail(tx: Queryable, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await tx.query(
    `SELECT e.given, p.id FROM unnest($1::text[]) AS e(given) JOIN people p ON lower(p.email) = lower(e.given)`,
    [[...new Set(emails)]],
  );
  return new Map(rows.map((r) => ResponderSchema.parse(r)).map((r) => [r.given, r.id]));
}

/**
 * The allocations of these auditors to these cases (and, for auditors in `anyCaseOf`, to every case), by month then
 * id as matching expects, grouped by auditor.
 */
export async function candidateAllocations(
  tx: Queryable,
  q: { auditorIds: readonly string[]; caseRefs: readonly string[]; anyCaseOf: readonly string[] },
): Promise<Map<string, CandidateAllocation[]>> {
  const out = new Map<string, CandidateAllocation[]>();
  if (q.auditorIds.length === 0) return out;
  const rows = await tx.query(
    `SELECT a.auditor_id AS "auditorId", a.id, a.case_ref AS "caseRef", a.month, a.status, r.source_ref AS "responseSourceRef"
     FROM allocations a LEFT JOIN responses r ON r.allocation_id = a.id
     WHERE a.auditor_id = ANY($1::text[]) AND (a.case_ref = ANY($2::text[]) OR a.auditor_id = ANY($3::text[]))
     ORDER BY a.month, a.id`,
    [[...q.auditorIds], [...q.caseRefs], [...q.anyCaseOf]],
  );
  for (const { auditorId, ...c } of rows.map((r) => CandidateSchema.parse(r))) {
    const list = out.get(auditorId);
    if (list === undefined) out.set(auditorId, [c]);
    else list.push(c);
  }
  return out;
}
