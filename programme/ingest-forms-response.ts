import { reconcileFormsResponse } from '../audit/forms-reconcile';
import type { ParsedFormsResponse } from '../audit/forms-response';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import type { Queryable } from '../store/db';
import { findPersonByEmail } from '../store/people-repo';
import { insertUnmatched } from '../store/responses-repo';
import { recordResponse } from './record-response';

export type IngestOutcome = 'matched' | 'already-recorded' | 'unmatched';

/**
 * One Forms response, matched within the responder's own allocations and recorded, or kept as unmatched with its
 * reason. Shared by `import responses` and the Graph workbook sync, so both match the same way.
 */
export async function ingestFormsResponse(
  tx: Queryable,
  profile: ProgrammeProfile,
  parsed: ParsedFormsResponse,
  source: 'forms',
  actor: string,
  today: IsoDate,
): Promise<{ outcome: IngestOutcome; reason?: string }> {
  const responder = await findPersonByEmail(tx, parsed.responderEmail);
  const candidates = responder === null ? [] : await tx.query<{ id: number; caseRef: string; month: string; status: 'allocated' | 'returned' | 'overseen' | 'exempted'; responseSourceRef: string | null }>(
    `SELECT a.id, a.case_ref AS "caseRef", a.month, a.status, r.source_ref AS "responseSourceRef"
     FROM allocations a LEFT JOIN responses r ON r.allocation_id = a.id WHERE a.auditor_id = $1 ORDER BY a.month, a.id`,
    [responder.id],
  );
  const match = reconcileFormsResponse(parsed, responder !== null, candidates);
  if (match.kind === 'matched' && responder !== null) {
    await recordResponse(tx, profile, {
      allocationId: match.allocationId, response: parsed.response, source, sourceRef: parsed.responseId, submittedBy: responder.id, returnedOn: today,
    });
    return { outcome: 'matched' };
  }
  if (match.kind === 'already-recorded') return { outcome: 'already-recorded' };
  const reason = match.kind === 'unmatched' ? match.reason : 'unmatched';
  await insertUnmatched(tx, {
    source, sourceRef: parsed.responseId, responderEmail: parsed.responderEmail, caseRefGiven: parsed.caseRefGiven, reason,
    payload: { caseRef: parsed.caseRef, grade: parsed.response.grade, safeguardingConcern: parsed.response.safeguardingConcern },
  }, actor);
  return { outcome: 'unmatched', reason };
}
