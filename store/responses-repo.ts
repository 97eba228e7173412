import { AuditResponseSchema, RESPONSE_SOURCES, type AuditResponse, type ResponseSource } from '../audit/audit-response';
import { z } from 'zod';
import type { Queryable } from './db';
import { jsonRows } from './json-rows';
import { logChanges, type ChangeEntry } from './audit-log';

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const CountRow = z.object({ n: z.number().int() });

const StoredResponseSchema = AuditResponseSchema.extend({
  id: z.number().int(),
  allocationId: z.number().int(),
  source: z.enum(RESPONSE_SOURCES),
  sourceRef: z.string().nullable(),
  submittedBy: z.string(),
  submittedAt: z.date(),
});
export type StoredResponse = z.infer<typeof StoredResponseSchema>;
const InsertedRow = StoredResponseSchema.pick({ id: true, allocationId: true, sourceRef: true, submittedAt: true });
const storedOf = (rows: readonly unknown[]): StoredResponse[] => rows.map((r) => StoredResponseSchema.parse(r));

const COLUMNS = `id, allocation_id AS "allocationId", grade, rationale, discussion_held AS "discussionHeld", contact,
  contact_views AS "contactViews", good_practice AS "goodPractice", improvement,
  safeguarding_concern AS "safeguardingConcern", source, source_ref AS "sourceRef", submitted_by AS "submittedBy",
  submitted_at AS "submittedAt"`;

export interface NewResponse {
  allocationId: number;
  response: AuditResponse;
  source: ResponseSource;
  sourceRef: string | null;
  submittedBy: string;
}

/**
 * Stores the one response each allocation gets, many in one statement. A response already there (double click, Teams
 * retry, a Forms row read again, or the same allocation twice in the list) is left as it is, and so is one for an
 * allocation that does not exist (the caller says which): only the responses created are returned, in the order
 * given. The caller logs them (`responseRecorded`) with the rest of its change, in one statement.
 */
export async function insertResponses(tx: Queryable, rows: readonly NewResponse[]): Promise<StoredResponse[]> {
  if (rows.length === 0) return [];
  const inserted = (await tx.query(
    `INSERT INTO responses (allocation_id, grade, rationale, discussion_held, contact, contact_views, good_practice,
       improvement, safeguarding_concern, source, source_ref, submitted_by, month)
     SELECT u.allocation_id, grade, rationale, discussion_held, contact, contact_views, good_practice, improvement,
       safeguarding_concern, source, source_ref, submitted_by, a.month
     FROM ROWS FROM (json_to_recordset($1::json) AS (allocation_id int, grade text, rationale text, discussion_held boolean, contact text,
       contact_views text, good_practice text, improvement text, safeguarding_concern boolean, source text, source_ref text, submitted_by text))
       WITH ORDINALITY AS u(allocation_id, grade, rationale, discussion_held, contact, contact_views, good_practice, improvement,
         safeguarding_concern, source, source_ref, submitted_by, ord)
     -- An allocation that does not exist leaves month NULL for the trigger, and the insert fails as before.
     LEFT JOIN allocations a ON a.id = u.allocation_id
     ORDER BY ord
     ON CONFLICT DO NOTHING RETURNING id, allocation_id AS "allocationId", source_ref AS "sourceRef", submitted_at AS "submittedAt"`,
    [jsonRows(rows.map((n) => ({
      allocation_id: n.allocationId, grade: n.response.grade, rationale: n.response.rationale, discussion_held: n.response.discussionHeld,
      contact: n.response.contact, contact_views: n.response.contactViews, good_practice: n.response.goodPractice, improvement: n.response.improvement,
      safeguarding_concern: n.response.safeguardingConcern, source: n.source, source_ref: n.sourceRef, submitted_by: n.submittedBy,
    })))],
  )).map((r) => InsertedRow.parse(r));
  // The row holds what was given: only what the database chose (id, time) comes back, a fraction of the bytes.
  const givenByKey = new Map<string, NewResponse>();
  for (const n of rows) if (!givenByKey.has(`${n.allocationId}|${n.sourceRef}`)) givenByKey.set(`${n.allocationId}|${n.sourceRef}`, n);
  const created = inserted.sort((a, b) => a.id - b.id).map((r): StoredResponse => {
    const given = givenByKey.get(`${r.allocationId}|${r.sourceRef}`);
    if (given === undefined) throw new Error(`response ${r.id} was stored for allocation ${r.allocationId} but matches no row given`);
    return { ...given.response, id: r.id, allocationId: r.allocationId, source: given.source, sourceRef: r.sourceRef, submittedBy: given.submittedBy, submittedAt: r.submittedAt };
  });
  return created;
}

/** The audit log's line for a response stored. */
export function responseRecorded(r: StoredResponse): ChangeEntry {
  return {
    actor: r.submittedBy, action: 'response.record', entity: 'allocation', entityId: r.allocationId,
    detail: { grade: r.grade, safeguardingConcern: r.safeguardingConcern, source: r.source },
  };
}

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
  const [inserted] = await insertResponses(tx, [{ allocationId, response: r, ...meta }]);
  if (inserted !== undefined) {
    await logChanges(tx, [responseRecorded(inserted)]);
    return { created: true, response: inserted };
  }
  const existing = await getResponse(tx, allocationId);
  if (existing === null) throw new Error(`response for allocation ${allocationId} conflicted but cannot be read`);
  return { created: false, response: existing };
}

/** The responses of these allocations, by allocation id. */
export async function getResponses(db: Queryable, allocationIds: readonly number[]): Promise<Map<number, StoredResponse>> {
  if (allocationIds.length === 0) return new Map();
  const rows = storedOf(await db.query(`SELECT ${COLUMNS} FROM responses WHERE allocation_id = ANY($1::int[])`, [[...allocationIds]]));
  return new Map(rows.map((r) => [r.allocationId, r]));
}

export async function getResponse(db: Queryable, allocationId: number): Promise<StoredResponse | null> {
  const rows = storedOf(await db.query(`SELECT ${COLUMNS} FROM responses WHERE allocation_id = $1`, [allocationId]));
  return rows[0] ?? null;
}

export async function countResponses(db: Queryable): Promise<number> {
  return CountRow.parse((await db.query('SELECT count(*)::int AS n FROM responses'))[0]).n;
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

export interface NewUnmatched {
  source: string;
  sourceRef: string;
  responderEmail: string | null;
  caseRefGiven: string | null;
  reason: string;
  payload: unknown;
}

/**
 * Responses that matched no allocation are kept for QA with their reason, never dropped; many in one statement. One
 * kept before (or twice in the list: the first wins) is left as it is. Returns how many were kept now.
 */
export async function insertUnmatchedMany(tx: Queryable, rows: readonly NewUnmatched[], actor: string): Promise<number> {
  if (rows.length === 0) return 0;
  const inserted = await tx.query<{ id: number; source: string; sourceRef: string; reason: string }>(
    `INSERT INTO unmatched_responses (source, source_ref, responder_email, case_ref_given, reason, payload)
     SELECT source, source_ref, responder_email, case_ref_given, reason, payload
     FROM ROWS FROM (json_to_recordset($1::json) AS (source text, source_ref text, responder_email text, case_ref_given text, reason text, payload jsonb))
       WITH ORDINALITY AS u(source, source_ref, responder_email, case_ref_given, reason, payload, ord)
     ORDER BY ord
     ON CONFLICT (source, source_ref) DO NOTHING RETURNING id, source, source_ref AS "sourceRef", reason`,
    [jsonRows(rows.map((u) => ({ source: u.source, source_ref: u.sourceRef, responder_email: u.responderEmail, case_ref_given: u.caseRefGiven, reason: u.reason, payload: u.payload })))],
  );
  const kept = [...inserted].sort((a, b) => a.id - b.id);
  await logChanges(tx, kept.map((u) => ({ actor, action: 'response.unmatched', entity: 'unmatched', entityId: `${u.source}:${u.sourceRef}`, detail: { reason: u.reason } })));
  return kept.length;
}

/** A response that matched no allocation is kept for QA with its reason, never dropped. */
export async function insertUnmatched(tx: Queryable, u: NewUnmatched, actor: string): Promise<boolean> {
  return (await insertUnmatchedMany(tx, [u], actor)) > 0;
}

export async function listUnmatched(db: Queryable): Promise<UnmatchedResponse[]> {
  return db.query<UnmatchedResponse>(
    `SELECT id, source, source_ref AS "sourceRef", responder_email AS "responderEmail", case_ref_given AS "caseRefGiven",
       reason, received_at AS "receivedAt" FROM unmatched_responses WHERE resolved_at IS NULL ORDER BY id`,
  );
}

/** A returned audit whose grade (moderated when QA moderated it) is Inadequate, with whom to chase (003). */
const InadequateReturnSchema = z.object({
  allocationId: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  submittedAt: z.date(),
  teamManagerId: z.string().nullable(),
});
export type InadequateReturn = z.infer<typeof InadequateReturnSchema>;

export async function inadequateReturns(db: Queryable): Promise<InadequateReturn[]> {
  const rows = await db.query(
    `SELECT a.id AS "allocationId", a.month, a.case_ref AS "caseRef", r.submitted_at AS "submittedAt", c.team_manager_id AS "teamManagerId"
     FROM responses r JOIN allocations a ON a.id = r.allocation_id JOIN cases c ON c.case_ref = a.case_ref
     LEFT JOIN moderations m ON m.allocation_id = a.id
     WHERE COALESCE(m.moderated_grade, r.grade) = 'Inadequate' ORDER BY a.id`,
  );
  return rows.map((r) => InadequateReturnSchema.parse(r));
}

// ——— A themed month's answers, stored with the audit's response (migration 013). ———

const ThemeAnswerRowSchema = z.object({
  allocationId: z.number().int(),
  month: z.string(),
  caseRef: z.string(),
  theme: z.string(),
  answers: z.array(z.object({ question: z.string(), answer: z.string() })),
});
export type ThemeAnswerRow = z.infer<typeof ThemeAnswerRowSchema>;

/** Stores the theme answers of one returned audit; a second submit finds the first and changes nothing. */
export async function insertThemeAnswers(
  tx: Queryable,
  allocationId: number,
  theme: string,
  answers: readonly { question: string; answer: string }[],
  actor: string,
): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO theme_answers (allocation_id, theme, answers) VALUES ($1, $2, $3::jsonb)
     ON CONFLICT (allocation_id) DO NOTHING RETURNING allocation_id`,
    [allocationId, theme, JSON.stringify(answers)],
  );
  if (rows.length === 0) return false;
  await logChanges(tx, [{ actor, action: 'response.theme-answers', entity: 'allocation', entityId: allocationId, detail: { theme, questions: answers.length } }]);
  return true;
}

export async function getThemeAnswers(db: Queryable, allocationId: number): Promise<ThemeAnswerRow | null> {
  const rows = await db.query(
    `SELECT t.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", t.theme, t.answers
     FROM theme_answers t JOIN allocations a ON a.id = t.allocation_id WHERE t.allocation_id = $1`,
    [allocationId],
  );
  return rows[0] === undefined ? null : ThemeAnswerRowSchema.parse(rows[0]);
}

/** The theme answers of the months' returned audits, by case reference (never a name), for the theme findings. */
export async function themeAnswersForMonths(db: Queryable, months: readonly string[]): Promise<ThemeAnswerRow[]> {
  if (months.length === 0) return [];
  const rows = await db.query(
    `SELECT t.allocation_id AS "allocationId", a.month, a.case_ref AS "caseRef", t.theme, t.answers
     FROM theme_answers t JOIN allocations a ON a.id = t.allocation_id
     WHERE a.month = ANY($1::text[]) AND a.status IN ('returned', 'overseen') ORDER BY a.month, a.case_ref`,
    [[...months]],
  );
  return rows.map((r) => ThemeAnswerRowSchema.parse(r));
}
