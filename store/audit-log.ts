import type { Queryable } from './db';
import { jsonRows } from './json-rows';

/** Who changed what and when. Details hold ids, grades and dates, never free text about a child. */
export async function logChange(
  tx: Queryable,
  actor: string,
  action: string,
  entity: string,
  entityId: string | number,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await tx.query('INSERT INTO audit_log (actor, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5)', [
    actor,
    action,
    entity,
    String(entityId),
    JSON.stringify(detail),
  ]);
}

export interface ChangeEntry {
  actor: string;
  action: string;
  entity: string;
  entityId: string | number;
  detail?: Record<string, unknown>;
}

/** Many changes in one statement, logged in the order given (a page of Forms rows is one round trip, not hundreds). */
export async function logChanges(tx: Queryable, entries: readonly ChangeEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (actor, action, entity, entity_id, detail)
     SELECT actor, action, entity, entity_id, detail
     FROM ROWS FROM (json_to_recordset($1::json) AS (actor text, action text, entity text, entity_id text, detail jsonb)) WITH ORDINALITY
       AS u(actor, action, entity, entity_id, detail, ord)
     ORDER BY ord`,
    [jsonRows(entries.map((e) => ({ actor: e.actor, action: e.action, entity: e.entity, entity_id: String(e.entityId), detail: e.detail ?? {} })))],
  );
}

export interface AuditLogEntry {
  at: Date;
  actor: string;
  action: string;
  entity: string;
  entityId: string;
  detail: Record<string, unknown>;
}

export async function auditTrail(db: Queryable, entity: string, entityId: string | number): Promise<AuditLogEntry[]> {
  return db.query<AuditLogEntry>(
    `SELECT at, actor, action, entity, entity_id AS "entityId", detail FROM audit_log
     WHERE entity = $1 AND entity_id = $2 ORDER BY id`,
    [entity, String(entityId)],
  );
}
