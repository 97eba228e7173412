import type { Queryable } from './db';

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
