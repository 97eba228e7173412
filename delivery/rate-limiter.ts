/**
 * Client-side limiter for Teams' published bot limits, so the sender waits for a slot instead of
 * collecting 429s. Pure: the caller passes `now` (ms), nothing here reads a clock or sets a timer.
 *
 * Limits (learn.microsoft.com, "Optimize your bot with rate limiting in Teams"):
 * per bot per thread (conversation) 7 in 1 s, 8 in 2 s, 60 in 30 s, 1800 in 3600 s — the same for
 * "Send to Conversation" and "Create Conversation"; and per app per tenant 50 requests per second.
 */

export interface WindowLimit {
  windowMs: number;
  max: number;
}

export interface RateLimits {
  perConversation: readonly WindowLimit[];
  perTenant: readonly WindowLimit[];
}

export const TEAMS_BOT_LIMITS: RateLimits = {
  perConversation: [
    { windowMs: 1_000, max: 7 },
    { windowMs: 2_000, max: 8 },
    { windowMs: 30_000, max: 60 },
    { windowMs: 3_600_000, max: 1_800 },
  ],
  perTenant: [{ windowMs: 1_000, max: 50 }],
};

/**
 * Widen every window by `marginMs`. We count a request when we send it; Teams counts it when it arrives, one
 * network hop later. A hop of constant length shifts every count alike and changes nothing; the margin covers how
 * much that hop (and our own event loop) can vary from one request to the next. A RateLimiter can also take its
 * margin as an option and change it as it goes (`setMarginMs`), which the sender does (delivery/adaptive-margin.ts).
 */
export function withSafetyMargin(limits: RateLimits, marginMs: number): RateLimits {
  return { perConversation: widened(limits.perConversation, marginMs), perTenant: widened(limits.perTenant, marginMs) };
}

function widened(windows: readonly WindowLimit[], marginMs: number): WindowLimit[] {
  return windows.map((w) => ({ windowMs: w.windowMs + marginMs, max: w.max }));
}

/**
 * Spreading each tenant's requests: at most `burst` back to back, then one every (window + margin) / max, so that
 * Teams never receives its 50 at once (a burst is where arrival times spread most, and a request counted late at the
 * start of one window is one too many at the end of the next). It is a virtual schedule (GCRA: each request moves the
 * tenant's theoretical time on by one interval, whenever it was actually sent), not a window counted from send
 * times: a sliding window of 10 in 210 ms was counted from when each request reached the wire, so every wake-up's
 * lateness pushed the next ten back and added up, and the fan-out lost 1.2% of the budget to it (docs/performance.md,
 * stop 27). Teams itself does not enforce this pace; its own windows, counted from send times, still hold.
 */
export interface Pace {
  burst: number;
}

export type LimitScope = 'conversation' | 'tenant';

export type AcquireResult =
  | { ok: true }
  /** `retryAtMs` is the earliest time a send could succeed given what has been recorded so far. */
  | { ok: false; retryAtMs: number; scope: LimitScope };

export type PenaltyTarget = { conversationId: string } | { tenantId: string };

export interface RateLimiterOptions {
  /** Teams' windows as published; the margin widens them (default: TEAMS_BOT_LIMITS, no margin). */
  limits?: RateLimits;
  marginMs?: number;
  /** Spread each tenant's requests (see Pace); default: none. */
  pace?: Pace;
  /** Prune idle keys once the map holds this many, so memory stays bounded on long runs. */
  pruneThreshold?: number;
}

interface KeyState {
  /** Ascending event times, trimmed to what the longest window still needs. */
  times: number[];
  penaltyUntil: number;
  lastUsed: number;
}

class WindowSet {
  // Map iteration order is insertion order; re-inserting on use keeps it least-recently-used first.
  private readonly keys = new Map<string, KeyState>();
  private windows: readonly WindowLimit[];
  private longestMs: number;
  private readonly keep: number;
  /** A window allowing 0 events: nothing can ever be sent, and the sender must say so rather than wait. */
  private readonly never: boolean;

  constructor(
    private readonly published: readonly WindowLimit[],
    marginMs: number,
    private readonly pruneThreshold: number,
  ) {
    this.windows = published;
    this.longestMs = 0;
    this.widen(marginMs);
    this.keep = Math.max(0, ...published.map((w) => w.max));
    this.never = published.some((w) => w.max <= 0);
  }

  /** Every window is its published length plus `marginMs`; events already recorded stay where they are. */
  widen(marginMs: number): void {
    this.windows = widened(this.published, marginMs);
    this.longestMs = Math.max(0, ...this.windows.map((w) => w.windowMs));
  }

  /** Earliest time a new event is allowed for `key`, or `now` when it is allowed already. */
  earliest(key: string, now: number): number {
    if (this.never) return Number.POSITIVE_INFINITY;
    const state = this.keys.get(key);
    if (!state) return now;
    let at = Math.max(now, state.penaltyUntil);
    const times = state.times;
    for (const { windowMs, max } of this.windows) {
      // Events inside the window are those with t + windowMs > now: the same sum as the time named below, so an event
      // counts as gone at exactly that time even when times are fractions (the pace's), where t > now - windowMs could
      // still count it by a rounding.
      let first = times.length;
      while (first > 0 && (times[first - 1] as number) + windowMs > now) first -= 1;
      const excess = times.length - first - max; // how many must leave before one more fits, minus one
      if (excess < 0) continue;
      // The oldest events leave first.
      at = Math.max(at, (times[first + excess] as number) + windowMs);
    }
    return at;
  }

  record(key: string, now: number): void {
    this.insert(this.touch(key, now), now);
    this.prune(now);
  }

  private insert(state: KeyState, at: number): void {
    const times = state.times;
    let index = times.length;
    while (index > 0 && (times[index - 1] as number) > at) index -= 1;
    times.splice(index, 0, at);
    // Only the newest `keep` events can ever matter, and none older than the longest window.
    if (times.length > this.keep) times.splice(0, times.length - this.keep);
    const newest = times[times.length - 1] as number;
    let stale = 0;
    while (stale < times.length && (times[stale] as number) + this.longestMs <= newest) stale += 1;
    if (stale > 0) times.splice(0, stale);
  }

  /** Move one event recorded at `from` to `to` (later): the request left later than the slot was taken. */
  retime(key: string, from: number, to: number): void {
    const state = this.keys.get(key);
    if (!state || to <= from) return;
    const index = state.times.lastIndexOf(from);
    if (index < 0) return; // already trimmed away: nothing left to correct
    state.times.splice(index, 1);
    this.insert(state, to);
  }

  penalise(key: string, untilMs: number, now: number): void {
    const state = this.touch(key, now);
    state.penaltyUntil = Math.max(state.penaltyUntil, untilMs);
  }

  size(): number {
    return this.keys.size;
  }

  private touch(key: string, now: number): KeyState {
    const state = this.keys.get(key) ?? { times: [], penaltyUntil: 0, lastUsed: now };
    state.lastUsed = Math.max(state.lastUsed, now);
    this.keys.delete(key);
    this.keys.set(key, state);
    return state;
  }

  /** Drop keys whose every event has left the longest window and whose penalty has expired. */
  private prune(now: number): void {
    if (this.keys.size < this.pruneThreshold) return;
    for (const [key, state] of this.keys) {
      const idle = state.lastUsed <= now - this.longestMs && state.penaltyUntil <= now;
      if (!idle) break; // LRU order: everything after this was used more recently.
      this.keys.delete(key);
    }
  }
}

export class RateLimiter {
  private readonly conversations: WindowSet;
  private readonly tenants: WindowSet;
  private readonly tenantLimits: readonly WindowLimit[];
  private readonly pace: Pace | null;
  /** Each tenant's theoretical time for its next request under the pace (GCRA). */
  private readonly paceAt = new Map<string, number>();
  private margin: number;

  constructor(options: RateLimiterOptions = {}) {
    const limits = options.limits ?? TEAMS_BOT_LIMITS;
    const threshold = options.pruneThreshold ?? 1_000;
    this.margin = Math.max(0, options.marginMs ?? 0);
    this.conversations = new WindowSet(limits.perConversation, this.margin, threshold);
    this.tenants = new WindowSet(limits.perTenant, this.margin, threshold);
    this.tenantLimits = limits.perTenant;
    this.pace = options.pace !== undefined && options.pace.burst >= 1 ? options.pace : null;
  }

  /** The margin every window is widened by now. */
  marginMs(): number {
    return this.margin;
  }

  /** Widen (or narrow) every window to its published length plus `marginMs`, from the next request on. */
  setMarginMs(marginMs: number): void {
    const next = Math.max(0, marginMs);
    if (next === this.margin) return;
    this.margin = next;
    this.conversations.widen(next);
    this.tenants.widen(next);
  }

  /** The pace's interval: the slowest of the tenant windows' own rates, each window widened by the margin. */
  private paceIntervalMs(): number {
    let interval = 0;
    for (const w of this.tenantLimits) if (w.max > 0) interval = Math.max(interval, (w.windowMs + this.margin) / w.max);
    return interval;
  }

  /**
   * Take a slot for one request to `conversationId` in `tenantId` at `now` (the moment it is sent), or say when to
   * come back. Pass `conversationId: null` for a request that only counts against the tenant.
   */
  tryAcquire(conversationId: string | null, tenantId: string, now: number): AcquireResult {
    const refused = this.check(conversationId, tenantId, now);
    if (refused) return refused;
    this.tenants.record(tenantId, now);
    if (this.pace !== null) this.paceAt.set(tenantId, Math.max(this.paceAt.get(tenantId) ?? now, now) + this.paceIntervalMs());
    if (conversationId !== null) this.conversations.record(conversationId, now);
    return { ok: true };
  }

  private check(conversationId: string | null, tenantId: string, now: number): Extract<AcquireResult, { ok: false }> | null {
    let tenantAt = this.tenants.earliest(tenantId, now);
    if (this.pace !== null) {
      const theoretical = this.paceAt.get(tenantId);
      // To the microsecond: the interval (20.4 ms) is not exact in binary, and ten of them added up must still fit ten.
      if (theoretical !== undefined) tenantAt = Math.max(tenantAt, Math.round((theoretical - (this.pace.burst - 1) * this.paceIntervalMs()) * 1_000) / 1_000);
    }
    const conversationAt = conversationId === null ? now : this.conversations.earliest(conversationId, now);
    if (tenantAt <= now && conversationAt <= now) return null;
    const scope: LimitScope = conversationAt >= tenantAt ? 'conversation' : 'tenant';
    return { ok: false, retryAtMs: Math.max(tenantAt, conversationAt), scope };
  }

  /**
   * The request granted a slot at `acquiredAt` actually left at `sentAt` (a new connection, a busy event loop): count
   * it from then, so that the next window does not open before Teams' does.
   */
  retime(conversationId: string | null, tenantId: string, acquiredAt: number, sentAt: number): void {
    this.tenants.retime(tenantId, acquiredAt, sentAt);
    if (conversationId !== null) this.conversations.retime(conversationId, acquiredAt, sentAt);
  }

  /** Count a request that already happened (e.g. the create that produced this conversation id). */
  recordConversation(conversationId: string, now: number): void {
    this.conversations.record(conversationId, now);
  }

  /** Hold a conversation or a whole tenant until `untilMs`, e.g. after a 429 with Retry-After. */
  penalise(target: PenaltyTarget, untilMs: number, now: number): void {
    if ('conversationId' in target) this.conversations.penalise(target.conversationId, untilMs, now);
    else this.tenants.penalise(target.tenantId, untilMs, now);
  }

  /** How many conversation and tenant keys are held (for memory-bound tests and metrics). */
  trackedKeys(): { conversations: number; tenants: number } {
    return { conversations: this.conversations.size(), tenants: this.tenants.size() };
  }
}
