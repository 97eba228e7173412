/**
 * The scheduling loop of the throttled sender, open-ended: jobs may be pushed while earlier ones are still going out,
 * so a long-lived caller (the outbox worker) keeps the sender busy instead of waiting for a batch's slow tail.
 *
 * Jobs are grouped into lanes, one per conversation (or per user until the 1:1 conversation is created). A lane has
 * at most one request in flight: that keeps each user's messages in order (a job pushed later for the same
 * conversation queues behind the earlier ones) and avoids the 412 Teams returns for concurrent operations on one
 * conversation. Lanes take turns (round robin) for limiter slots; when nothing may start, the loop sleeps until the
 * exact time the limiter or a backoff names, until a request finishes, or until new jobs arrive — it never polls.
 */
import type { RateLimiter } from './rate-limiter';
import { buildLanes, type Lane, type SendJob, type SendOutcome } from './send-lanes';

export type OutcomeHandler = (key: string, outcome: SendOutcome) => void | Promise<void>;
export type Report = (key: string, outcome: SendOutcome) => void;

export interface BatchSummary {
  delivered: number;
  blocked: number;
  failed: number;
  requests: number;
  /** 429s received; in normal operation this stays 0 because the limiter keeps us under the limits. */
  throttled: number;
}

export class SenderError extends Error {
  constructor(
    readonly code: 'LIMIT_NEVER_ALLOWS' | 'STREAM_CLOSED',
    message: string,
  ) {
    super(message);
    this.name = 'SenderError';
  }
}

export interface StreamDeps {
  limiter: RateLimiter;
  concurrency: number;
  now: () => number;
  /**
   * One HTTP request for the lane's head job; applies the verdict to the lane and reports final outcomes. Calls
   * `onWire` when the request has actually left, so the limiter counts it from then.
   */
  attempt: (lane: Lane, summary: BatchSummary, report: Report, onWire: () => void) => Promise<void>;
}

export class SendStream {
  readonly summary: BatchSummary = { delivered: 0, blocked: 0, failed: 0, requests: 0, throttled: 0 };
  private readonly lanes = new Map<string, Lane>();
  private readonly tenantHold = new Map<string, number>();
  private readonly handlerRuns = new Set<Promise<void>>();
  private readonly handlerErrors: unknown[] = [];
  private readonly done: Promise<void>;
  private inFlightCount = 0;
  private closed = false;
  private dropping = false;
  private wakeLoop: (() => void) | null = null;

  constructor(
    private readonly deps: StreamDeps,
    private readonly onOutcome: OutcomeHandler,
  ) {
    this.done = this.loop();
    this.done.catch(() => undefined); // surfaced by close(); never an unhandled rejection meanwhile
  }

  /** Adds jobs; a job for a conversation already queued goes out after that conversation's earlier jobs. */
  push(jobs: readonly SendJob[]): void {
    if (this.closed) throw new SenderError('STREAM_CLOSED', 'push() after close(): open a new stream for more jobs.');
    for (const [key, lane] of buildLanes(jobs)) {
      const existing = this.lanes.get(key);
      if (existing) existing.jobs.push(...lane.jobs);
      else this.lanes.set(key, lane);
    }
    this.wake();
  }

  /** Jobs not yet tried once: how much work is queued ahead of the sender. */
  waiting(): number {
    let n = 0;
    for (const lane of this.lanes.values()) for (const j of lane.jobs) if (j.attempts === 0) n += 1;
    return n;
  }

  /** Requests on the wire now. */
  inFlight(): number {
    return this.inFlightCount;
  }

  /**
   * No more jobs. Resolves once every job pushed has an outcome and every outcome handler has run; with
   * `drop`, jobs not on the wire are dropped instead (returned, no outcome reported) and only in-flight requests
   * are awaited. Rejects with the handlers' errors, or SenderError when a limit can never allow a send.
   */
  async close(opts: { drop?: boolean } = {}): Promise<{ summary: BatchSummary; dropped: SendJob[] }> {
    this.closed = true;
    const dropped: SendJob[] = [];
    if (opts.drop === true) {
      this.dropping = true;
      for (const [key, lane] of this.lanes) {
        // A busy lane's head is on the wire: let it finish, drop what queues behind it.
        const keep = lane.busy ? lane.jobs.splice(0, 1) : [];
        for (const j of lane.jobs) dropped.push(j.job);
        lane.jobs = keep;
        if (keep.length === 0) this.lanes.delete(key);
      }
    }
    this.wake();
    await this.done;
    while (this.handlerRuns.size > 0) await Promise.all([...this.handlerRuns]);
    if (this.handlerErrors.length > 0) throw new AggregateError(this.handlerErrors, 'throttled-sender: onOutcome failed');
    return { summary: this.summary, dropped };
  }

  private wake(): void {
    const resume = this.wakeLoop;
    this.wakeLoop = null;
    resume?.();
  }

  /** Hands the outcome to the caller's handler; the returned promise (never rejecting) ends when the handler has. */
  private report(key: string, outcome: SendOutcome): Promise<void> | undefined {
    this.summary[outcome.kind] += 1;
    try {
      const run = this.onOutcome(key, outcome);
      if (!run) return undefined;
      const tracked: Promise<void> = run
        .catch((error: unknown) => void this.handlerErrors.push(error))
        .finally(() => this.handlerRuns.delete(tracked));
      this.handlerRuns.add(tracked);
      return tracked;
    } catch (error) {
      this.handlerErrors.push(error);
      return undefined;
    }
  }

  private async loop(): Promise<void> {
    const { limiter, concurrency, now: clock } = this.deps;
    const lanes = this.lanes;
    for (;;) {
      const now = clock();
      let nextWake = Number.POSITIVE_INFINITY;
      for (const [laneKey, lane] of [...lanes]) {
        if (this.inFlightCount >= concurrency || this.dropping) break;
        if (lane.busy) continue;
        const hold = Math.max(lane.notBefore, this.tenantHold.get(lane.tenantId) ?? 0);
        if (hold > now) {
          nextWake = Math.min(nextWake, hold);
          continue;
        }
        const slot = limiter.tryAcquire(lane.limiterKey, lane.tenantId, now);
        if (!slot.ok) {
          // Infinity means a limit of 0: nothing can ever go, which the check after this loop reports.
          if (Number.isFinite(slot.retryAtMs)) {
            if (slot.scope === 'tenant') this.tenantHold.set(lane.tenantId, slot.retryAtMs);
            else lane.notBefore = slot.retryAtMs;
            nextWake = Math.min(nextWake, slot.retryAtMs);
          }
          continue;
        }
        // Round robin: a lane that just got a slot goes to the back of the queue.
        lanes.delete(laneKey);
        lanes.set(laneKey, lane);
        lane.busy = true;
        this.inFlightCount += 1;
        this.summary.requests += 1;
        // The request counts as in flight until its outcome is recorded (the handler's promise), not just answered: so
        // at any instant at most `concurrency` messages are sent-but-unrecorded, which bounds what a crash can repeat.
        const recorded: Promise<void>[] = [];
        const reportHere: Report = (key, outcome) => {
          const run = this.report(key, outcome);
          if (run) recorded.push(run);
        };
        const { limiterKey, tenantId } = lane;
        const onWire = (): void => limiter.retime(limiterKey, tenantId, now, clock());
        void this.deps
          .attempt(lane, this.summary, reportHere, onWire)
          .catch((error: unknown) => {
            // A bug, not a connector answer (the client never throws): fail the job rather than loop on it.
            const head = lane.jobs.shift();
            const reason = `sender error: ${error instanceof Error ? error.message : String(error)}`;
            if (head) reportHere(head.job.key, { kind: 'failed', reason, status: null, code: null, attempts: head.attempts });
          })
          .then(() => Promise.all(recorded))
          .finally(() => {
            lane.busy = false;
            this.inFlightCount -= 1;
            if (this.dropping) lane.jobs.splice(0); // a retry of a dropped stream's job is not sent
            if (lane.jobs.length === 0 && lanes.get(laneKey) === lane) lanes.delete(laneKey);
            this.wake();
          });
      }
      const idle = lanes.size === 0 || this.dropping;
      if (!idle && this.inFlightCount === 0 && nextWake === Number.POSITIVE_INFINITY) {
        throw new SenderError('LIMIT_NEVER_ALLOWS', 'No job can ever be sent: a configured rate limit has max 0. Fix the limits passed to RateLimiter.');
      }
      if (idle && this.inFlightCount === 0 && (this.closed || this.dropping)) return;
      await new Promise<void>((resolve) => {
        // +1 ms: timers may fire a hair early relative to Date.now; waking early only repeats the check.
        const delay = !idle && Number.isFinite(nextWake) ? Math.max(0, nextWake - clock()) + 1 : null;
        let timer: NodeJS.Timeout | null = null;
        const finish = (): void => {
          if (timer) clearTimeout(timer);
          if (this.wakeLoop === finish) this.wakeLoop = null;
          resolve();
        };
        if (delay !== null) timer = setTimeout(finish, delay);
        this.wakeLoop = finish;
      });
    }
  }
}
