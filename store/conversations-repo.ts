import { z } from 'zod';
import type { Queryable } from './db';
import { logChange } from './audit-log';

// Row schemas are built once: zod compiles each schema on first use, so one built per row costs a compile per row.
const UninstalledRow = z.object({ uninstalledAt: z.date().nullable() });

const ConversationRefRowSchema = z.object({
  conversationId: z.string(),
  kind: z.enum(['personal', 'channel', 'groupChat']),
  tenantId: z.string().nullable(),
  serviceUrl: z.string(),
  aadObjectId: z.string().nullable(),
  personId: z.string().nullable(),
  teamId: z.string().nullable(),
  /** The botbuilder ConversationReference as Teams gave it. */
  reference: z.record(z.string(), z.unknown()),
});
export type ConversationRefRow = z.infer<typeof ConversationRefRowSchema>;
const refsOf = (rows: readonly unknown[]): ConversationRefRow[] => rows.map((r) => ConversationRefRowSchema.parse(r));

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
  const rows = refsOf(await db.query(
    `SELECT DISTINCT ON (person_id) ${COLUMNS} FROM conversation_refs
     WHERE person_id = ANY($1::text[]) AND kind = 'personal' AND uninstalled_at IS NULL
     ORDER BY person_id, installed_at DESC`,
    [[...new Set(personIds)]],
  ));
  return new Map(rows.flatMap((r) => (r.personId === null ? [] : [[r.personId, r] as const])));
}

/** The live personal conversation with a person, if the bot has one. */
export async function personalConversationOf(db: Queryable, personId: string): Promise<ConversationRefRow | null> {
  return (await personalConversationsOf(db, [personId])).get(personId) ?? null;
}

export async function channelConversations(db: Queryable): Promise<ConversationRefRow[]> {
  return refsOf(await db.query(`SELECT ${COLUMNS} FROM conversation_refs WHERE kind = 'channel' AND uninstalled_at IS NULL ORDER BY conversation_id`));
}

export async function getConversationRef(db: Queryable, conversationId: string): Promise<ConversationRefRow | null> {
  const rows = refsOf(await db.query(`SELECT ${COLUMNS} FROM conversation_refs WHERE conversation_id = $1`, [conversationId]));
  return rows[0] ?? null;
}

/** True when the bot is installed in this conversation now (known and not uninstalled since). */
export async function isInstalledIn(db: Queryable, conversationId: string): Promise<boolean> {
  const rows = await db.query('SELECT uninstalled_at AS "uninstalledAt" FROM conversation_refs WHERE conversation_id = $1', [conversationId]);
  const row = rows[0] === undefined ? undefined : UninstalledRow.parse(rows[0]);
  return row !== undefined && row.uninstalledAt === null;
}
