/**
 * A small typed client for the Bot Framework Connector REST API v3 as Teams serves it.
 * It never throws on an HTTP status or a network failure: every call resolves to a result the
 * retry policy can classify, plus the parsed value on success.
 */
import { z } from 'zod';
import { nodeHttpTransport, type Transport, type WireResponse } from './http-transport';
import type { HttpResult } from './retry-policy';

export interface TokenProvider {
  getToken(): Promise<string>;
}

/** For tests and the local simulator; production wraps botframework-connector's credentials. */
export class StaticTokenProvider implements TokenProvider {
  constructor(private readonly token: string) {}
  async getToken(): Promise<string> {
    return this.token;
  }
}

/** An outgoing activity; `type` is the one field the connector insists on. */
export type OutgoingActivity = { type: string } & Record<string, unknown>;

export const ResourceResponseSchema = z.object({ id: z.string().min(1) });
export const ConversationResourceResponseSchema = z.object({
  id: z.string().min(1),
  activityId: z.string().optional(),
  serviceUrl: z.string().optional(),
});

export type ConversationResource = z.infer<typeof ConversationResourceResponseSchema>;

export type ConnectorCall<T> = { http: HttpResult; value: T | null };

/** Per call: `onWire` runs when the request has actually left this process (after any connection set-up). */
export interface CallHooks {
  onWire?: () => void;
}

export interface CreateConversationInput {
  botId: string;
  userId: string;
  tenantId: string;
}

export interface ConnectorClientOptions {
  tokens: TokenProvider;
  timeoutMs?: number;
  transport?: Transport;
}

export class ConnectorClient {
  private readonly timeoutMs: number;
  private readonly transport: Transport;

  constructor(private readonly options: ConnectorClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.transport = options.transport ?? nodeHttpTransport;
  }

  /** Create (or, as Teams does for 1:1, find) the personal conversation between the bot and a user. */
  createConversation(serviceUrl: string, input: CreateConversationInput, hooks: CallHooks = {}): Promise<ConnectorCall<ConversationResource>> {
    const body = {
      bot: { id: input.botId },
      members: [{ id: input.userId }],
      channelData: { tenant: { id: input.tenantId } },
      isGroup: false,
      tenantId: input.tenantId,
    };
    return this.call('POST', serviceUrl, ['v3', 'conversations'], body, ConversationResourceResponseSchema, hooks);
  }

  sendActivity(serviceUrl: string, conversationId: string, activity: OutgoingActivity, hooks: CallHooks = {}): Promise<ConnectorCall<{ id: string }>> {
    return this.call('POST', serviceUrl, ['v3', 'conversations', conversationId, 'activities'], activity, ResourceResponseSchema, hooks);
  }

  replyToActivity(
    serviceUrl: string,
    conversationId: string,
    replyToId: string,
    activity: OutgoingActivity,
  ): Promise<ConnectorCall<{ id: string }>> {
    const path = ['v3', 'conversations', conversationId, 'activities', replyToId];
    return this.call('POST', serviceUrl, path, { ...activity, replyToId }, ResourceResponseSchema);
  }

  /** Replace a previously sent activity (card refresh). Teams answers with the activity id. */
  updateActivity(
    serviceUrl: string,
    conversationId: string,
    activityId: string,
    activity: OutgoingActivity,
    hooks: CallHooks = {},
  ): Promise<ConnectorCall<{ id: string }>> {
    const path = ['v3', 'conversations', conversationId, 'activities', activityId];
    return this.call('PUT', serviceUrl, path, { ...activity, id: activityId }, ResourceResponseSchema, hooks);
  }

  private async call<T>(
    method: 'POST' | 'PUT',
    serviceUrl: string,
    segments: readonly string[],
    body: unknown,
    schema: z.ZodType<T>,
    hooks: CallHooks = {},
  ): Promise<ConnectorCall<T>> {
    // A timer cleared as soon as the answer is in: AbortSignal.timeout() would keep the request's state reachable for
    // the whole timeout after the answer came.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(new DOMException('The operation timed out.', 'TimeoutError')), this.timeoutMs);
    let response: WireResponse;
    try {
      const token = await this.options.tokens.getToken();
      response = await this.transport({
        method,
        url: buildUrl(serviceUrl, segments),
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(body),
        signal: abort.signal,
        onWire: hooks.onWire,
      });
    } catch (error) {
      // Includes headers that arrived without their body: the service may have acted, yet we cannot tell.
      return { http: networkError(error), value: null };
    } finally {
      clearTimeout(timer);
    }
    const text = response.body;
    const parsedBody = parseBody(text);
    const retryAfter = response.header('retry-after');
    if (response.status < 200 || response.status >= 300) {
      return { http: { kind: 'response', status: response.status, retryAfter, body: parsedBody }, value: null };
    }
    const parsed = schema.safeParse(parsedBody);
    if (!parsed.success) {
      return { http: { kind: 'invalid-response', status: response.status, message: parsed.error.message }, value: null };
    }
    return { http: { kind: 'response', status: response.status, retryAfter, body: parsedBody }, value: parsed.data };
  }
}

/** serviceUrl values look like `https://smba.trafficmanager.net/teams/`: keep their path prefix. */
export function buildUrl(serviceUrl: string, segments: readonly string[]): string {
  const base = serviceUrl.endsWith('/') ? serviceUrl : `${serviceUrl}/`;
  return new URL(segments.map((s) => encodeURIComponent(s)).join('/'), base).toString();
}

function parseBody(text: string): unknown {
  if (text.length === 0) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function networkError(error: unknown): HttpResult {
  // Duck-typed: fetch's DOMException (TimeoutError) is not an `Error` instance in every realm.
  const fields = typeof error === 'object' && error !== null ? (error as { name?: unknown; message?: unknown }) : {};
  const name = typeof fields.name === 'string' ? fields.name : '';
  const message = typeof fields.message === 'string' ? fields.message : String(error);
  const timedOut = name === 'TimeoutError' || name === 'AbortError';
  return { kind: 'network-error', code: timedOut ? 'timeout' : 'network', message };
}
