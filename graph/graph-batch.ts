/**
 * JSON batching: many GETs in POSTs to /$batch, at most 20 per batch (Graph's limit). Graph throttles the
 * items of a batch one by one, so a batch can come back 200 with some items 429: those are sent again in a
 * smaller batch after the longest Retry-After among them. (The whole-batch 429 is the RetryHandler's job.)
 */
import type { GraphClientHandle } from './graph-client';
import { GraphError, graphCall, parseRetryAfter, type GraphOperation } from './graph-errors';
import { BatchResponseSchema, type BatchItemResponse } from './graph-schemas';

export const MAX_BATCH_SIZE = 20;
const RETRYABLE_ITEM_STATUS = new Set([429, 503, 504]);

export interface BatchRequestItem {
  readonly id: string;
  readonly method: 'GET';
  /** Relative to the version root, e.g. /users/{id}/manager */
  readonly url: string;
}

export interface BatchOptions {
  /** Rounds of re-sending throttled items before giving their 429 back to the caller. */
  readonly maxItemRetries: number;
  /** Used when a throttled item carries no Retry-After. */
  readonly defaultRetryAfterSeconds: number;
  readonly sleep: (ms: number) => Promise<void>;
}

export const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function itemHeader(item: BatchItemResponse, name: string): string | null {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(item.headers ?? {})) if (key.toLowerCase() === wanted) return value;
  return null;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

async function postBatch(
  handle: GraphClientHandle,
  requests: readonly BatchRequestItem[],
  op: GraphOperation,
): Promise<Map<string, BatchItemResponse>> {
  const raw: unknown = await graphCall(op, () => handle.client.api('/$batch').post({ requests }));
  const parsed = BatchResponseSchema.safeParse(raw);
  if (!parsed.success) {
    throw new GraphError('MALFORMED', `Graph's $batch answer to ${op.what} was not a batch response: ${parsed.error.issues[0]?.message ?? 'unknown shape'}`);
  }
  const byId = new Map(parsed.data.responses.map((item) => [item.id, item] as const));
  const missing = requests.filter((request) => !byId.has(request.id));
  if (missing.length > 0) {
    throw new GraphError('MALFORMED', `Graph's $batch answer to ${op.what} left out ${missing.length} of the ${requests.length} requests`);
  }
  return byId;
}

/** Runs all items, batches one after another (Graph counts concurrent requests per app too). */
export async function runBatch(
  handle: GraphClientHandle,
  items: readonly BatchRequestItem[],
  op: GraphOperation,
  options: BatchOptions,
): Promise<Map<string, BatchItemResponse>> {
  const results = new Map<string, BatchItemResponse>();
  for (const chunk of chunks(items, MAX_BATCH_SIZE)) {
    let pending = chunk;
    for (let round = 0; pending.length > 0; round++) {
      const answers = await postBatch(handle, pending, op);
      const again: BatchRequestItem[] = [];
      let waitSeconds = 0;
      for (const request of pending) {
        const answer = answers.get(request.id) as BatchItemResponse;
        if (RETRYABLE_ITEM_STATUS.has(answer.status) && round < options.maxItemRetries) {
          again.push(request);
          const retryAfter = parseRetryAfter(itemHeader(answer, 'Retry-After')) ?? options.defaultRetryAfterSeconds;
          waitSeconds = Math.max(waitSeconds, retryAfter);
        } else {
          results.set(request.id, answer);
        }
      }
      if (again.length > 0) await options.sleep(waitSeconds * 1000);
      pending = again;
    }
  }
  return results;
}
