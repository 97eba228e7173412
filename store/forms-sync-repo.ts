import { z } from 'zod';
import type { Queryable } from './db';

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const RefRows = z.array(z.object({ ref: z.string() }));

/** What the Forms download sync keeps per workbook: the eTag of the last file read through, and when it looked. */
const FormsSyncStateSchema = z.object({
  source: z.string(),
  eTag: z.string().nullable(),
  rowsRead: z.coerce.number().int(),
  checkedAt: z.coerce.date().nullable(),
});
export type FormsSyncState = z.infer<typeof FormsSyncStateSchema>;

const COLUMNS = `source, etag AS "eTag", rows_read AS "rowsRead", checked_at AS "checkedAt"`;

export async function getFormsSyncState(db: Queryable, source: string): Promise<FormsSyncState | null> {
  const rows = await db.query(`SELECT ${COLUMNS} FROM forms_sync_state WHERE source = $1`, [source]);
  return rows.length === 0 ? null : FormsSyncStateSchema.parse(rows[0]);
}

/**
 * Takes the Forms ingest lock for the caller's transaction, so two syncs, or a sync and a push, record one after the
 * other and each sees what the other wrote: the check "is this response ID recorded?" cannot race.
 */
export async function lockFormsIngest(tx: Queryable): Promise<void> {
  await tx.query("SELECT pg_advisory_xact_lock(hashtext('audit-loop:forms-ingest'))");
}

/** Records a look at the workbook: a changed file read through (its eTag and rows), or a 304 (eTag unchanged). */
export async function saveFormsSyncCheck(db: Queryable, source: string, check: { eTag: string | null; rowsRead: number }): Promise<void> {
  await db.query(
    `INSERT INTO forms_sync_state (source, etag, rows_read, checked_at, updated_at) VALUES ($1, $2, $3, now(), now())
     ON CONFLICT (source) DO UPDATE SET etag = EXCLUDED.etag, rows_read = forms_sync_state.rows_read + EXCLUDED.rows_read,
       checked_at = now(), updated_at = now()`,
    [source, check.eTag, check.rowsRead],
  );
}

/** Which of these Forms response refs are already recorded, as a response or kept as unmatched. */
export async function recordedFormsRefs(tx: Queryable, source: string, refs: readonly string[]): Promise<Set<string>> {
  if (refs.length === 0) return new Set();
  const rows = await tx.query(
    `SELECT source_ref AS ref FROM responses WHERE source = $1 AND source_ref = ANY($2::text[])
     UNION SELECT source_ref AS ref FROM unmatched_responses WHERE source = $1 AND source_ref = ANY($2::text[])`,
    [source, [...refs]],
  );
  return new Set(RefRows.parse(rows).map((r) => r.ref));
}
