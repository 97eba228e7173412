/**
 * Delivers send jobs to the Teams connector as fast as Teams allows and no faster: either a fixed batch (`send`) or
 * an open stream that a long-lived worker keeps topping up (`open`). The scheduling — one request in flight per
 * conversation, round robin across conversations, sleeping until the limiter's named time — is in send-stream.ts;
 * this file makes the HTTP calls and applies the retry policy's verdicts.
 */
import type { ConnectorClient } from './connector-client';
import { AdaptiveMargin, DEFAULT_MARGIN_POLICY, type MarginPolicy } from './adaptive-margin';
import { RateLimiter, TEAMS_BOT_LIMITS, type Pace, type RateLimits } from './rate-limiter';
import { DEFAULT_RETRY_POLICY, decide, type HttpResult, type RetryDecision, type RetryPolicyOptions } from './retry-policy';
import { stamp, type Lane, type SendJob } from './send-lanes';
import { SendStream, type BatchSummary, type OutcomeHandler, type Report } from './send-stream';

export type { SendJob, SendOutcome } from './send-lanes';
export { SenderError, SendStream, type BatchSummary, type OutcomeHandler } from './send-stream';

export interface ThrottledSenderOptions {
  client: ConnectorClient;
  /** The bot's id (28:… or the app id) used when creating 1:1 conversations. */
  botId: string;
  /** Shared across batches so limits hold from one batch to the next (default: `senderLimiter()`). */
  limiter?: RateLimiter;
  /** How the margin moves with Teams' 429s; its base is the limiter's own margin (see delivery/adaptive-margin.ts). */
  marginPolicy?: Omit<MarginPolicy, 'baseMs'>;
  /** Told after every 429 (with the margin it widened to) and whenever a quiet period eases the margin back. */
  onMarginChange?: (marginMs: number, why: 'throttled' | 'eased') => void;
  retry?: Partial<RetryPolicyOptions>;
  /** Requests in flight at once across all lanes. */
  concurrency?: number;
  now?: () => number;
}

/** Each tenant's requests at most ten back to back, then evenly (see Pace). */
export const SENDER_PACE: Pace = { burst: 10 };

/**
 * The limiter a sender keeps by default: Teams' published windows, each widened by `marginMs` (the adaptive margin's
 * starting point, DEFAULT_MARGIN_POLICY.baseMs), and the tenant's requests paced.
 */
export function senderLimiter(marginMs = DEFAULT_MARGIN_POLICY.baseMs, limits: RateLimits = TEAMS_BOT_LIMITS): RateLimiter {
  return new RateLimiter({ limits, marginMs, pace: SENDER_PACE });
}

/** Requests on the wire (or answered and being recorded) at once: enough to keep 50 a second going at ~300 ms each. */
export const DEFAULT_SENDER_CONCURRENCY = 16;

export class ThrottledSender {
  private readonly limiter: RateLimiter;
  private readonly policy: RetryPolicyOptions;
  private readonly concurrency: number;
  private readonly now: () => number;
  private readonly margin: AdaptiveMargin;

  constructor(private readonly options: ThrottledSenderOptions) {
    this.limiter = options.limiter ?? senderLimiter();
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.concurrency = Math.max(1, options.concurrency ?? DEFAULT_SENDER_CONCURRENCY);
    this.now = options.now ?? Date.now;
    const { maxMs, quietMs } = { ...DEFAULT_MARGIN_POLICY, ...options.marginPolicy };
    const baseMs = this.limiter.marginMs();
    this.margin = new AdaptiveMargin({ baseMs, maxMs: Math.max(maxMs, baseMs), quietMs }, this.now());
  }

  /** The margin the sender leaves on Teams' windows now. */
  marginMs(): number {
    return this.limiter.marginMs();
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
    this.easeMargin();
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

  /** After a quiet period the margin comes back towards its base. */
  private easeMargin(): void {
    const eased = this.margin.current(this.now());
    if (eased === this.limiter.marginMs()) return;
    this.limiter.setMarginMs(eased);
    this.options.onMarginChange?.(eased, 'eased');
  }

  private apply(
    lane: Lane,
    verdict: RetryDecision,
    http: HttpResult,
    summary: BatchSummary,
    report: Report,
    activityId: string | null,
  ): void {
    if (http.kind === 'response' && http.status === 429) {
      summary.throttled += 1;
      const widened = this.margin.throttled(this.now());
      this.limiter.setMarginMs(widened);
      this.options.onMarginChange?.(widened, 'throttled');
    }
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
