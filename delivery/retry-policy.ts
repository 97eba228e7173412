/**
 * What to do with one connector result: delivered, retry (and when), or stop for good.
 * Pure functions; randomness and "now" are injected so tests are exact.
 *
 * Grounded in Teams' "Status codes from bot conversational APIs" table: 412/429/502/503/504 are
 * retryable; 403 ConversationBlockedByUser (and the proactive-messaging doc's 403 subCode
 * MessageWritesBlocked) mean the user blocked or removed the bot. Teams marks 500 as "don't retry";
 * we retry it with backoff anyway (bounded by maxAttempts) because a 500 on a proactive send is
 * usually transient and the outbox would otherwise drop a reminder.
 */
import { retryAfterMs } from '../http/retry-after';

export type HttpResult =
  | { kind: 'response'; status: number; retryAfter: string | null; body: unknown }
  | { kind: 'network-error'; code: 'timeout' | 'network'; message: string }
  /** 2xx whose body did not parse: the service may have acted, so never retry (it could duplicate). */
  | { kind: 'invalid-response'; status: number; message: string };

export type RetryDecision =
  | { kind: 'delivered' }
  | { kind: 'retry'; delayMs: number; reason: string; fromRetryAfter: boolean }
  | { kind: 'blocked'; code: string; message: string }
  | { kind: 'failed'; reason: string; status: number | null; code: string | null };

export interface RetryPolicyOptions {
  baseMs: number;
  capMs: number;
  /** Total attempts including the first; the attempt that would exceed it fails instead. */
  maxAttempts: number;
  /** Uniform in [0, 1). */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  baseMs: 1_000,
  capMs: 60_000,
  maxAttempts: 8,
  random: Math.random,
};

/** 403 codes after which posting must stop until the user talks to the bot again. */
export const BLOCKED_CODES: ReadonlySet<string> = new Set([
  'ConversationBlockedByUser',
  'MessageWritesBlocked',
  'BotDisabledByAdmin',
  'BotNotInConversationRoster',
  'ForbiddenOperationException',
]);

const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([412, 500, 502, 503, 504]);

/**
 * The one rule for "will waiting help": no answer at all (network, timeout), 429, or a retryable status. The sender
 * uses it within a batch and the outbox worker when the batch gave up, so the two never disagree.
 */
export function isTransientStatus(status: number | null): boolean {
  return status === null || status === 429 || RETRYABLE_STATUSES.has(status);
}

/** Equal-jitter exponential backoff: half fixed, half random, so retries spread but never bunch at 0. */
export function backoffDelay(attempt: number, options: RetryPolicyOptions): number {
  const exponent = Math.max(0, attempt - 1);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.round(ceiling / 2 + options.random() * (ceiling / 2));
}

/** Retry-After in milliseconds (see http/retry-after.ts). */
export function parseRetryAfter(value: string | null, nowMs: number): number | null {
  return retryAfterMs(value, nowMs);
}

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

function parseJsonRecord(text: unknown): Record<string, unknown> | null {
  if (typeof text !== 'string') return null;
  try {
    return record(JSON.parse(text));
  } catch {
    return null;
  }
}

/**
 * The connector's error code, from either documented shape:
 * `{"error":{"code":"ConversationBlockedByUser","message":...}}` (status-code table), or
 * `{"errorCode":209,"message":"{\"subCode\":\"MessageWritesBlocked\",...}"}` (proactive-messaging doc).
 */
export function extractErrorCode(body: unknown): { code: string | null; message: string } {
  const top = record(body);
  if (!top) return { code: null, message: typeof body === 'string' ? body : '' };
  const error = record(top.error);
  if (error && typeof error.code === 'string') {
    return { code: error.code, message: typeof error.message === 'string' ? error.message : '' };
  }
  const inner = parseJsonRecord(top.message);
  if (inner && typeof inner.subCode === 'string') {
    return { code: inner.subCode, message: typeof inner.details === 'string' ? inner.details : '' };
  }
  if (typeof top.subCode === 'string') return { code: top.subCode, message: '' };
  if (typeof top.code === 'string') return { code: top.code, message: typeof top.message === 'string' ? top.message : '' };
  return { code: null, message: typeof top.message === 'string' ? top.message : '' };
}

/**
 * Decide on the result of attempt number `attempt` (1-based). A retry is only offered while
 * `attempt < maxAttempts`; after that the last transient error becomes a permanent failure.
 */
export function decide(
  result: HttpResult,
  attempt: number,
  nowMs: number,
  options: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
): RetryDecision {
  const exhausted = attempt >= options.maxAttempts;
  const retry = (reason: string, status: number | null, code: string | null, retryAfterMs: number | null): RetryDecision => {
    if (exhausted) return { kind: 'failed', reason: `retries exhausted after ${attempt} attempts: ${reason}`, status, code };
    if (retryAfterMs !== null) return { kind: 'retry', delayMs: retryAfterMs, reason, fromRetryAfter: true };
    return { kind: 'retry', delayMs: backoffDelay(attempt, options), reason, fromRetryAfter: false };
  };

  if (result.kind === 'network-error') return retry(`${result.code}: ${result.message}`, null, null, null);
  if (result.kind === 'invalid-response') {
    return { kind: 'failed', reason: `unreadable ${result.status} response: ${result.message}`, status: result.status, code: null };
  }

  const { status } = result;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  const { code, message } = extractErrorCode(result.body);
  // A 503 may carry Retry-After too (RFC 9110); when present it beats our guess.
  if (isTransientStatus(status)) {
    return retry(status === 429 ? '429 throttled' : `${status} ${code ?? 'error'}`, status, code, parseRetryAfter(result.retryAfter, nowMs));
  }
  if (status === 403 && code !== null && BLOCKED_CODES.has(code)) {
    return { kind: 'blocked', code, message: message || 'the user blocked or removed the bot' };
  }
  return { kind: 'failed', reason: `${status} ${code ?? 'error'}${message ? `: ${message}` : ''}`, status, code };
}
