import { reconcileFormsResponse, type CandidateAllocation } from '../audit/forms-reconcile';
import type { ParsedFormsResponse } from '../audit/forms-response';
import type { ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import type { Queryable } from '../store/db';
import { insertUnmatchedMany, type NewUnmatched } from '../store/responses-repo';
import { recordResponses, type RecordResponseInput } from './record-response';

export type IngestOutcome = 'matched' | 'already-recorded' | 'unmatched';

/**
 * One Forms response, matched within the responder's own allocations and recorded, or kept as unmatched with its
 * reason: a page of one. Shared by `import responses` and the Graph workbook sync, so both match the same way.
 */
export async function ingestFormsResponse(
  tx: Queryable,
  profile: ProgrammeProfile,
  parsed: ParsedFormsResponse,
  source: 'forms',
  actor: string,
  today: IsoDate,
): Promise<IngestResult> {
  const [result] = await ingestFormsResponses(tx, profile, [{ kind: 'response', parsed }], source, actor, today);
  return result as IngestResult;
}

/** A row of a page of Forms responses: one to match, or one already known to be unmatched (an unreadable row). */
export type FormsIngestItem =
  | { kind: 'response'; parsed: ParsedFormsResponse }
  | { kind: 'unmatched'; unmatched: NewUnmatched };

export interface IngestResult {
  outcome: IngestOutcome;
  reason?: string;
}

const isDigits = (ref: string): boolean => /^\d+$/.test(ref);

/**
 * A page of Forms responses, with the same outcome as `ingestFormsResponse` row by row in order, in a few statements:
 * responders, their candidate allocations and the records are each read or written once for the page. The
 * candidates are updated in memory as rows match, so a second row for the same allocation is decided as it would be
 * after the first was recorded.
 */
export async function ingestFormsResponses(
  tx: Queryable,
  profile: ProgrammeProfile,
  items: readonly FormsIngestItem[],
  source: 'forms',
  actor: string,
  today: IsoDate,
): Promise<IngestResult[]> {
  const parsed = items.flatMap((i) => (i.kind === 'response' ? [i.parsed] : []));
  const responders = await respondersByEmail(tx, parsed.map((p) => p.responderEmail.trim()));
  const candidates = await candidatesOf(tx, parsed.flatMap((p) => {
    const id = responders.get(p.responderEmail.trim());
    return id === undefined || p.caseRef === null ? [] : [{ auditorId: id, caseRef: p.caseRef }];
  }));

  const toRecord: RecordResponseInput[] = [];
  const unmatched: NewUnmatched[] = [];
  const results = items.map((item): IngestResult => {
    if (item.kind === 'unmatched') {
      unmatched.push(item.unmatched);
      return { outcome: 'unmatched', reason: item.unmatched.reason };
    }
    const p = item.parsed;
    const responderId = responders.get(p.responderEmail.trim());
    const mine = responderId === undefined ? [] : candidates.get(responderId) ?? [];
    const match = reconcileFormsResponse(p, responderId !== undefined, mine);
    if (match.kind === 'matched' && responderId !== undefined) {
      toRecord.push({ allocationId: match.allocationId, response: p.response, source, sourceRef: p.responseId, submittedBy: responderId, returnedOn: today });
      // What the store would show the next row once this one is recorded.
      const c = mine.find((a) => a.id === match.allocationId);
      if (c !== undefined) Object.assign(c, { status: 'returned', responseSourceRef: p.responseId });
      return { outcome: 'matched' };
    }
    if (match.kind === 'already-recorded') return { outcome: 'already-recorded' };
    const reason = match.kind === 'unmatched' ? match.reason : 'unmatched';
    unmatched.push({
      source, sourceRef: p.responseId, responderEmail: p.responderEmail, caseRefGiven: p.caseRefGiven, reason,
      payload: { caseRef: p.caseRef, grade: p.response.grade, safeguardingConcern: p.response.safeguardingConcern },
    });
    return { outcome: 'unmatched', reason };
  });
  await recordResponses(tx, profile, toRecord);
  await insertUnmatchedMany(tx, unmatched, actor);
  return results;
}

/** Person ids by e-mail as given (trimmed), matched case-blind as `findPersonByEmail` does. */
async function respondersByEmail(tx: Queryable, emails: readonly string[]): Promise<Map<string, string>> {
  if (emails.length === 0) return new Map();
  const rows = await tx.query<{ given: string; id: string }>(
    `SELECT e.given, p.id FROM unnest($1::text[]) AS e(given) JOIN people p ON lower(p.email) = lower(e.given)`,
    [[...new Set(emails)]],
  );
  return new Map(rows.map((r) => [r.given, r.id]));
}

/**
 * Each responder's allocations that a row could match, by month then id as matching expects. Matching only looks at
 * allocations of the case named (or, for a bare number, of any case ending in it), so only those are read.
 */
async function candidatesOf(tx: Queryable, wanted: readonly { auditorId: string; caseRef: string }[]): Promise<Map<string, CandidateAllocation[]>> {
  const out = new Map<string, CandidateAllocation[]>();
  if (wanted.length === 0) return out;
  const rows = await tx.query<CandidateAllocation & { auditorId: string }>(
    `SELECT a.auditor_id AS "auditorId", a.id, a.case_ref AS "caseRef", a.month, a.status, r.source_ref AS "responseSourceRef"
     FROM allocations a LEFT JOIN responses r ON r.allocation_id = a.id
     WHERE a.auditor_id = ANY($1::text[]) AND (a.case_ref = ANY($2::text[]) OR a.auditor_id = ANY($3::text[]))
     ORDER BY a.month, a.id`,
    [
      [...new Set(wanted.map((w) => w.auditorId))],
      [...new Set(wanted.map((w) => w.caseRef))],
      [...new Set(wanted.filter((w) => isDigits(w.caseRef)).map((w) => w.auditorId))],
    ],
  );
  for (const { auditorId, ...c } of rows) {
    const list = out.get(auditorId);
    if (list === undefined) out.set(auditorId, [c]);
    else list.push(c);
  }
  return out;
}
