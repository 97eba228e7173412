/**
 * HTTP plumbing for the fake Teams connector: routing, body reading, and Teams-shaped error bodies.
 */
import type { IncomingMessage } from 'node:http';

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Route =
  | { kind: 'token' }
  | { kind: 'create' }
  | { kind: 'send'; conversationId: string }
  | { kind: 'reply'; conversationId: string; replyToId: string }
  | { kind: 'update'; conversationId: string; activityId: string }
  | { kind: 'unknown' };

const MAX_BODY_BYTES = 256 * 1024;

// Messages from Teams' "Status codes from bot conversational APIs" table; 503/504 have no body there.
const DEFAULTS: Record<number, { code: string; message: string } | null> = {
  400: { code: 'BadArgument', message: 'Invalid request payload.' },
  403: { code: 'ConversationBlockedByUser', message: 'User blocked the conversation with the bot.' },
  404: { code: 'ConversationNotFound', message: 'Conversation not found.' },
  412: { code: 'PreconditionFailed', message: 'Precondition failed, please try again.' },
  413: { code: 'MessageSizeTooBig', message: 'Message size too large.' },
  429: { code: 'Throttled', message: 'Too many requests.' },
  500: { code: 'ServiceError', message: 'Internal server error.' },
  502: { code: 'ServiceError', message: 'Service dependency issue.' },
  503: null,
  504: null,
};

export function errorFor(status: number, code?: string, message?: string): Reply {
  const fallback = DEFAULTS[status];
  if (fallback === null && code === undefined) return { status };
  const chosenCode = code ?? fallback?.code ?? 'Error';
  const chosenMessage = message ?? (code === undefined || code === fallback?.code ? fallback?.message : undefined) ?? chosenCode;
  return { status, body: { error: { code: chosenCode, message: chosenMessage } } };
}

export function routeOf(method: string, pathname: string): Route {
  if (method === 'POST' && pathname === '/botframework.com/oauth2/v2.0/token') return { kind: 'token' };
  const path = pathname.startsWith('/teams/') ? pathname.slice('/teams'.length) : pathname;
  const parts = path.split('/').filter((p) => p.length > 0).map((p) => decodeURIComponent(p));
  if (parts[0] !== 'v3' || parts[1] !== 'conversations') return { kind: 'unknown' };
  const [, , conversationId, activities, activityId, ...rest] = parts;
  if (rest.length > 0) return { kind: 'unknown' };
  if (conversationId === undefined) return method === 'POST' ? { kind: 'create' } : { kind: 'unknown' };
  if (activities !== 'activities') return { kind: 'unknown' };
  if (activityId === undefined) return method === 'POST' ? { kind: 'send', conversationId } : { kind: 'unknown' };
  if (method === 'POST') return { kind: 'reply', conversationId, replyToId: activityId };
  if (method === 'PUT') return { kind: 'update', conversationId, activityId };
  return { kind: 'unknown' };
}

/** The body as text, or null when it is over the size limit. */
export function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooBig = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooBig = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooBig ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function jsonBody(raw: string): unknown {
  if (raw.length === 0) return null;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}
