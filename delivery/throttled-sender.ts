/**
 * Delivers a batch of send jobs to the Teams connector as fast as Teams allows and no faster.
 *
 * Jobs are grouped into lanes, one per conversation (or per user until the 1:1 conversation is
 * created). A lane has at most one request in flight: that keeps each user's messages in order and
 * avoids the 412 Teams returns for concurrent operations on one conversation. Lanes take turns
 * (round robin) for limiter slots; when nothing may start, the sender sleeps until the exact time
 * the limiter or a backoff names, or until a request finishes — it never polls.
 */
import type { ConnectorClient } from './connector-client';
import { RateLimiter, TEAMS_BOT_LIMITS, withSafetyMargin } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, decide, type HttpResult, type RetryDecision, type RetryPolicyOptions } from './retry-policy';
import { buildLanes, stamp, type Lane, type SendJob, type SendOutcome } from './send-lanes';

export type { SendJob, SendOutcome } from './send-lanes';

export type OutcomeHandler = (key: string, outcome: SendOutcome) => void | Promise<void>;

export interface BatchSummary {
  delivered: number;
  blocked: number;
  failed: number;
  requests: number;
  /** 429s received; in normal operation this stays 0 because the limiter keeps us under the limits. */
  throttled: number;
}

export interface ThrottledSenderOptions {
  client: ConnectorClient;
  /** The bot's id (28:… or the app id) used when creating 1:1 conversations. */
  botId: string;
  /** Shared across batches so limits hold from one batch to the next. */
  limiter?: RateLimiter;
  retry?: Partial<RetryPolicyOptions>;
  /** Requests in flight at once across all lanes. */
  concurrency?: number;
  now?: () => number;
}

export class SenderError extends Error {
  constructor(
    readonly code: 'LIMIT_NEVER_ALLOWS',
    message: string,
  ) {
    super(message);
    this.name = 'SenderError';
  }
}

/**
 * Slack on every window. Reservations already count each request until its response, which is
 * exact for a service that counts on arrival (the fake proves this with no margin); the slack is
 * cheap insurance against Teams counting at some other point we cannot see.
 */
export const DEFAULT_SAFETY_MARGIN_MS = 25;

const SHARED_LIMITER_RECHECK_MS = 20;

export class ThrottledSender {
  private readonly limiter: RateLimiter;
  private readonly policy: RetryPolicyOptions;
  private readonly concurrency: number;
  private readonly now: () => number;

  constructor(private readonly options: ThrottledSenderOptions) {
    this.limiter = options.limiter ?? new RateLimiter({ limits: withSafetyMargin(TEAMS_BOT_LIMITS, DEFAULT_SAFETY_MARGIN_MS) });
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.now = options.now ?? Date.now;
  }

  async send(jobs: readonly SendJob[], onOutcome: OutcomeHandler): Promise<BatchSummary> {
    const summary: BatchSummary = { delivered: 0, blocked: 0, failed: 0, requests: 0, throttled: 0 };
    const handlerErrors: unknown[] = [];
    const handlerRuns: Promise<void>[] = [];
    const lanes = buildLanes(jobs);
    const tenantHold = new Map<string, number>();
    let inFlight = 0;
    let wake: (() => void) | null = null;

    const report = (key: string, outcome: SendOutcome) => {
      summary[outcome.kind] += 1;
      try {
        const run = onOutcome(key, outcome);
        if (run) handlerRuns.push(run.catch((error: unknown) => void handlerErrors.push(error)));
      } catch (error) {
        handlerErrors.push(error);
      }
    };

    while (lanes.size > 0) {
      const now = this.now();
      let nextWake = Number.POSITIVE_INFINITY;
      let awaitingSettle = false;
      for (const [laneKey, lane] of [...lanes]) {
        if (inFlight >= this.concurrency) break;
        if (lane.busy) continue;
        const hold = Math.max(lane.notBefore, tenantHold.get(lane.tenantId) ?? 0);
        if (hold > now) {
          nextWake = Math.min(nextWake, hold);
          continue;
        }
        const slot = this.limiter.tryReserve(lane.limiterKey, lane.tenantId, now);
        if (!slot.ok) {
          // Infinity means "once an in-flight request settles": that completion wakes the loop anyway.
          if (Number.isFinite(slot.retryAtMs)) {
            if (slot.scope === 'tenant') tenantHold.set(lane.tenantId, slot.retryAtMs);
            else lane.notBefore = slot.retryAtMs;
            nextWake = Math.min(nextWake, slot.retryAtMs);
          } else awaitingSettle = true;
          continue;
        }
        // Round robin: a lane that just got a slot goes to the back of the queue.
        lanes.delete(laneKey);
        lanes.set(laneKey, lane);
        lane.busy = true;
        inFlight += 1;
        summary.requests += 1;
        void this.attempt(lane, summary, report)
          .catch((error: unknown) => {
            // A bug, not a connector answer (the client never throws): fail the job rather than loop on it.
            const head = lane.jobs.shift();
            const reason = `sender error: ${error instanceof Error ? error.message : String(error)}`;
            if (head) report(head.job.key, { kind: 'failed', reason, status: null, code: null, attempts: head.attempts });
          })
          .finally(() => {
            this.limiter.settle(slot.reservation, this.now());
            lane.busy = false;
            inFlight -= 1;
            if (lane.jobs.length === 0) lanes.delete(laneKey);
            const resume = wake;
            wake = null;
            resume?.();
          });
      }
      if (lanes.size === 0) break;
      // The pending request may belong to another sender sharing this limiter: look again shortly.
      if (inFlight === 0 && awaitingSettle) nextWake = Math.min(nextWake, now + SHARED_LIMITER_RECHECK_MS);
      if (inFlight === 0 && nextWake === Number.POSITIVE_INFINITY) {
        throw new SenderError('LIMIT_NEVER_ALLOWS', 'No job can ever be sent: a configured rate limit has max 0. Fix the limits passed to RateLimiter.');
      }
      await new Promise<void>((resolve) => {
        // +1 ms: timers may fire a hair early relative to Date.now; waking early only repeats the check.
        const delay = Number.isFinite(nextWake) ? Math.max(0, nextWake - this.now()) + 1 : null;
        const timer = delay === null ? null : setTimeout(finish, delay);
        function finish(): void {
          if (timer) clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = finish;
      });
    }

    await Promise.all(handlerRuns);
    if (handlerErrors.length > 0) throw new AggregateError(handlerErrors, 'throttled-sender: onOutcome failed');
    return summary;
  }

  /** One HTTP request for the lane's head job, then the policy's verdict applied to the lane. */
  private async attempt(lane: Lane, summary: BatchSummary, report: (key: string, outcome: SendOutcome) => void): Promise<void> {
    const head = lane.jobs[0];
    if (!head) return;
    head.attempts += 1;
    const { job } = head;
    const { client, botId } = this.options;

    if (lane.conversationId === null) {
      const created = await client.createConversation(lane.serviceUrl, { botId, userId: lane.userId ?? '', tenantId: lane.tenantId });
      const verdict = decide(created.http, head.attempts, this.now(), this.policy);
      if (verdict.kind === 'delivered' && created.value) {
        lane.conversationId = created.value.id;
        // Teams counted the create against this conversation; our limiter should too.
        this.limiter.recordConversation(created.value.id, this.now());
        lane.limiterKey = created.value.id;
        return;
      }
      this.apply(lane, verdict, created.http, summary, report, null);
      return;
    }

    const activity = stamp(job.activity, job.key, botId, lane.conversationId);
    const call = job.updateActivityId
      ? await client.updateActivity(lane.serviceUrl, lane.conversationId, job.updateActivityId, activity)
      : await client.sendActivity(lane.serviceUrl, lane.conversationId, activity);
    const verdict = decide(call.http, head.attempts, this.now(), this.policy);
    this.apply(lane, verdict, call.http, summary, report, call.value?.id ?? null);
  }

  private apply(
    lane: Lane,
    verdict: RetryDecision,
    http: HttpResult,
    summary: BatchSummary,
    report: (key: string, outcome: SendOutcome) => void,
    activityId: string | null,
  ): void {
    if (http.kind === 'response' && http.status === 429) summary.throttled += 1;
    const head = lane.jobs[0];
    if (!head) return;
    if (verdict.kind === 'retry') {
      const now = this.now();
      lane.notBefore = now + verdict.delayMs;
      if (verdict.fromRetryAfter) this.limiter.penalise({ conversationId: lane.limiterKey }, lane.notBefore, now);
      return;
    }
    lane.jobs.shift();
    const attempts = head.attempts;
    if (verdict.kind === 'delivered' && activityId !== null && lane.conversationId !== null) {
      report(head.job.key, { kind: 'delivered', conversationId: lane.conversationId, activityId, attempts });
    } else if (verdict.kind === 'delivered') {
      // Unreachable with ConnectorClient (a 2xx without an id is 'invalid-response'), but never report a delivery we cannot prove.
      report(head.job.key, { kind: 'failed', reason: 'connector answered 2xx without an id', status: null, code: null, attempts });
    } else if (verdict.kind === 'failed') {
      report(head.job.key, { kind: 'failed', reason: verdict.reason, status: verdict.status, code: verdict.code, attempts });
    } else {
      // Blocked is about the user, not the message: every later job in this lane would get the same 403.
      const blocked = { kind: 'blocked' as const, code: verdict.code, message: verdict.message, conversationId: lane.conversationId };
      report(head.job.key, { ...blocked, attempts });
      for (const rest of lane.jobs.splice(0)) report(rest.job.key, { ...blocked, attempts: rest.attempts });
    }
  }
}
