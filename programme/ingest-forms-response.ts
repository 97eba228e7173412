import { reconcileFormsResponse, type CandidateAllocation } from '../audit/forms-reconcile';
import { readFormsAnswers, type FormsRow, type ParsedFormsResponse } from '../audit/forms-response';
import { formsQuestionsOf, isGraded, type ProgrammeProfile } from '../audit/programme-profile';
import type { IsoDate } from '../audit/working-days';
import type { Queryable } from '../store/db';
import { candidateAllocations, respondersByEmail } from '../store/forms-matching-repo';
import { lockFormsIngest, recordedFormsRefs } from '../store/forms-sync-repo';
import { insertUnmatchedMany, type NewUnmatched } from '../store/responses-repo';
import { recordResponses, type RecordResponseInput } from './record-response';

export type IngestOutcome = 'matched' | 'already-recorded' | 'unmatched';

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
 * A page of Forms responses, with the same outcome as recording them one page of one at a time, in order, in a few statements:
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

/** Each responder's allocations that a row could match: those of the case named, or for a bare number, every case. */
function candidatesOf(tx: Queryable, wanted: readonly { auditorId: string; caseRef: string }[]): Promise<Map<string, CandidateAllocation[]>> {
  return candidateAllocations(tx, {
    auditorIds: [...new Set(wanted.map((w) => w.auditorId))],
    caseRefs: [...new Set(wanted.map((w) => w.caseRef))],
    anyCaseOf: [...new Set(wanted.filter((w) => isDigits(w.caseRef)).map((w) => w.auditorId))],
  });
}

/** A Forms response as read (a workbook row or a pushed body), and its name when it has no ID (`row:<line>`). */
export interface FormsRowInput {
  row: FormsRow;
  fallbackRef: string;
  /** What to call it in a reason ("workbook line 7"). */
  what: string;
  /** Where it came from, kept with an unreadable row for QA. */
  origin: Record<string, unknown>;
}

export type FormsRowOutcome = IngestOutcome | 'already-seen';

export interface FormsRowResult {
  ref: string;
  outcome: FormsRowOutcome;
  reason?: string;
}

/**
 * Forms responses from any path (the workbook download, a Power Automate push), recorded once each by response ID:
 * one already recorded (as a response or kept as unmatched) is 'already-seen' and changes nothing, and so is the
 * same ID again later in the list. A response whose answers cannot be read is kept as unmatched with the problems.
 * Takes the Forms ingest lock, so concurrent callers cannot both record the same ID.
 */
export async function ingestFormsRows(tx: Queryable, profile: ProgrammeProfile, inputs: readonly FormsRowInput[], actor: string, today: IsoDate): Promise<FormsRowResult[]> {
  await lockFormsIngest(tx);
  const q = formsQuestionsOf(profile);
  const graded = isGraded(profile);
  const prepared = inputs.map((input) => {
    const read = readFormsAnswers(input.row, q, graded);
    const id = input.row.responseId.trim();
    return { input, read, ref: read.ok ? read.value.responseId : id === '' ? input.fallbackRef : id };
  });
  const seen = await recordedFormsRefs(tx, 'forms', prepared.map((p) => p.ref));
  const items: FormsIngestItem[] = [];
  const itemIndex: number[] = [];
  const results: FormsRowResult[] = prepared.map((p, i) => {
    if (seen.has(p.ref)) return { ref: p.ref, outcome: 'already-seen' };
    seen.add(p.ref);
    itemIndex.push(i);
    if (p.read.ok) items.push({ kind: 'response', parsed: p.read.value });
    else {
      const email = p.input.row.responderEmail.trim();
      const caseRef = (p.input.row.answers[q.caseRef] ?? '').trim();
      items.push({
        kind: 'unmatched',
        unmatched: {
          source: 'forms', sourceRef: p.ref, responderEmail: email === '' ? null : email.toLowerCase(), caseRefGiven: caseRef === '' ? null : caseRef,
          reason: `${p.input.what} cannot be read: ${p.read.problems.map((x) => `${x.column} ${x.reason}`).join('; ')}`, payload: p.input.origin,
        },
      });
    }
    return { ref: p.ref, outcome: 'unmatched' };
  });
  const ingested = await ingestFormsResponses(tx, profile, items, 'forms', actor, today);
  ingested.forEach((r, j) => {
    const i = itemIndex[j] as number;
    results[i] = { ref: (results[i] as FormsRowResult).ref, ...r };
  });
  return results;
}
