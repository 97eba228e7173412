/**
 * What one send's outcome does to its outbox row, guarded by the worker's lease: delivered rows are marked sent; a
 * recipient who blocked the bot fails the row and tells QA (once, by key); transient failures come back later with
 * backoff until the attempts run out; anything else fails the row with its reason. The sender already retried within
 * the batch.
 */
import type { Db } from '../store/db';
import { enqueue, markFailed, markRetry, markSent, type OutboxRow } from '../store/outbox-repo';
import { backoffDelay, DEFAULT_RETRY_POLICY, isTransientStatus } from './retry-policy';
import type { SendOutcome } from './throttled-sender';

export interface Settled {
  /** Which of the worker's counts this outcome adds to. */
  counted: 'sent' | 'blocked' | 'retried' | 'failed';
  /** False when the worker's lease on the row had lapsed, so another worker's outcome stands. */
  held: boolean;
}

export async function settleOutcome(db: Db, workerId: string, row: OutboxRow, outcome: SendOutcome, maxAttempts: number): Promise<Settled> {
  if (outcome.kind === 'delivered') return { counted: 'sent', held: await markSent(db, row.id, workerId, outcome.activityId) };
  if (outcome.kind === 'blocked') {
    const reason = `blocked: ${outcome.code}`;
    const held = await db.transaction(async (tx) => {
      if (!(await markFailed(tx, row.id, workerId, reason))) return false;
      await enqueue(tx, {
        key: `blocked:${row.key}`,
        channel: 'qa-notice',
        kind: 'qa-notice',
        recipientId: null,
        payload: { reason: `${row.recipientId ?? 'a recipient'} has blocked or removed the bot; the '${row.kind}' message could not be delivered`, recipientId: row.recipientId, messageKey: row.key },
      });
      return true;
    });
    return { counted: 'blocked', held };
  }
  if (isTransientStatus(outcome.status) && row.attempts < maxAttempts) {
    const delay = backoffDelay(row.attempts, { ...DEFAULT_RETRY_POLICY, baseMs: 30_000, capMs: 3_600_000 });
    return { counted: 'retried', held: await markRetry(db, row.id, workerId, delay, outcome.reason) };
  }
  return { counted: 'failed', held: await markFailed(db, row.id, workerId, outcome.reason) };
}
