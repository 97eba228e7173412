import type { Queryable } from './db';
import { logChange } from './audit-log';

export interface ConversationRefRow {
  conversationId: string;
  kind: 'personal' | 'channel' | 'groupChat';
  tenantId: string | null;
  serviceUrl: string;
  aadObjectId: string | null;
  personId: string | null;
  teamId: string | null;
  /** The botbuilder ConversationReference as Teams gave it. */
  reference: Record<string, unknown>;
}

const COLUMNS = `conversation_id AS "conversationId", kind, tenant_id AS "tenantId", service_url AS "serviceUrl",
  aad_object_id AS "aadObjectId", person_id AS "personId", team_id AS "teamId", reference`;

export async function saveConversationRef(tx: Queryable, r: ConversationRefRow, actor: string): Promise<void> {
  await tx.query(
    `INSERT INTO conversation_refs (conversation_id, kind, tenant_id, service_url, aad_object_id, person_id, team_id, reference)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (conversation_id) DO UPDATE SET service_url = EXCLUDED.service_url, aad_object_id = EXCLUDED.aad_object_id,
       person_id = COALESCE(EXCLUDED.person_id, conversation_refs.person_id), reference = EXCLUDED.reference,
       installed_at = now(), uninstalled_at = NULL`,
    [r.conversationId, r.kind, r.tenantId, r.serviceUrl, r.aadObjectId, r.personId, r.teamId, JSON.stringify(r.reference)],
  );
  await logChange(tx, actor, 'conversation.install', 'conversation', r.conversationId, { kind: r.kind, personId: r.personId });
}

export async function markUninstalled(tx: Queryable, conversationId: string, actor: string): Promise<void> {
  await tx.query('UPDATE conversation_refs SET uninstalled_at = now() WHERE conversation_id = $1', [conversationId]);
  await logChange(tx, actor, 'conversation.uninstall', 'conversation', conversationId);
}

/** Each person's live personal conversation (the most recently installed), for those who have one, in one query. */
export async function personalConversationsOf(db: Queryable, personIds: readonly string[]): Promise<Map<string, ConversationRefRow>> {
  if (personIds.length === 0) return new Map();
  const rows = await db.query<ConversationRefRow>(
    `SELECT DISTINCT ON (person_id) ${COLUMNS} FROM conversation_refs
     WHERE person_id = ANY($1::text[]) AND kind = 'personal' AND uninstalled_at IS NULL
     ORDER BY person_id, installed_at DESC`,
    [[...new Set(personIds)]],
  );
  return new Map(rows.map((r) => [r.personId as string, r]));
}

/** The live personal conversation with a person, if the bot has one. */
export async function personalConversationOf(db: Queryable, personId: string): Promise<ConversationRefRow | null> {
  return (await personalConversationsOf(db, [personId])).get(personId) ?? null;
}

export async function channelConversations(db: Queryable): Promise<ConversationRefRow[]> {
  return db.query<ConversationRefRow>(`SELECT ${COLUMNS} FROM conversation_refs WHERE kind = 'channel' AND uninstalled_at IS NULL ORDER BY conversation_id`);
}

export async function getConversationRef(db: Queryable, conversationId: string): Promise<ConversationRefRow | null> {
  const rows = await db.query<ConversationRefRow>(`SELECT ${COLUMNS} FROM conversation_refs WHERE conversation_id = $1`, [conversationId]);
  return rows[0] ?? null;
}
