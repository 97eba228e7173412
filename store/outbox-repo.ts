import { z } from 'zod';
import type { OutboxChannel, OutboxMessage } from '../audit/outbox-messages';
import type { Queryable } from './db';
import { jsonRows } from './json-rows';

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const KeyRow = z.object({ key: z.string() });
const IdRow = z.object({ id: z.number().int() });
const KindCountRow = z.object({ kind: z.string(), n: z.number().int() });

export type { OutboxChannel, OutboxMessage } from '../audit/outbox-messages';
export type OutboxStatus = 'queued' | 'sending' | 'sent' | 'retrying' | 'failed';

/**
 * A stored row as read back: kind and payload are what was written, unchecked here; the sender parses them against
 * the contract (audit/outbox-messages.ts) so a row that does not fit fails visibly.
 */
const OutboxRowSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  channel: z.enum(['teams', 'email', 'qa-notice']),
  kind: z.string(),
  recipientId: z.string().nullable(),
  payload: z.record(z.string(), z.unknown()),
  status: z.enum(['queued', 'sending', 'sent', 'retrying', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  possiblyRepeated: z.boolean(),
});
const DepthRow = z.object({ status: OutboxRowSchema.shape.status, channel: OutboxRowSchema.shape.channel, n: z.number().int() });
export type OutboxRow = z.infer<typeof OutboxRowSchema>;

const rowsOf = (rows: readonly unknown[]): OutboxRow[] => rows.map((r) => OutboxRowSchema.parse(r));

/** Queues in the caller's transaction; true when new, false when this key was queued before. */
export async function enqueue(tx: Queryable, m: OutboxMessage): Promise<boolean> {
  const rows = await tx.query(
    `INSERT INTO outbox (key, channel, kind, recipient_id, payload) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (key) DO NOTHING RETURNING id`,
    [m.key, m.channel, m.kind, m.recipientId, JSON.stringify(m.payload)],
  );
  return rows.length > 0;
}

/**
 * Queues many messages in one statement, in the caller's transaction. A key queued before, or twice in the list, is
 * queued once (the first wins), exactly as one `enqueue` per message would. Returns the keys newly queued.
 */
export async function enqueueMany(tx: Queryable, messages: readonly OutboxMessage[]): Promise<string[]> {
  if (messages.length === 0) return [];
  const rows = await tx.query(
    `INSERT INTO outbox (key, channel, kind, recipient_id, payload)
     SELECT key, channel, kind, recipient_id, payload
     FROM ROWS FROM (json_to_recordset($1::json) AS (key text, channel text, kind text, recipient_id text, payload jsonb)) WITH ORDINALITY
       AS u(key, channel, kind, recipient_id, payload, ord)
     ORDER BY ord
     ON CONFLICT (key) DO NOTHING RETURNING key`,
    [jsonRows(messages.map((m) => ({ key: m.key, channel: m.channel, kind: m.kind, recipient_id: m.recipientId, payload: m.payload })))],
  );
  return rows.map((r) => KeyRow.parse(r).key);
}

const COLUMNS = `id, key, channel, kind, recipient_id AS "recipientId", payload, status, attempts, last_error AS "lastError",
  possibly_repeated AS "possiblyRepeated"`;

/**
 * Claims up to `limit` due rows for `workerId` in one statement (the graphile-worker / pg-boss pattern): a
 * `FOR UPDATE SKIP LOCKED` select feeding an update that sets the lease. A row found still `sending` with an
 * expired lease was in flight when its worker died: it is claimed again and marked possibly repeated, because
 * Teams may have accepted it before the crash.
 */
export async function claimDue(db: Queryable, workerId: string, limit: number, leaseSeconds: number, channels: readonly OutboxChannel[]): Promise<OutboxRow[]> {
  return rowsOf(await db.query(
    `WITH due AS (
       SELECT id FROM outbox
       WHERE channel = ANY($4::text[]) AND (
         (status IN ('queued', 'retrying') AND next_attempt_at <= now())
         OR (status = 'sending' AND locked_at < now() - make_interval(secs => $3)))
       ORDER BY next_attempt_at, id
       LIMIT $2
       FOR UPDATE SKIP LOCKED)
     UPDATE outbox o SET status = 'sending', locked_by = $1, locked_at = now(), attempts = o.attempts + 1,
       possibly_repeated = o.possibly_repeated OR o.status = 'sending'
     FROM due WHERE o.id = due.id
     RETURNING ${COLUMNS.split(',').map((c) => `o.${c.trim()}`).join(', ')}`,
    [workerId, limit, leaseSeconds, [...channels]],
  ));
}

/**
 * Extends the lease on rows `workerId` still holds; returns how many it still held. A claim's lease only has to
 * outlast a crash, not the slowest send: renewing lets leases be short (a dead worker's rows come back in seconds)
 * without a live worker's queued rows expiring under it and being sent twice.
 */
export async function renewLeases(db: Queryable, workerId: string, ids: readonly number[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await db.query(
    `UPDATE outbox SET locked_at = now() WHERE id = ANY($1::int[]) AND locked_by = $2 AND status = 'sending' RETURNING id`,
    [[...ids], workerId],
  );
  return rows.length;
}

/** Marks delivered; guarded by the lease so a worker whose lease lapsed cannot overwrite another's outcome. */
export async function markSent(db: Queryable, id: number, workerId: string, deliveredId: string | null): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox SET status = 'sent', sent_at = now(), delivered_id = $3, locked_by = NULL, locked_at = NULL, last_error = NULL
     WHERE id = $1 AND locked_by = $2 AND status = 'sending' RETURNING id`,
    [id, workerId, deliveredId],
  );
  return rows.length > 0;
}

export async function markRetry(db: Queryable, id: number, workerId: string, delayMs: number, error: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox SET status = 'retrying', next_attempt_at = now() + make_interval(secs => $3::double precision / 1000),
       last_error = $4, locked_by = NULL, locked_at = NULL
     WHERE id = $1 AND locked_by = $2 AND status = 'sending' RETURNING id`,
    [id, workerId, delayMs, error],
  );
  return rows.length > 0;
}

export async function markFailed(db: Queryable, id: number, workerId: string, error: string): Promise<boolean> {
  const rows = await db.query(
    `UPDATE outbox SET status = 'failed', last_error = $3, locked_by = NULL, locked_at = NULL
     WHERE id = $1 AND locked_by = $2 AND status = 'sending' RETURNING id`,
    [id, workerId, error],
  );
  return rows.length > 0;
}

/** Releases what this worker holds (graceful shutdown), so another instance sends it at once. */
export async function releaseClaims(db: Queryable, workerId: string): Promise<number> {
  const rows = await db.query(
    `UPDATE outbox SET status = CASE WHEN attempts > 1 THEN 'retrying' ELSE 'queued' END, attempts = attempts - 1,
       locked_by = NULL, locked_at = NULL WHERE locked_by = $1 AND status = 'sending' RETURNING id`,
    [workerId],
  );
  return rows.length;
}

/** A failed message as QA sees it: what, which case, how often tried, why; never who (no names, no e-mails). */
const FailedMessageSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  caseRef: z.string().nullable(),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
});
export type FailedMessage = z.infer<typeof FailedMessageSchema>;

export interface FailedFilter {
  kind?: string | undefined;
  /** Queued on or after this day, in `timeZone`. */
  since?: string | undefined;
  timeZone: string;
}

/** Failed rows, oldest first; the case comes from the payload or, failing that, from the allocation it names. */
export async function listFailed(db: Queryable, f: FailedFilter): Promise<FailedMessage[]> {
  const rows = await db.query(
    `SELECT o.id, o.kind, COALESCE(o.payload->>'caseRef', a.case_ref) AS "caseRef", o.attempts, o.last_error AS "lastError",
       o.created_at AS "createdAt"
     FROM outbox o
     LEFT JOIN allocations a ON jsonb_typeof(o.payload->'allocationId') = 'number' AND a.id = (o.payload->>'allocationId')::int
     WHERE o.status = 'failed' AND ($1::text IS NULL OR o.kind = $1)
       AND ($2::date IS NULL OR (o.created_at AT TIME ZONE $3)::date >= $2::date)
     ORDER BY o.id`,
    [f.kind ?? null, f.since ?? null, f.timeZone],
  );
  return rows.map((r) => FailedMessageSchema.parse(r));
}

/** Puts these failed rows back in the queue with a fresh count of attempts; returns the ids it requeued. */
export async function requeueFailed(tx: Queryable, ids: readonly number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const rows = await tx.query(
    `UPDATE outbox SET status = 'retrying', next_attempt_at = now(), attempts = 0
     WHERE status = 'failed' AND id = ANY($1::int[]) RETURNING id`,
    [[...ids]],
  );
  return rows.map((r) => IdRow.parse(r).id);
}

const CountSchema = z.object({ status: OutboxRowSchema.shape.status, n: z.number().int() });

export async function outboxCounts(db: Queryable): Promise<Record<OutboxStatus, number>> {
  const rows = await db.query('SELECT status, count(*)::int AS n FROM outbox GROUP BY status');
  const out: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, retrying: 0, failed: 0 };
  for (const r of rows.map((row) => CountSchema.parse(row))) out[r.status] = r.n;
  return out;
}

export async function listOutbox(db: Queryable, filter: { kind?: string; recipientId?: string } = {}): Promise<OutboxRow[]> {
  return rowsOf(await db.query(
    `SELECT ${COLUMNS} FROM outbox WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR recipient_id = $2) ORDER BY id`,
    [filter.kind ?? null, filter.recipientId ?? null],
  ));
}

/** Rows by status and channel, for the metrics endpoint. */
export async function outboxDepth(db: Queryable): Promise<{ status: OutboxStatus; channel: OutboxChannel; n: number }[]> {
  const rows = await db.query('SELECT status, channel, count(*)::int AS n FROM outbox GROUP BY status, channel');
  return rows.map((r) => DepthRow.parse(r));
}

/** Failed rows by kind, for the metrics endpoint. */
export async function failedByKind(db: Queryable): Promise<{ kind: string; n: number }[]> {
  const rows = await db.query(`SELECT kind, count(*)::int AS n FROM outbox WHERE status = 'failed' GROUP BY kind`);
  return rows.map((r) => KindCountRow.parse(r));
}

/**
 * Messages for QA as a whole (channel 'qa-notice', no recipient) not yet passed on to QA officers' own chats; locked,
 * skipping rows another instance holds, so each is relayed once.
 */
export async function takeQaNotices(tx: Queryable, limit: number): Promise<OutboxRow[]> {
  const rows = await tx.query(
    `SELECT ${COLUMNS} FROM outbox WHERE channel = 'qa-notice' AND status = 'queued' ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rowsOf(rows);
}

/** Marks QA notices as passed on: their per-officer copies, queued in the same transaction, carry the delivery. */
export async function markRelayed(tx: Queryable, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.query(`UPDATE outbox SET status = 'sent', sent_at = now(), delivered_id = 'relayed-to-qa' WHERE id = ANY($1::int[])`, [ids]);
}
