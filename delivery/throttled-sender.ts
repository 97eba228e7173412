/**
 * Delivers send jobs to the Teams connector as fast as Teams allows and no faster: either a fixed batch (`send`) or
 * an open stream that a long-lived worker keeps topping up (`open`). The scheduling — one request in flight per
 * conversation, round robin across conversations, sleeping until the limiter's named time — is in send-stream.ts;
 * this file makes the HTTP calls and applies the retry policy's verdicts.
 */
import type { ConnectorClient } from './connector-client';
import { paced, RateLimiter, TEAMS_BOT_LIMITS, withSafetyMargin, type RateLimits } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, decide, type HttpResult, type RetryDecision, type RetryPolicyOptions } from './retry-policy';
import { stamp, type Lane, type SendJob } from './send-lanes';
import { SendStream, type BatchSummary, type OutcomeHandler, type Report } from './send-stream';

export type { SendJob, SendOutcome } from './send-lanes';
export { SenderError, SendStream, type BatchSummary, type OutcomeHandler } from './send-stream';

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

/**
 * Slack on every window (see withSafetyMargin): requests are counted when sent and Teams counts them on arrival, so
 * this is how far one request's trip (network, TLS, our own event loop) may differ from another's before Teams could
 * see one more in a window than we did. Should it ever happen, the 429's Retry-After is honoured. 50 ms costs 5% of
 * the tenant's 50 a second; counting each request until its response instead cost the whole round trip (100 ms in
 * the benchmark) and more.
 */
export const DEFAULT_SAFETY_MARGIN_MS = 50;

/** The windows a sender keeps by default: Teams' own, widened by the margin and paced (see `paced`). */
export function senderLimits(limits: RateLimits = TEAMS_BOT_LIMITS, marginMs = DEFAULT_SAFETY_MARGIN_MS): RateLimits {
  return paced(withSafetyMargin(limits, marginMs));
}

/** Requests on the wire (or answered and being recorded) at once: enough to keep 50 a second going at ~300 ms each. */
export const DEFAULT_SENDER_CONCURRENCY = 16;

export class ThrottledSender {
  private readonly limiter: RateLimiter;
  private readonly policy: RetryPolicyOptions;
  private readonly concurrency: number;
  private readonly now: () => number;

  constructor(private readonly options: ThrottledSenderOptions) {
    this.limiter = options.limiter ?? new RateLimiter({ limits: senderLimits() });
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_SENDER_CONCURRENCY);
    this.now = options.now ?? Date.now;
  }

  /** Sends a fixed batch to the end; outcomes are reported one by one as they arrive. */
  async send(jobs: readonly SendJob[], onOutcome: OutcomeHandler): Promise<BatchSummary> {
    const stream = this.open(onOutcome);
    stream.push(jobs);
    return (await stream.close()).summary;
  }

  /** An open-ended stream sharing this sender's limiter: push jobs whenever, close when done. */
  open(onOutcome: OutcomeHandler): SendStream {
    return new SendStream(
      { limiter: this.limiter, concurrency: this.concurrency, now: this.now, attempt: (lane, summary, report, onWire) => this.attempt(lane, summary, report, onWire) },
      onOutcome,
    );
  }

  /** One HTTP request for the lane's head job, then the policy's verdict applied to the lane. */
  private async attempt(lane: Lane, summary: BatchSummary, report: Report, onWire: () => void): Promise<void> {
    const head = lane.jobs[0];
    if (!head) return;
    head.attempts += 1;
    const { job } = head;
    const { client, botId } = this.options;

    if (lane.conversationId === null) {
      const created = await client.createConversation(lane.serviceUrl, { botId, userId: lane.userId ?? '', tenantId: lane.tenantId }, { onWire });
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
      ? await client.updateActivity(lane.serviceUrl, lane.conversationId, job.updateActivityId, activity, { onWire })
      : await client.sendActivity(lane.serviceUrl, lane.conversationId, activity, { onWire });
    const verdict = decide(call.http, head.attempts, this.now(), this.policy);
    this.apply(lane, verdict, call.http, summary, report, call.value?.id ?? null);
  }

  private apply(
    lane: Lane,
    verdict: RetryDecision,
    http: HttpResult,
    summary: BatchSummary,
    report: Report,
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
