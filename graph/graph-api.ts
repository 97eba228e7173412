/**
 * GraphPort over the Graph client: each call names what it does and which application permission it needs,
 * so a 403 says exactly what to grant.
 */
import type { z } from 'zod';
import type { GraphClientHandle } from './graph-client';
import { itemHeader, realSleep, runBatch, type BatchRequestItem } from './graph-batch';
import { GraphError, errorForStatus, graphCall, parseRetryAfter, type GraphOperation } from './graph-errors';
import type { GraphPort, InstallOutcome, MailToSend } from './graph-port';
import { parseAutomaticReplies } from './automatic-replies';
import { ChatSchema, InstalledAppsPageSchema, ODataErrorSchema, PeoplePageSchema, PERSON_SELECT, PersonSchema, type BatchItemResponse, type Person } from './graph-schemas';
import { downloadItem, getItemMeta } from './workbook-download';

export interface GraphPortOptions {
  /** Rounds of re-sending throttled $batch items (default 3). */
  readonly maxItemRetries?: number;
  /** Wait used for a throttled $batch item without Retry-After (default: the client's retry delay). */
  readonly defaultRetryAfterSeconds?: number;
  readonly sleep?: (ms: number) => Promise<void>;
}

const e = encodeURIComponent;
const READ_USERS = 'User.Read.All';

function parseOr<T>(schema: z.ZodType<T>, raw: unknown, op: GraphOperation): T {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new GraphError('MALFORMED', `Graph's answer to ${op.what} was not in the documented shape: ${parsed.error.issues[0]?.message ?? ''}`);
}

function itemError(op: GraphOperation, item: BatchItemResponse): GraphError {
  const body = ODataErrorSchema.safeParse(item.body);
  return errorForStatus(op, item.status, body.success ? body.data.error.code : null, parseRetryAfter(itemHeader(item, 'Retry-After')));
}

/** OData string literal: single quotes doubled. */
function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function createGraphPort(handle: GraphClientHandle, options: GraphPortOptions = {}): GraphPort {
  const { client } = handle;
  const batchOptions = {
    maxItemRetries: options.maxItemRetries ?? 3,
    defaultRetryAfterSeconds: options.defaultRetryAfterSeconds ?? handle.config.retryDelaySeconds,
    sleep: options.sleep ?? realSleep,
  };

  /** Runs one GET per key through $batch and interprets each answer. */
  async function batchGet<K extends string, V>(
    keys: readonly K[],
    url: (key: K) => string,
    op: GraphOperation,
    interpret: (item: BatchItemResponse, key: K) => V,
  ): Promise<Map<K, V>> {
    const unique = [...new Set(keys)];
    const requests: BatchRequestItem[] = unique.map((key, i) => ({ id: String(i + 1), method: 'GET', url: url(key) }));
    const answers = await runBatch(handle, requests, op, batchOptions);
    const out = new Map<K, V>();
    unique.forEach((key, i) => out.set(key, interpret(answers.get(String(i + 1)) as BatchItemResponse, key)));
    return out;
  }

  const managerOp = (what: string): GraphOperation => ({ what, permission: READ_USERS });
  const managerUrl = (userId: string): string => `/users/${e(userId)}/manager?$select=${PERSON_SELECT}`;

  return {
    async getUser(idOrUpn) {
      const op = { what: `read user ${idOrUpn}`, permission: READ_USERS };
      const raw: unknown = await graphCall(op, () => client.api(`/users/${e(idOrUpn)}`).select(PERSON_SELECT).get());
      return parseOr(PersonSchema, raw, op);
    },

    async getUsersByEmail(emails) {
      const op = { what: `look up ${emails.length} users by email address`, permission: READ_USERS };
      return batchGet(
        emails,
        (email) => `/users?$filter=${e(`mail eq ${odataString(email)}`)}&$select=${PERSON_SELECT}`,
        op,
        (item) => {
          if (item.status !== 200) throw itemError(op, item);
          return parseOr(PeoplePageSchema, item.body, op).value[0] ?? null;
        },
      );
    },

    async getManager(userId) {
      const op = managerOp(`read the manager of user ${userId}`);
      try {
        const raw: unknown = await graphCall(op, () => client.api(managerUrl(userId)).get());
        return parseOr(PersonSchema, raw, op);
      } catch (error) {
        // Graph answers 404 when no manager is set.
        if (error instanceof GraphError && error.code === 'NOT_FOUND') return null;
        throw error;
      }
    },

    async getManagers(userIds) {
      const op = managerOp(`read the managers of ${userIds.length} users`);
      return batchGet(userIds, managerUrl, op, (item): Person | null => {
        if (item.status === 404) return null;
        if (item.status !== 200) throw itemError(op, item);
        return parseOr(PersonSchema, item.body, op);
      });
    },

    async getAutomaticReplies(userId) {
      const op = { what: `read the automatic-replies setting of user ${userId}`, permission: 'MailboxSettings.Read' };
      const raw: unknown = await graphCall(op, () => client.api(`/users/${e(userId)}/mailboxSettings/automaticRepliesSetting`).get());
      return parseAutomaticReplies(raw, userId);
    },

    downloadDriveItem: (item, ifNoneMatch) => downloadItem(handle, item, ifNoneMatch, { sleep: batchOptions.sleep }),
    getDriveItem: (item) => getItemMeta(handle, item),

    async sendMail(fromUserId, mail: MailToSend) {
      if (mail.to.length === 0) throw new GraphError('REJECTED', `An email "${mail.subject}" has no recipients; add at least one address.`);
      const op = { what: `send an email as ${fromUserId}`, permission: 'Mail.Send' };
      const message = {
        subject: mail.subject,
        importance: mail.importance,
        body: { contentType: 'HTML', content: mail.html },
        toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
      };
      await graphCall(op, () => client.api(`/users/${e(fromUserId)}/sendMail`).post({ message, saveToSentItems: true }));
    },

    async installAppForUser(userId, teamsAppId): Promise<InstallOutcome> {
      const op = { what: `install the Teams app for user ${userId}`, permission: 'TeamsAppInstallation.ReadWriteSelfForUser.All' };
      const body = { 'teamsApp@odata.bind': `${handle.root}/appCatalogs/teamsApps/${e(teamsAppId)}` };
      try {
        await graphCall(op, () => client.api(`/users/${e(userId)}/teamwork/installedApps`).post(body));
        return 'installed';
      } catch (error) {
        // 409 Conflict: the app is already in the user's personal scope, which is what we wanted.
        if (error instanceof GraphError && error.status === 409) return 'already-installed';
        throw error;
      }
    },

    async findAppInstallation(userId, teamsAppId) {
      const op = { what: `find the Teams app installation of user ${userId}`, permission: 'TeamsAppInstallation.ReadForUser.All' };
      const filter = e(`teamsApp/id eq ${odataString(teamsAppId)}`);
      const raw: unknown = await graphCall(op, () => client.api(`/users/${e(userId)}/teamwork/installedApps?$expand=teamsApp&$filter=${filter}`).get());
      return parseOr(InstalledAppsPageSchema, raw, op).value[0]?.id ?? null;
    },

    async getInstalledAppChat(userId, installationId) {
      const op = { what: `read the chat between user ${userId} and the Teams app`, permission: 'TeamsAppInstallation.ReadForUser.All' };
      const raw: unknown = await graphCall(op, () => client.api(`/users/${e(userId)}/teamwork/installedApps/${e(installationId)}/chat`).get());
      return parseOr(ChatSchema, raw, op).id;
    },
  };
}
