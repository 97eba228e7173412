/**
 * A local Teams / Bot Framework Connector (REST v3) for tests: real HTTP on port 0, bearer auth,
 * Teams' published bot rate limits (429 + Retry-After in seconds), and faults on demand.
 *
 * Routes (with or without the `/teams` prefix that Teams serviceUrls carry):
 *   POST /v3/conversations                              create or find the 1:1 conversation
 *   POST /v3/conversations/{id}/activities              send
 *   POST /v3/conversations/{id}/activities/{replyToId}  reply
 *   PUT  /v3/conversations/{id}/activities/{activityId} update (card refresh)
 *   POST /botframework.com/oauth2/v2.0/token            client-credentials token (when `credentials` set)
 *
 * Blocked users get 403. Teams documents two bodies and the fake can give either:
 * 'ConversationBlockedByUser' (default; the "Status codes from bot conversational APIs" table):
 *   {"error":{"code":"ConversationBlockedByUser","message":"User blocked the conversation with the bot."}}
 * 'MessageWritesBlocked' (the proactive-messaging page's sample response):
 *   {"errorCode":209,"message":"{\"subCode\":\"MessageWritesBlocked\",...}"}
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { TEAMS_BOT_LIMITS, type RateLimits } from '../../delivery/rate-limiter';
import { FaultPlan, NaiveWindowCounter, type BlockTarget, type InjectedDelay, type InjectedFailure } from './teams-connector-faults';
import { errorFor, jsonBody, readBody, routeOf, type Reply } from './teams-connector-http';

export type BlockedStyle = 'ConversationBlockedByUser' | 'MessageWritesBlocked';

export interface FakeConnectorOptions {
  token?: string;
  credentials?: { clientId: string; clientSecret: string };
  limits?: RateLimits;
  seed?: number;
  clock?: () => number;
  blockedStyle?: BlockedStyle;
}

export interface DeliveredActivity {
  kind: 'send' | 'reply' | 'update';
  conversationId: string;
  activityId: string;
  activity: Record<string, unknown>;
  at: number;
  /** activity.channelData.auditLoop.messageKey, the outbox correlation. */
  messageKey: string | null;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  at: number;
  conversationId: string | null;
  messageKey: string | null;
}

const CreateConversationBody = z.object({
  bot: z.object({ id: z.string().min(1) }),
  members: z.array(z.object({ id: z.string().min(1) })).length(1),
  channelData: z.object({ tenant: z.object({ id: z.string().min(1) }) }),
  isGroup: z.boolean().optional(),
});
const ActivityBody = z.looseObject({ type: z.string().min(1) });
const MessageKey = z.object({ channelData: z.object({ auditLoop: z.object({ messageKey: z.string() }) }) });

interface Conversation {
  tenantId: string;
  userId: string;
  activityIds: Set<string>;
}

export async function startTeamsConnector(options: FakeConnectorOptions = {}) {
  const clock = options.clock ?? Date.now;
  const limits = options.limits ?? TEAMS_BOT_LIMITS;
  const acceptedTokens = new Set([options.token ?? 'fake-bot-token']);
  const faults = new FaultPlan(options.seed ?? 1);
  let blockedStyle: BlockedStyle = options.blockedStyle ?? 'ConversationBlockedByUser';
  const perConversation = new NaiveWindowCounter(limits.perConversation);
  const perTenant = new NaiveWindowCounter(limits.perTenant);
  const conversations = new Map<string, Conversation>();
  const conversationByUser = new Map<string, string>();
  const delivered: DeliveredActivity[] = [];
  const log: RequestLogEntry[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let sequence = 0;

  const nextId = (prefix: string) => `${prefix}${(++sequence).toString(36).padStart(6, '0')}`;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => (timers.delete(timer), resolve()), ms);
      timers.add(timer);
    });

  function ensureConversation(tenantId: string, userId: string): string {
    const key = `${tenantId}|${userId}`;
    const existing = conversationByUser.get(key);
    if (existing) return existing;
    const id = nextId('a:1fake');
    conversations.set(id, { tenantId, userId, activityIds: new Set() });
    conversationByUser.set(key, id);
    return id;
  }

  /** The rate-limit gate: counts only requests that are accepted, as a 429 did no work. */
  function throttle(conversationId: string, tenantId: string, now: number): Reply | null {
    const until = [perTenant.blockedUntil(tenantId, now), perConversation.blockedUntil(conversationId, now)]
      .filter((t): t is number => t !== null);
    if (until.length === 0) {
      perTenant.add(tenantId, now);
      perConversation.add(conversationId, now);
      return null;
    }
    const seconds = Math.max(1, Math.ceil((Math.max(...until) - now) / 1_000));
    return { ...errorFor(429), headers: { 'retry-after': String(seconds) } };
  }

  function blockedReply(): Reply {
    if (blockedStyle === 'ConversationBlockedByUser') return errorFor(403, 'ConversationBlockedByUser');
    const inner = { subCode: 'MessageWritesBlocked', details: 'Thread is blocked from message writes.', errorCode: null, errorSubCode: null };
    return { status: 403, body: { errorCode: 209, message: JSON.stringify(inner, null, 2) } };
  }

  function issueToken(raw: string): Reply {
    const form = new URLSearchParams(raw);
    if (!options.credentials) return errorFor(404);
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.get('client_id') !== options.credentials.clientId || form.get('client_secret') !== options.credentials.clientSecret) {
      return { status: 401, body: { error: 'invalid_client', error_description: 'Invalid client secret provided.' } };
    }
    if (form.get('scope') !== 'https://api.botframework.com/.default') return { status: 400, body: { error: 'invalid_scope' } };
    const token = nextId('fake-issued-');
    acceptedTokens.add(token);
    return { status: 200, body: { token_type: 'Bearer', expires_in: 3599, ext_expires_in: 3599, access_token: token } };
  }

  async function handleApi(req: IncomingMessage, raw: string, entry: RequestLogEntry): Promise<Reply> {
    const route = routeOf(req.method ?? '', new URL(req.url ?? '/', 'http://fake').pathname);
    if (route.kind === 'token') return issueToken(raw);
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('Bearer ') || !acceptedTokens.has(auth.slice('Bearer '.length))) {
      return { status: 401, body: { message: 'Authorization has been denied for this request.' } };
    }
    if (route.kind === 'unknown') return errorFor(404, 'NotFound');
    const body = jsonBody(raw);
    const key = MessageKey.safeParse(body);
    entry.messageKey = key.success ? key.data.channelData.auditLoop.messageKey : null;

    const delay: InjectedDelay | null = faults.takeDelay();
    if (delay?.mode === 'before-processing') await sleep(delay.ms);
    const failure: InjectedFailure | null = faults.takeFailure();
    // Limits count a request when it arrives (its headers), as Teams' front door would, not when this one-threaded
    // fake gets round to it: a burst of 50 handled one after another would otherwise be counted over tens of ms.
    const countedAt = delay?.mode === 'before-processing' ? clock() : entry.at;
    const reply = failure ? injected(failure) : process(route, body, entry, countedAt);
    if (delay?.mode === 'after-processing') await sleep(delay.ms);
    return reply;
  }

  function injected(failure: InjectedFailure): Reply {
    const reply = errorFor(failure.status, failure.code);
    if (failure.retryAfterSeconds === undefined) return reply;
    return { ...reply, headers: { 'retry-after': String(failure.retryAfterSeconds) } };
  }

  function process(route: ReturnType<typeof routeOf>, body: unknown, entry: RequestLogEntry, now: number): Reply {
    if (route.kind === 'create') {
      const parsed = CreateConversationBody.safeParse(body);
      if (!parsed.success) return errorFor(400, 'BadArgument', parsed.error.issues[0]?.message);
      if (parsed.data.isGroup) return errorFor(400, 'BadArgument', 'Bots cannot create group conversations.');
      const member = parsed.data.members[0] as { id: string };
      const id = ensureConversation(parsed.data.channelData.tenant.id, member.id);
      entry.conversationId = id;
      return throttle(id, parsed.data.channelData.tenant.id, now) ?? { status: 201, body: { id } };
    }
    if (route.kind !== 'send' && route.kind !== 'reply' && route.kind !== 'update') return errorFor(404, 'NotFound');
    entry.conversationId = route.conversationId;
    const conversation = conversations.get(route.conversationId);
    if (!conversation) return errorFor(404, 'ConversationNotFound');
    const activity = ActivityBody.safeParse(body);
    if (!activity.success) return errorFor(400, 'BadArgument', 'Activity type is required.');
    if (faults.isBlocked(route.conversationId, conversation.userId)) return blockedReply();
    if (route.kind === 'update' && !conversation.activityIds.has(route.activityId)) {
      return errorFor(404, 'ActivityNotFoundInConversation');
    }
    const limited = throttle(route.conversationId, conversation.tenantId, now);
    if (limited) return limited;
    const activityId = route.kind === 'update' ? route.activityId : nextId('1:fake');
    conversation.activityIds.add(activityId);
    delivered.push({ kind: route.kind, conversationId: route.conversationId, activityId, activity: activity.data, at: now, messageKey: entry.messageKey });
    return { status: route.kind === 'update' ? 200 : 201, body: { id: activityId } };
  }

  // Requests received and not yet answered: what a client killed right now may or may not have seen delivered.
  let received = 0;
  let unanswered = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    received += 1;
    unanswered += 1;
    res.once('close', () => (unanswered -= 1));
    const entry: RequestLogEntry = { method: req.method ?? '', path: req.url ?? '', status: 0, at: clock(), conversationId: null, messageKey: null };
    void readBody(req)
      .then((raw) => (raw === null ? errorFor(413, 'MessageSizeTooBig') : handleApi(req, raw, entry)))
      .catch((): Reply => errorFor(500, 'ServiceError'))
      .then((reply) => {
        entry.status = reply.status;
        log.push(entry);
        if (res.destroyed) return;
        const text = reply.body === undefined ? '' : JSON.stringify(reply.body);
        res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
        res.end(text);
      });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    /** What a Teams activity's serviceUrl would be for this fake. */
    serviceUrl: `${url}/teams/`,
    /** As if the user had installed the app: a 1:1 conversation the bot may post to. */
    addConversation: (input: { tenantId: string; userId: string }) => ensureConversation(input.tenantId, input.userId),
    delivered: (): readonly DeliveredActivity[] => delivered,
    requests: (): readonly RequestLogEntry[] => log,
    /** Requests whose headers have arrived, answered or not. */
    received: (): number => received,
    /** Requests received whose response has not yet been written (or whose client went away first). */
    inFlight: (): number => unanswered,
    /** Message keys delivered (send or reply) more than once. */
    duplicates(): string[] {
      const counts = new Map<string, number>();
      for (const d of delivered) if (d.kind !== 'update' && d.messageKey) counts.set(d.messageKey, (counts.get(d.messageKey) ?? 0) + 1);
      return [...counts].filter(([, n]) => n > 1).map(([k]) => k);
    },
    /**
     * The most API requests (429s included: Teams saw them too) that arrived within any `windowMs`, for the whole
     * tenant and for the busiest conversation: the fake's own accounting of whether a limit was ever exceeded.
     */
    busiestWindow(windowMs: number): { tenant: number; conversation: number } {
      const api = log.filter((r) => r.conversationId !== null);
      const byConversation = new Map<string, number[]>();
      for (const r of api) {
        const times = byConversation.get(r.conversationId ?? '') ?? [];
        times.push(r.at);
        byConversation.set(r.conversationId ?? '', times);
      }
      const conversation = Math.max(0, ...[...byConversation.values()].map((times) => busiestIn(times, windowMs)));
      return { tenant: busiestIn(api.map((r) => r.at), windowMs), conversation };
    },
    stats() {
      const byStatus: Record<number, number> = {};
      for (const r of log) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      return { requests: log.length, delivered: delivered.length, throttled: byStatus[429] ?? 0, byStatus };
    },
    injectFailures: (count: number, failure?: InjectedFailure) => faults.failNext(count, failure),
    injectFailureRate: (p: number, statuses?: number[]) => faults.failFraction(p, statuses),
    injectDelay: (count: number, ms: number, mode?: InjectedDelay['mode']) => faults.delayNext(count, ms, mode),
    injectDelayAll: (ms: number, mode?: InjectedDelay['mode']) => faults.delayAll(ms, mode),
    block: (target: BlockTarget) => faults.block(target),
    unblock: (target: BlockTarget) => faults.unblock(target),
    setBlockedStyle: (style: BlockedStyle) => void (blockedStyle = style),
    resetFaults: () => faults.reset(),
    async close(): Promise<void> {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** The most of `times` inside any half-open window (t − windowMs, t], as the limiter counts. */
function busiestIn(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let best = 0;
  let first = 0;
  for (let last = 0; last < sorted.length; last += 1) {
    while ((sorted[first] as number) <= (sorted[last] as number) - windowMs) first += 1;
    best = Math.max(best, last - first + 1);
  }
  return best;
}

export type FakeTeamsConnector = Awaited<ReturnType<typeof startTeamsConnector>>;
