/**
 * Fault plan for the fake Teams connector: what goes wrong, when, reproducibly (seeded RNG).
 */
import { unsafeUniformIntDistribution, xoroshiro128plus } from 'pure-rand';

/** Uniform [0, 1) from a seed, so "fail 20% of requests" picks the same requests every run. */
export function seededRandom(seed: number): () => number {
  const rng = xoroshiro128plus(seed);
  const span = 0x7fffffff;
  return () => unsafeUniformIntDistribution(0, span - 1, rng) / span;
}

export interface InjectedFailure {
  status: number;
  /** Error code for the `{"error":{"code"}}` body; defaults follow Teams' status-code table. */
  code?: string;
  retryAfterSeconds?: number;
}

export interface InjectedDelay {
  ms: number;
  /**
   * 'after-processing' (default): the activity is recorded, then the response is held back, as when
   * Teams delivers a message but the reply is lost to a timeout — the case that causes duplicates.
   * 'before-processing': nothing happens until the delay passes.
   */
  mode: 'after-processing' | 'before-processing';
}

export type BlockTarget = { userId: string } | { conversationId: string };

export class FaultPlan {
  private readonly random: () => number;
  private queued: InjectedFailure[] = [];
  private fraction = 0;
  private fractionStatuses: number[] = [500, 502, 503, 504];
  private delays: InjectedDelay[] = [];
  private steadyDelay: InjectedDelay | null = null;
  private readonly blockedUsers = new Set<string>();
  private readonly blockedConversations = new Set<string>();

  constructor(seed: number) {
    this.random = seededRandom(seed);
  }

  /** The next `count` API requests fail with this status (default 503). */
  failNext(count: number, failure: InjectedFailure = { status: 503 }): void {
    for (let i = 0; i < count; i += 1) this.queued.push({ ...failure });
  }

  /** Each API request fails with probability `p`, status drawn from `statuses` by the seeded RNG. */
  failFraction(p: number, statuses: number[] = [500, 502, 503, 504]): void {
    if (p < 0 || p > 1) throw new RangeError(`failure fraction must be in [0, 1], got ${p}`);
    this.fraction = p;
    this.fractionStatuses = statuses;
  }

  delayNext(count: number, ms: number, mode: InjectedDelay['mode'] = 'after-processing'): void {
    for (let i = 0; i < count; i += 1) this.delays.push({ ms, mode });
  }

  /** Delay every response from now on (0 to stop). */
  delayAll(ms: number, mode: InjectedDelay['mode'] = 'after-processing'): void {
    this.steadyDelay = ms > 0 ? { ms, mode } : null;
  }

  block(target: BlockTarget): void {
    if ('userId' in target) this.blockedUsers.add(target.userId);
    else this.blockedConversations.add(target.conversationId);
  }

  unblock(target: BlockTarget): void {
    if ('userId' in target) this.blockedUsers.delete(target.userId);
    else this.blockedConversations.delete(target.conversationId);
  }

  isBlocked(conversationId: string, userId: string | null): boolean {
    return this.blockedConversations.has(conversationId) || (userId !== null && this.blockedUsers.has(userId));
  }

  /** Consume the failure (if any) for the request being handled now. */
  takeFailure(): InjectedFailure | null {
    const queued = this.queued.shift();
    if (queued) return queued;
    if (this.fraction > 0 && this.random() < this.fraction) {
      const index = Math.floor(this.random() * this.fractionStatuses.length);
      return { status: this.fractionStatuses[index] ?? 503 };
    }
    return null;
  }

  takeDelay(): InjectedDelay | null {
    return this.delays.shift() ?? this.steadyDelay;
  }

  reset(): void {
    this.queued = [];
    this.fraction = 0;
    this.delays = [];
    this.steadyDelay = null;
    this.blockedUsers.clear();
    this.blockedConversations.clear();
  }
}

/** Window counter kept deliberately naive (filter and count) so it checks the real limiter independently. */
export class NaiveWindowCounter {
  private readonly events = new Map<string, number[]>();

  constructor(private readonly windows: readonly { windowMs: number; max: number }[]) {}

  /** Null when one more event fits now; otherwise the time the next one would fit. */
  blockedUntil(key: string, now: number): number | null {
    const events = this.events.get(key) ?? [];
    let until: number | null = null;
    for (const { windowMs, max } of this.windows) {
      const inside = events.filter((t) => t > now - windowMs);
      if (inside.length >= max) {
        const frees = (inside[inside.length - max] as number) + windowMs;
        until = until === null ? frees : Math.max(until, frees);
      }
    }
    return until;
  }

  add(key: string, now: number): void {
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    const kept = (this.events.get(key) ?? []).filter((t) => t > now - longest);
    kept.push(now);
    this.events.set(key, kept);
  }
}
