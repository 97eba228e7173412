/**
 * Reaching someone who has never opened the bot: install the Teams app in their personal scope through Graph, find
 * the 1:1 chat that creates, and store it as their personal conversation reference, so the outbox can message
 * them. Missing consent is a configuration problem for an administrator, returned (and logged), never thrown.
 */
import type { Person } from '../audit/people';
import type { Db } from '../store/db';
import { personalConversationOf, saveConversationRef, type ConversationRefRow } from '../store/conversations-repo';
import { GraphError } from '../graph/graph-errors';
import type { GraphPort } from '../graph/graph-port';

export interface ProactiveInstallSettings {
  /** The app's id in the org app catalog (TEAMS_APP_ID). */
  readonly teamsAppId: string;
  /** Teams' service URL for proactive messages (TEAMS_SERVICE_URL). */
  readonly serviceUrl: string;
  readonly tenantId: string | null;
  /** The bot's Microsoft App id, for the reference's `bot` (optional). */
  readonly botAppId?: string | null;
}

export class GraphConfigurationError extends Error {
  readonly code = 'GRAPH_NOT_CONFIGURED';
  constructor(message: string, readonly graphError: GraphError) {
    super(message);
    this.name = 'GraphConfigurationError';
  }
}

export interface InstallLogger {
  warn(detail: Record<string, unknown>, message: string): void;
}

export type ProactiveInstallOutcome =
  | { readonly kind: 'existing'; readonly ref: ConversationRefRow }
  | { readonly kind: 'installed'; readonly ref: ConversationRefRow; readonly alreadyInstalled: boolean }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'configuration-error'; readonly error: GraphConfigurationError };

function referenceFor(person: Person, chatId: string, s: ProactiveInstallSettings): Record<string, unknown> {
  return {
    channelId: 'msteams',
    serviceUrl: s.serviceUrl,
    conversation: { id: chatId, conversationType: 'personal', isGroup: false, ...(s.tenantId === null ? {} : { tenantId: s.tenantId }) },
    user: { id: person.aadObjectId, aadObjectId: person.aadObjectId },
    ...(s.botAppId ? { bot: { id: `28:${s.botAppId}` } } : {}),
  };
}

export async function ensurePersonalConversation(
  db: Db,
  graph: Pick<GraphPort, 'installAppForUser' | 'findAppInstallation' | 'getInstalledAppChat'>,
  person: Person,
  settings: ProactiveInstallSettings,
  actor: string,
  log?: InstallLogger,
): Promise<ProactiveInstallOutcome> {
  const existing = await personalConversationOf(db, person.id);
  if (existing !== null) return { kind: 'existing', ref: existing };
  if (person.aadObjectId === null) return { kind: 'skipped', reason: `${person.id} has no Entra object id on record, so the app cannot be installed for them.` };
  const userId = person.aadObjectId;
  try {
    const outcome = await graph.installAppForUser(userId, settings.teamsAppId);
    const installationId = await graph.findAppInstallation(userId, settings.teamsAppId);
    if (installationId === null) {
      return { kind: 'skipped', reason: `Graph reported the app ${outcome} for ${person.id} but lists no installation; try again later.` };
    }
    const chatId = await graph.getInstalledAppChat(userId, installationId);
    const ref: ConversationRefRow = {
      conversationId: chatId, kind: 'personal', tenantId: settings.tenantId, serviceUrl: settings.serviceUrl,
      aadObjectId: userId, personId: person.id, teamId: null, reference: referenceFor(person, chatId, settings),
    };
    await db.transaction((tx) => saveConversationRef(tx, ref, actor));
    return { kind: 'installed', ref, alreadyInstalled: outcome === 'already-installed' };
  } catch (error) {
    if (!(error instanceof GraphError)) throw error;
    if (error.code === 'CONSENT_MISSING' || error.code === 'UNAUTHENTICATED') {
      const config = new GraphConfigurationError(`Audit Loop cannot install its Teams app for ${person.id}: ${error.message}`, error);
      log?.warn({ code: config.code, graphCode: error.graphCode, personId: person.id }, config.message);
      return { kind: 'configuration-error', error: config };
    }
    return { kind: 'skipped', reason: `Installing the Teams app for ${person.id} failed (${error.code}): ${error.message}` };
  }
}
