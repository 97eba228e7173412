/**
 * Drains the outbox to Teams. Claims due rows under a lease, resolves each recipient to a conversation, renders the
 * card and hands batches to one long-lived ThrottledSender (one limiter for the whole process). Each row is marked
 * the moment its outcome arrives, so a crash can repeat at most the requests in flight at that instant — and a row
 * reclaimed after a crash goes out flagged `possiblyRepeated` so the client can tell.
 */
import type { ProgrammeProfile } from '../audit/programme-profile';
import { getConversationRef, personalConversationOf, type ConversationRefRow } from '../store/conversations-repo';
import type { Db } from '../store/db';
import { claimDue, enqueue, markFailed, markRetry, markSent, releaseClaims, type OutboxRow } from '../store/outbox-repo';
import { renderMessage } from './render-message';
import { backoffDelay, DEFAULT_RETRY_POLICY } from './retry-policy';
import type { SendJob, SendOutcome, ThrottledSender } from './throttled-sender';

export interface OutboxWorkerOptions {
  db: Db;
  /** Unique per process (host name + pid): the lease owner. */
  id: string;
  sender: ThrottledSender;
  profile: ProgrammeProfile;
  batchSize?: number;
  leaseSeconds?: number;
  /** Sleep between empty polls. */
  idleMs?: number;
  /** Batches sent at once; more than one keeps the sender busy while a batch's slow tail retries. */
  batchesInFlight?: number;
  /** Until the Graph step installs the app, a person has no conversation: look again after this long. */
  noConversationRetryMs?: number;
  /** Attempts (claims) after which a transiently failing row is given up as failed. */
  maxAttempts?: number;
  now?: () => Date;
}

export interface WorkerCounts {
  claimed: number;
  sent: number;
  retried: number;
  failed: number;
  blocked: number;
  noConversation: number;
  possiblyRepeated: number;
  /** Marks refused because the lease had passed to another worker. */
  lostLeases: number;
}

type Resolved = { row: OutboxRow; job: SendJob };

export class OutboxWorker {
  readonly counts: WorkerCounts = { claimed: 0, sent: 0, retried: 0, failed: 0, blocked: 0, noConversation: 0, possiblyRepeated: 0, lostLeases: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly busyRecipients = new Set<string>();
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  private readonly o: Required<Omit<OutboxWorkerOptions, 'now'>> & { now: () => Date };

  constructor(options: OutboxWorkerOptions) {
    this.o = {
      batchSize: 100,
      leaseSeconds: 300,
      idleMs: 1_000,
      batchesInFlight: 2,
      noConversationRetryMs: 6 * 3_600_000,
      maxAttempts: 10,
      now: () => new Date(),
      ...options,
    };
  }

  get id(): string {
    return this.o.id;
  }

  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Wake an idle worker now (e.g. right after the scheduler queued messages). */
  poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * Stops claiming, waits up to `timeoutMs` for sends in flight, then releases whatever this worker still holds so
   * another instance sends it at once instead of after the lease.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    this.poke();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    await Promise.race([Promise.all([this.loop, ...this.inFlight]), deadline]);
    clearTimeout(timer);
    this.loop = null;
    await releaseClaims(this.o.db, this.o.id);
  }

  /** Claims one batch and sends it to the end: for tests and one-shot CLI runs. Returns the rows claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    if (rows.length > 0) await this.process(rows);
    return rows.length;
  }

  /** Runs until nothing is due (retries scheduled for later are left). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (this.inFlight.size >= this.o.batchesInFlight) {
        await Promise.race(this.inFlight);
        continue;
      }
      let rows: OutboxRow[];
      try {
        rows = await this.claim();
      } catch {
        rows = []; // store briefly unavailable: try again after the idle pause
      }
      if (rows.length === 0) {
        await this.idle();
        continue;
      }
      const batch: Promise<void> = this.process(rows)
        .catch(() => undefined) // marks that failed leave the row leased: the lease expiry brings it back
        .finally(() => this.inFlight.delete(batch));
      this.inFlight.add(batch);
    }
  }

  private idle(): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, this.o.idleMs);
      const pending = [...this.inFlight];
      if (pending.length > 0) void Promise.race(pending).then(done);
      this.wake = done;
    });
  }

  private async claim(): Promise<OutboxRow[]> {
    const rows = await claimDue(this.o.db, this.o.id, this.o.batchSize, this.o.leaseSeconds, ['teams']);
    this.counts.claimed += rows.length;
    return rows;
  }

  private async process(rows: OutboxRow[]): Promise<void> {
    const ready: Resolved[] = [];
    const recipients = new Set<string>();
    try {
      for (const row of rows) {
        const resolved = await this.resolve(row, recipients);
        if (resolved !== null) ready.push(resolved);
      }
      if (ready.length === 0) return;
      await this.sendBatch(ready);
    } finally {
      for (const r of recipients) this.busyRecipients.delete(r);
    }
  }

  private async sendBatch(ready: Resolved[]): Promise<void> {
    const byKey = new Map(ready.map((r) => [r.row.key, r.row]));
    await this.o.sender.send(
      ready.map((r) => r.job),
      async (key, outcome) => {
        const row = byKey.get(key);
        if (row !== undefined) await this.settle(row, outcome);
      },
    );
  }

  /** Conversation + rendered card, or null when the row was settled here (no conversation, render error, busy). */
  private async resolve(row: OutboxRow, mine: Set<string>): Promise<Resolved | null> {
    const conversation = await this.conversationFor(row);
    if (conversation === null) {
      this.counts.noConversation += 1;
      await this.track(markRetry(this.o.db, row.id, this.o.id, this.o.noConversationRetryMs, 'no conversation reference'));
      return null;
    }
    if (this.busyRecipients.has(conversation.conversationId) && !mine.has(conversation.conversationId)) {
      // Another batch of ours is talking to this conversation: wait for it, so the person's messages stay in order.
      await this.track(markRetry(this.o.db, row.id, this.o.id, 1_000, 'conversation busy in another batch'));
      return null;
    }
    mine.add(conversation.conversationId);
    this.busyRecipients.add(conversation.conversationId);
    let activity;
    try {
      activity = await renderMessage(row, { db: this.o.db, profile: this.o.profile, now: this.o.now() });
    } catch (error) {
      this.counts.failed += 1;
      await this.track(markFailed(this.o.db, row.id, this.o.id, `render: ${error instanceof Error ? error.message : String(error)}`));
      return null;
    }
    if (row.possiblyRepeated) this.counts.possiblyRepeated += 1;
    return {
      row,
      job: {
        key: row.key,
        serviceUrl: conversation.serviceUrl,
        tenantId: conversation.tenantId ?? '',
        conversationId: conversation.conversationId,
        activity,
      },
    };
  }

  private async conversationFor(row: OutboxRow): Promise<ConversationRefRow | null> {
    const channelId = row.payload['conversationId'];
    if (row.kind === 'headlines' && typeof channelId === 'string') return getConversationRef(this.o.db, channelId);
    if (row.recipientId === null) return null;
    return personalConversationOf(this.o.db, row.recipientId);
  }

  private async settle(row: OutboxRow, outcome: SendOutcome): Promise<void> {
    const { db } = this.o;
    const id = this.o.id;
    if (outcome.kind === 'delivered') {
      this.counts.sent += 1;
      await this.track(markSent(db, row.id, id, outcome.activityId));
      return;
    }
    if (outcome.kind === 'blocked') {
      this.counts.blocked += 1;
      const reason = `blocked: ${outcome.code}`;
      await db.transaction(async (tx) => {
        if (await markFailed(tx, row.id, id, reason)) {
          await enqueue(tx, {
            key: `blocked:${row.key}`,
            channel: 'qa-notice',
            kind: 'qa-notice',
            recipientId: null,
            payload: { reason: `${row.recipientId ?? 'a recipient'} has blocked or removed the bot; the '${row.kind}' message could not be delivered`, recipientId: row.recipientId, messageKey: row.key },
          });
        } else this.counts.lostLeases += 1;
      });
      return;
    }
    // The sender already retried within the batch; transient failures come back later, permanent ones stop here.
    const transient = outcome.status === null || outcome.status === 429 || outcome.status >= 500 || outcome.status === 412;
    if (transient && row.attempts < this.o.maxAttempts) {
      this.counts.retried += 1;
      await this.track(markRetry(db, row.id, id, backoffDelay(row.attempts, { ...DEFAULT_RETRY_POLICY, baseMs: 30_000, capMs: 3_600_000 }), outcome.reason));
    } else {
      this.counts.failed += 1;
      await this.track(markFailed(db, row.id, id, outcome.reason));
    }
  }

  private async track(mark: Promise<boolean>): Promise<void> {
    if (!(await mark)) this.counts.lostLeases += 1;
  }
}
