/**
 * Who may send Teams messages now. Teams' 50 requests a second is per app per tenant across every instance, so one
 * instance at a time is the sender: on PostgreSQL it holds an advisory lock (keyed by the store's schema, so each
 * outbox has its own) in a transaction kept open on a connection of its own. When the instance stops it commits, and
 * when it dies PostgreSQL ends the session: either way the lock is free for another instance. An open transaction that
 * has only taken a lock holds no snapshot (backend_xmin stays null), so it does not hold back vacuum. A transaction
 * rather than a session lock keeps the connection pinned even behind a transaction-mode pooler. On embedded PGlite
 * every worker shares one process, and the lease is a claim on the Db object.
 */
import { z } from 'zod';
import type { Db, Queryable } from './db';

/** The advisory lock's first key, naming what is locked; the second is the schema's hash. */
export const SENDER_LOCK_CLASS = 0x41_4c_53_44; // 'ALSD'

const OkRow = z.object({ ok: z.boolean() });
const PidRow = z.object({ pid: z.number().int() });
const ActiveRow = z.object({ active: z.boolean() });

export interface SenderLease {
  /** Held after the last tryAcquire or check said so. */
  readonly held: boolean;
  /**
   * One attempt to become the sender (no waiting); true when held. A store that cannot be reached answers false.
   * While held, the hold is checked every few seconds; `onLost` is called once if it is found gone.
   */
  tryAcquire(onLost?: () => void): Promise<boolean>;
  /** Whether the hold is still good: false once its connection has gone (the lock is then another's to take). */
  check(): Promise<boolean>;
  /** Gives the lease up; a no-op when not held. */
  release(): Promise<void>;
}

export interface SenderLeaseOptions {
  /** How often the holder checks its connection still lives. */
  checkEveryMs?: number;
  /** A check unanswered this long counts as a lost connection. */
  checkTimeoutMs?: number;
}

export function openSenderLease(db: Db, options: SenderLeaseOptions = {}): SenderLease {
  return db.kind === 'postgres' ? new AdvisoryLease(db, options.checkEveryMs ?? 3_000, options.checkTimeoutMs ?? 5_000) : new InProcessLease(db);
}

// Keyed by the Db object: two workers on one PGlite store in one process share its lease.
const inProcessHolders = new WeakMap<Db, InProcessLease>();

class InProcessLease implements SenderLease {
  constructor(private readonly db: Db) {}

  get held(): boolean {
    return inProcessHolders.get(this.db) === this;
  }

  async tryAcquire(): Promise<boolean> {
    const holder = inProcessHolders.get(this.db);
    if (holder === undefined) inProcessHolders.set(this.db, this);
    return this.held;
  }

  async check(): Promise<boolean> {
    return this.held;
  }

  async release(): Promise<void> {
    if (this.held) inProcessHolders.delete(this.db);
  }
}

interface Hold {
  tx: Queryable;
  letGo: () => void;
  heartbeat: NodeJS.Timeout | null;
  onLost: (() => void) | undefined;
  /** The transaction's end (commit, or rollback after its connection failed); never rejects. */
  ended: Promise<void>;
}

class AdvisoryLease implements SenderLease {
  private hold: Hold | null = null;

  constructor(
    private readonly db: Db,
    private readonly checkEveryMs: number,
    private readonly checkTimeoutMs: number,
  ) {}

  get held(): boolean {
    return this.hold !== null;
  }

  async tryAcquire(onLost?: () => void): Promise<boolean> {
    if (this.hold !== null) return true;
    let answer: (hold: Hold | null) => void = () => undefined;
    const answered = new Promise<Hold | null>((resolve) => (answer = resolve));
    let letGo: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (letGo = resolve));
    let hold: Hold | null = null;
    const ended = this.db
      .transaction(async (tx) => {
        const [row] = await tx.query(`SELECT pg_try_advisory_xact_lock($1, hashtext(current_schema())) AS ok`, [SENDER_LOCK_CLASS]);
        if (!OkRow.parse(row).ok) return;
        hold = { tx, letGo, heartbeat: null, onLost, ended: Promise.resolve() };
        answer(hold);
        await released; // the lock lives as long as this transaction
      })
      .catch(() => undefined) // connection lost or store unreachable: there is no lock to hold
      .finally(() => {
        answer(null); // a no-op when already answered
        if (this.hold !== null && this.hold === hold) this.drop(hold, true);
      });
    const got = await answered;
    if (got === null) return false;
    got.ended = ended;
    this.hold = got;
    let checking = false;
    got.heartbeat = setInterval(() => {
      if (checking) return;
      checking = true;
      void this.check().finally(() => (checking = false));
    }, this.checkEveryMs);
    got.heartbeat.unref();
    return true;
  }

  async check(): Promise<boolean> {
    const hold = this.hold;
    if (hold === null) return false;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), this.checkTimeoutMs)));
    const alive = hold.tx.query('SELECT 1').then(() => true, () => false);
    const ok = await Promise.race([alive, timedOut]);
    clearTimeout(timer);
    // A silent connection counts as lost: stop sending now; the lock goes when PostgreSQL ends the session.
    if (!ok && this.hold === hold) this.drop(hold, true);
    return ok && this.hold === hold;
  }

  async release(): Promise<void> {
    const hold = this.hold;
    if (hold === null) return;
    this.drop(hold, false);
    await hold.ended;
  }

  private drop(hold: Hold, lost: boolean): void {
    this.hold = null;
    if (hold.heartbeat !== null) clearInterval(hold.heartbeat);
    hold.letGo();
    if (lost) hold.onLost?.();
  }
}

/**
 * Whether Teams messages may have gone out in the last `seconds`: one was marked sent, or one is held by another
 * worker (in flight, or its worker died with it). A new sender waits out a tenant window after such activity, since
 * its limiter has not seen those requests.
 */
export async function recentSendActivity(db: Queryable, workerId: string, seconds: number): Promise<boolean> {
  const [row] = await db.query(
    `SELECT EXISTS (
       SELECT 1 FROM outbox WHERE channel = 'teams' AND (
         (status = 'sending' AND locked_by IS DISTINCT FROM $1) OR (status = 'sent' AND sent_at > now() - make_interval(secs => $2)))
     ) AS active`,
    [workerId, seconds],
  );
  return ActiveRow.parse(row).active;
}

/** The PostgreSQL backend holding this schema's sender lock (operations and tests), or null (none, or PGlite). */
export async function senderLockHolderPid(db: Db): Promise<number | null> {
  if (db.kind !== 'postgres') return null;
  const rows = await db.query(
    `SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = $1::bigint::oid
       AND objid = (hashtext(current_schema())::bigint & 4294967295)::oid AND objsubid = 2`,
    [SENDER_LOCK_CLASS],
  );
  const [row] = rows;
  return row === undefined ? null : PidRow.parse(row).pid;
}
