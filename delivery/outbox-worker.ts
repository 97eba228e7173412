/**
 * Drains the outbox to Teams. Claims due rows under a lease, resolves the batch's conversations and renders its cards
 * with a few set-based reads, and streams the jobs into one long-lived SendStream of the process's ThrottledSender
 * (one limiter for the whole process). The next batch is claimed and rendered while the sender still has work queued,
 * so the sender never idles and one batch's retry tail never holds up the next: the per-tenant limit is what bounds
 * the rate. Each row is marked the moment its outcome arrives, so a crash can repeat at most the requests in flight
 * at that instant — and a row reclaimed after a crash goes out flagged `possiblyRepeated` so the client can tell.
 * Leases on held rows are renewed while the worker lives, so a short lease is safe.
 *
 * Teams' per-tenant limit is shared by every instance, so only the holder of the store's sender lease
 * (store/sender-lease.ts) sends; the others stand by and try to take it over every few seconds. A new sender waits
 * out a tenant window when the store shows recent sends, as its limiter has not seen the previous sender's requests.
 */
import type { ProgrammeProfile } from '../audit/programme-profile';
import { getConversationRef } from '../store/conversations-repo';
import type { Db } from '../store/db';
import { claimDue, markFailed, markRetry, releaseClaims, renewLeases, type OutboxRow } from '../store/outbox-repo';
import { personalConversationsOf, type ConversationRefRow } from '../store/conversations-repo';
import { openSenderLease, recentSendActivity, type SenderLease } from '../store/sender-lease';
import { prefetchForRows, renderMessage } from './render-message';
import { settleOutcome } from './settle-outcome';
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
  /** Who may send, across instances (default: the store's). null: never ask (a sole process). runOnce/drain never ask. */
  senderLease?: SenderLease | null;
  /** How often a standby worker tries to become the sender. */
  standbyRetryMs?: number;
  /** A new sender's pause after recent sends: Teams' shortest windows (8 per conversation in 2 s; 1 s per tenant) + margin. */
  takeoverQuietMs?: number;
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
  private readonly lease: SenderLease | null;
  /** The lease was found lost: stop sending, hand back what is held, stand by. */
  private lostLease = false;
  /** The loop is waiting for the sender's queue to run low (not for new rows to fall due). */
  private wantsRoom = false;
  private wake: (() => void) | null = null;
  private readonly o: Required<Omit<OutboxWorkerOptions, 'now' | 'botAppId' | 'senderLease'>> & { now: () => Date; botAppId: string | null };

  constructor({ senderLease, ...options }: OutboxWorkerOptions) {
    this.lease = senderLease === undefined ? openSenderLease(options.db) : senderLease;
    this.o = {
      standbyRetryMs: 3_000,
      takeoverQuietMs: 2_050,
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

  /** This worker is the sender now (holds the lease, or needs none). */
  get sending(): boolean {
    return this.stream !== null;
  }

  start(): void {
    if (this.loop !== null) return;
    this.stopping = false;
    this.renewal = setInterval(() => void this.renew(), Math.max(100, (this.o.leaseSeconds * 1_000) / 3));
    this.renewal.unref();
    this.loop = this.run();
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
    await this.lease?.release(); // after the claims, so the next sender finds them free
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

  private async run(): Promise<void> {
    while (!this.stopping) {
      if (!(await this.becomeSender())) {
        await this.pause(this.o.standbyRetryMs);
        continue;
      }
      const stream = (this.stream = this.o.sender.open((key, outcome) => this.onOutcome(key, outcome)));
      await this.feed(stream);
      if (this.stopping) return; // stop() closes the stream, releases the claims and the lease
      this.stream = null; // lease lost: finish what is on the wire, hand back the rest at once, stand by
      await stream.close({ drop: true }).catch(() => undefined);
      this.held.clear();
      await releaseClaims(this.o.db, this.o.id).catch(() => undefined); // else their leases bring them back
      await this.lease?.release();
      await this.pause(this.o.standbyRetryMs); // an instance whose connection failed is the last that should take it back
    }
  }

  private async becomeSender(): Promise<boolean> {
    const lease = this.lease;
    if (lease === null) return true;
    this.lostLease = false;
    if (!(await lease.tryAcquire(() => ((this.lostLease = true), this.poke())))) return false;
    const quietMs = this.o.takeoverQuietMs;
    const until = Date.now() + ((await recentSendActivity(this.o.db, this.o.id, quietMs / 1_000).catch(() => true)) ? quietMs : 0);
    while (!this.stopping && Date.now() < until) await this.pause(until - Date.now()); // a poke must not cut it short
    if (this.stopping && this.loop === null) await lease.release(); // stop() has finished without us
    return !this.stopping;
  }

  private async feed(stream: SendStream): Promise<void> {
    while (!this.stopping && !this.lostLease) {
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
    if (this.stopping) return Promise.resolve(); // stop() has poked already: nothing would wake this pause
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
    const settled = await settleOutcome(this.o.db, this.o.id, row, outcome, this.o.maxAttempts);
    this.counts[settled.counted] += 1;
    if (!settled.held) this.counts.lostLeases += 1;
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
