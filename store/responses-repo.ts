import type { AuditResponse, ResponseSource } from '../audit/audit-response';
import type { Queryable } from './db';
import { logChange } from './audit-log';

export interface StoredResponse extends AuditResponse {
  id: number;
  allocationId: number;
  source: ResponseSource;
  sourceRef: string | null;
  submittedBy: string;
  submittedAt: Date;
}

const COLUMNS = `id, allocation_id AS "allocationId", grade, rationale, discussion_held AS "discussionHeld", contact,
  contact_views AS "contactViews", good_practice AS "goodPractice", improvement,
  safeguarding_concern AS "safeguardingConcern", source, source_ref AS "sourceRef", submitted_by AS "submittedBy",
  submitted_at AS "submittedAt"`;

/**
 * Stores the one response an allocation gets. A second submit (double click, Teams retry, a Forms row read again)
 * finds the first and changes nothing: `created` says which happened.
 */
export async function insertResponse(
  tx: Queryable,
  allocationId: number,
  r: AuditResponse,
  meta: { source: ResponseSource; sourceRef: string | null; submittedBy: string },
): Promise<{ created: boolean; response: StoredResponse }> {
  const inserted = await tx.query<StoredResponse>(
    `INSERT INTO responses (allocation_id, grade, rationale, discussion_held, contact, contact_views, good_practice,
       improvement, safeguarding_concern, source, source_ref, submitted_by)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
     ON CONFLICT DO NOTHING RETURNING ${COLUMNS}`,
    [allocationId, r.grade, r.rationale, r.discussionHeld, r.contact, r.contactViews, r.goodPractice, r.improvement,
      r.safeguardingConcern, meta.source, meta.sourceRef, meta.submittedBy],
  );
  if (inserted[0] !== undefined) {
    await logChange(tx, meta.submittedBy, 'response.record', 'allocation', allocationId, {
      grade: r.grade, safeguardingConcern: r.safeguardingConcern, source: meta.source,
    });
    return { created: true, response: inserted[0] };
  }
  const existing = await getResponse(tx, allocationId);
  if (existing === null) throw new Error(`response for allocation ${allocationId} conflicted but cannot be read`);
  return { created: false, response: existing };
}

export async function getResponse(db: Queryable, allocationId: number): Promise<StoredResponse | null> {
  const rows = await db.query<StoredResponse>(`SELECT ${COLUMNS} FROM responses WHERE allocation_id = $1`, [allocationId]);
  return rows[0] ?? null;
}

export async function countResponses(db: Queryable): Promise<number> {
  return (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM responses'))[0]?.n ?? 0;
}

export interface UnmatchedResponse {
  id: number;
  source: string;
  sourceRef: string;
  responderEmail: string | null;
  caseRefGiven: string | null;
  reason: string;
  receivedAt: Date;
}

/** A response that matched no allocation is kept for QA with its reason, never dropped. */
export async function insertUnmatched(
  tx: Queryable,
  u: { source: string; sourceRef: string; responderEmail: string | null; caseRefGiven: string | null; reason: string; payload: unknown },
  actor: string,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO unmatched_responses (source, source_ref, responder_email, case_ref_given, reason, payload)
     VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (source, source_ref) DO NOTHING RETURNING id`,
    [u.source, u.sourceRef, u.responderEmail, u.caseRefGiven, u.reason, JSON.stringify(u.payload)],
  );
  if (rows.length > 0) await logChange(tx, actor, 'response.unmatched', 'unmatched', `${u.source}:${u.sourceRef}`, { reason: u.reason });
  return rows.length > 0;
}

export async function listUnmatched(db: Queryable): Promise<UnmatchedResponse[]> {
  return db.query<UnmatchedResponse>(
    `SELECT id, source, source_ref AS "sourceRef", responder_email AS "responderEmail", case_ref_given AS "caseRefGiven",
       reason, received_at AS "receivedAt" FROM unmatched_responses WHERE resolved_at IS NULL ORDER BY id`,
  );
}
