/**
 * Drains the outbox to Teams. Claims due rows under a lease, resolves the batch's conversations and renders its cards
 * with a few set-based reads, and streams the jobs into one long-lived SendStream of the process's ThrottledSender
 * (one limiter for the whole process). The next batch is claimed and rendered while the sender still has work queued,
 * so the sender never idles and one batch's retry tail never holds up the next: the per-tenant limit is what bounds
 * the rate. Each row is marked the moment its outcome arrives, so a crash can repeat at most the requests in flight
 * at that instant — and a row reclaimed after a crash goes out flagged `possiblyRepeated` so the client can tell.
 * Leases on held rows are renewed while the worker lives, so a short lease is safe.
 */
import type { ProgrammeProfile } from '../audit/programme-profile';
import { getConversationRef } from '../store/conversations-repo';
import type { Db } from '../store/db';
import { claimDue, enqueue, markFailed, markRetry, markSent, releaseClaims, renewLeases, type OutboxRow } from '../store/outbox-repo';
import { personalConversationsOf, type ConversationRefRow } from '../store/conversations-repo';
import { prefetchForRows, renderMessage } from './render-message';
import { backoffDelay, DEFAULT_RETRY_POLICY, isTransientStatus } from './retry-policy';
import type { SendJob, SendOutcome, SendStream, ThrottledSender } from './throttled-sender';

export interface OutboxWorkerOptions {
  db: Db;
  /** Unique per process (host name + pid): the lease owner. */
  id: string;
  sender: ThrottledSender;
  profile: ProgrammeProfile;
  /** Rows per claim. */
  batchSize?: number;
  /** A dead worker's rows are claimed again this long after its last renewal. */
  leaseSeconds?: number;
  /** Sleep between empty polls. */
  idleMs?: number;
  /**
   * Batches kept ahead of the sender: the next batch is claimed once fewer than (batchesInFlight − 1) × batchSize
   * jobs wait for their first try (with 1, once none wait).
   */
  batchesInFlight?: number;
  /** Until the Graph step installs the app, a person has no conversation: look again after this long. */
  noConversationRetryMs?: number;
  /** Attempts (claims) after which a transiently failing row is given up as failed. */
  maxAttempts?: number;
  now?: () => Date;
  /** The bot's Microsoft App ID, for cards' deep links to a chat with it (the headlines' report link). */
  botAppId?: string | null;
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
  /** Marks that threw (store unavailable): the row stays leased until its lease runs out, then is sent again. */
  markErrors: number;
}

export class OutboxWorker {
  readonly counts: WorkerCounts = { claimed: 0, sent: 0, retried: 0, failed: 0, blocked: 0, noConversation: 0, possiblyRepeated: 0, lostLeases: 0, markErrors: 0 };
  /** Rows claimed and not yet settled, by message key: what the lease renewal keeps and an outcome settles. */
  private readonly held = new Map<string, OutboxRow>();
  private stream: SendStream | null = null;
  private loop: Promise<void> | null = null;
  private renewal: NodeJS.Timeout | null = null;
  private stopping = false;
  /** The loop is waiting for the sender's queue to run low (not for new rows to fall due). */
  private wantsRoom = false;
  private wake: (() => void) | null = null;
  private readonly o: Required<Omit<OutboxWorkerOptions, 'now' | 'botAppId'>> & { now: () => Date; botAppId: string | null };

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
      botAppId: options.botAppId ?? null,
    };
  }

  get id(): string {
    return this.o.id;
  }

  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    const stream = this.o.sender.open((key, outcome) => this.onOutcome(key, outcome));
    this.stream = stream;
    this.renewal = setInterval(() => void this.renew(), Math.max(100, (this.o.leaseSeconds * 1_000) / 3));
    this.renewal.unref();
    this.loop = this.run(stream);
  }

  /** Wake an idle worker now (e.g. right after the scheduler queued messages). */
  poke(): void {
    const w = this.wake;
    this.wake = null;
    w?.();
  }

  /**
   * Stops claiming, drops jobs not yet on the wire, waits up to `timeoutMs` for requests in flight, then releases
   * whatever this worker still holds so another instance sends it at once instead of after the lease.
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopping = true;
    this.poke();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
    const finishing = (async () => {
      await this.loop;
      await this.stream?.close({ drop: true }).catch(() => undefined);
    })();
    await Promise.race([finishing, deadline]);
    clearTimeout(timer);
    if (this.renewal) clearInterval(this.renewal);
    this.renewal = null;
    this.loop = null;
    this.stream = null;
    this.held.clear();
    await releaseClaims(this.o.db, this.o.id);
  }

  /** Claims one batch and sends it to the end: for tests and one-shot CLI runs. Returns the rows claimed. */
  async runOnce(): Promise<number> {
    const rows = await this.claim();
    if (rows.length === 0) return 0;
    const jobs = await this.prepare(rows);
    if (jobs.length > 0) await this.o.sender.send(jobs, (key, outcome) => this.onOutcome(key, outcome));
    return rows.length;
  }

  /** Runs until nothing is due (retries scheduled for later are left). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  private get lowWater(): number {
    return Math.max(1, (this.o.batchesInFlight - 1) * this.o.batchSize);
  }

  private async run(stream: SendStream): Promise<void> {
    while (!this.stopping) {
      if (stream.waiting() >= this.lowWater) {
        this.wantsRoom = true; // an outcome wakes us as soon as the queue runs low
        await this.pause(this.o.idleMs);
        this.wantsRoom = false;
        continue;
      }
      let rows: OutboxRow[];
      try {
        rows = await this.claim();
      } catch {
        rows = []; // store briefly unavailable: try again after the idle pause
      }
      if (rows.length === 0) {
        await this.pause(this.o.idleMs);
        continue;
      }
      try {
        stream.push(await this.prepare(rows));
      } catch {
        // A read failed mid-batch: stop renewing these rows so their lease brings them back.
        for (const row of rows) this.held.delete(row.key);
        await this.pause(this.o.idleMs);
      }
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async claim(): Promise<OutboxRow[]> {
    const claimed = await claimDue(this.o.db, this.o.id, this.o.batchSize, this.o.leaseSeconds, ['teams']);
    this.counts.claimed += claimed.length;
    // Already ours and on its way (a renewal was missed): claiming it again must not send it twice.
    const rows = claimed.filter((row) => !this.held.has(row.key));
    for (const row of rows) this.held.set(row.key, row);
    return rows;
  }

  private async renew(): Promise<void> {
    const ids = [...this.held.values()].map((row) => row.id);
    await renewLeases(this.o.db, this.o.id, ids).catch(() => undefined); // the next renewal tries again
  }

  /** The batch's send jobs; rows that cannot be sent (no conversation, render error) are settled here. */
  private async prepare(rows: readonly OutboxRow[]): Promise<SendJob[]> {
    const { db, profile, botAppId } = this.o;
    const personal = rows.filter((row) => channelOf(row) === null && row.recipientId !== null).map((row) => row.recipientId as string);
    const conversations = await personalConversationsOf(db, personal);
    const prefetched = await prefetchForRows(db, rows);
    const now = this.o.now();
    const jobs: SendJob[] = [];
    for (const row of rows) {
      const channel = channelOf(row);
      const target = channel !== null ? await getConversationRef(db, channel) : row.recipientId === null ? undefined : conversations.get(row.recipientId);
      if (target === undefined || target === null) {
        this.counts.noConversation += 1;
        this.held.delete(row.key);
        await this.track(markRetry(db, row.id, this.o.id, this.o.noConversationRetryMs, 'no conversation reference'));
        continue;
      }
      let activity;
      try {
        activity = await renderMessage(row, { db, profile, now, prefetched, botAppId });
      } catch (error) {
        this.counts.failed += 1;
        this.held.delete(row.key);
        await this.track(markFailed(db, row.id, this.o.id, `render: ${error instanceof Error ? error.message : String(error)}`));
        continue;
      }
      if (row.possiblyRepeated) this.counts.possiblyRepeated += 1;
      jobs.push(jobFor(row, target, activity));
    }
    return jobs;
  }

  private async onOutcome(key: string, outcome: SendOutcome): Promise<void> {
    const row = this.held.get(key);
    if (row === undefined) return; // released by stop() after its deadline
    try {
      await this.settle(row, outcome);
    } catch {
      this.counts.markErrors += 1;
    } finally {
      this.held.delete(key);
      if (this.wantsRoom && (this.stream?.waiting() ?? 0) < this.lowWater) this.poke();
    }
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
    const transient = isTransientStatus(outcome.status);
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

/** A headlines row names its channel conversation; everything else goes to the recipient's 1:1 chat. */
function channelOf(row: OutboxRow): string | null {
  const channelId = row.payload['conversationId'];
  return row.kind === 'headlines' && typeof channelId === 'string' ? channelId : null;
}

function jobFor(row: OutboxRow, target: Pick<ConversationRefRow, 'conversationId' | 'tenantId' | 'serviceUrl'>, activity: SendJob['activity']): SendJob {
  return { key: row.key, serviceUrl: target.serviceUrl, tenantId: target.tenantId ?? '', conversationId: target.conversationId, activity };
}
