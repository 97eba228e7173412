import { z } from 'zod';
import { KindAnswerSchema, NON_CASE_KINDS, type KindAnswer, type NonCaseKind } from '../audit/kind-forms';
import type { Queryable } from './db';
import { logChanges } from './audit-log';

/**
 * Activities about a person rather than a case (a supervision observation: 003 §9.1, §11; a practitioner's case
 * reflection sheet, 003 §9.3), with their own allocation
 * (migration 013), so a case audit's `case_ref` stays NOT NULL. The answers are stored as validated JSON.
 */
const ActivitySchema = z.object({
  id: z.number().int(),
  month: z.string(),
  kind: z.enum(NON_CASE_KINDS),
  auditorId: z.string(),
  subjectPersonId: z.string(),
  subjectName: z.string(),
  dueDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  status: z.enum(['allocated', 'returned']),
  /** `supervisionDate` for an observation only: a reflection sheet has no session to date. */
  answers: z.object({ supervisionDate: z.string().optional(), answers: z.array(KindAnswerSchema) }).nullable(),
  returnedAt: z.date().nullable(),
});
export type Activity = z.infer<typeof ActivitySchema>;

const COLUMNS = `v.id, v.month, v.kind, v.auditor_id AS "auditorId", v.subject_person_id AS "subjectPersonId",
  p.name AS "subjectName", to_char(v.due_date, 'YYYY-MM-DD') AS "dueDate", v.status, v.answers, v.returned_at AS "returnedAt"`;

export interface NewActivity {
  month: string;
  kind: NonCaseKind;
  auditorId: string;
  subjectPersonId: string;
  dueDate: string;
}

/** Allocates one activity; the same person observed (or reflecting) twice in a month is one activity (the first is kept). */
export async function insertActivity(tx: Queryable, a: NewActivity, actor: string): Promise<number | null> {
  const rows = await tx.query<{ id: number }>(
    `INSERT INTO activities (month, kind, auditor_id, subject_person_id, due_date) VALUES ($1, $2, $3, $4, $5::date)
     ON CONFLICT (month, kind, subject_person_id) DO NOTHING RETURNING id`,
    [a.month, a.kind, a.auditorId, a.subjectPersonId, a.dueDate],
  );
  const id = rows[0]?.id ?? null;
  if (id !== null) await logChanges(tx, [{ actor, action: 'activity.allocate', entity: 'activity', entityId: id, detail: { kind: a.kind, month: a.month } }]);
  return id;
}

export async function getActivity(db: Queryable, id: number): Promise<Activity | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM activities v JOIN people p ON p.id = v.subject_person_id WHERE v.id = $1`, [id]);
  return rows[0] === undefined ? null : ActivitySchema.parse(rows[0]);
}

/** An auditor's activities still to do, soonest due first: their part of "my audits". */
export async function openActivitiesFor(db: Queryable, auditorId: string): Promise<Activity[]> {
  const rows = await db.query(
    `SELECT ${COLUMNS} FROM activities v JOIN people p ON p.id = v.subject_person_id
     WHERE v.auditor_id = $1 AND v.status = 'allocated' ORDER BY v.due_date, v.id`,
    [auditorId],
  );
  return rows.map((r) => ActivitySchema.parse(r));
}

/** Records the answers once: a second submit (double click, Teams retry) finds it returned and changes nothing. */
export async function returnActivity(
  tx: Queryable,
  id: number,
  answers: { supervisionDate?: string; answers: readonly KindAnswer[] },
  actor: string,
): Promise<boolean> {
  const rows = await tx.query(
    `UPDATE activities SET status = 'returned', answers = $2::jsonb, returned_at = now(), submitted_by = $3
     WHERE id = $1 AND status = 'allocated' RETURNING id`,
    [id, JSON.stringify(answers), actor],
  );
  if (rows.length === 0) return false;
  await logChanges(tx, [{ actor, action: 'activity.return', entity: 'activity', entityId: id, detail: { questions: answers.answers.length } }]);
  return true;
}

/** Returned of allocated, per month and kind: the report's compliance of the non-case activities. */
export async function activityCompliance(db: Queryable, months: readonly string[]): Promise<{ month: string; kind: string; allocated: number; returned: number }[]> {
  if (months.length === 0) return [];
  return db.query(
    `SELECT month, kind, count(*)::int AS allocated, count(*) FILTER (WHERE status = 'returned')::int AS returned
     FROM activities WHERE month = ANY($1::text[]) GROUP BY month, kind ORDER BY month, kind`,
    [[...months]],
  );
}
