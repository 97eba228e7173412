/**
 * How much slack the sender leaves on Teams' windows, learnt from Teams' own answers. Pure: the caller passes `now`.
 *
 * The slack covers how much the trip to Teams varies from one request to the next (withSafetyMargin). Nothing on our
 * side can measure that trip, and Microsoft says the limits themselves may change and that an app must back off when
 * it gets a 429 (learn.microsoft.com, "Optimize your bot with rate limiting in Teams"). So the margin starts small,
 * doubles whenever Teams answers 429, and eases back (half the excess per quiet period) once Teams has been quiet:
 * a council whose route to Teams varies more pays for that variation, and one whose route does not, does not. A
 * 429's Retry-After is honoured as before and its message retried; nothing is lost.
 *
 * 20 ms to start: on loopback, with Teams' 100 ms answers simulated, arrival times varied by well under that, and every
 * 10 ms of margin costs 1% of the tenant's 50 a second (docs/performance.md, stop 27). It was a fixed 50 ms until
 * stop 27, which kept the fan-out under 0.95 of the ceiling whatever else was done.
 */
export interface MarginPolicy {
  baseMs: number;
  maxMs: number;
  /** After this long without a 429, half of the margin above base is given back (again after each further period). */
  quietMs: number;
}

export const DEFAULT_MARGIN_POLICY: MarginPolicy = { baseMs: 20, maxMs: 400, quietMs: 15 * 60_000 };

export class AdaptiveMargin {
  /** The margin as last set by a 429 (or the base), and when. */
  private widenedMs: number;
  private widenedAt: number;

  constructor(
    private readonly policy: MarginPolicy = DEFAULT_MARGIN_POLICY,
    now = 0,
  ) {
    this.widenedMs = policy.baseMs;
    this.widenedAt = now;
  }

  /** The margin to use at `now`: the last widening, eased back by the quiet periods since. */
  current(now: number): number {
    const { baseMs, quietMs } = this.policy;
    const periods = quietMs > 0 ? Math.floor(Math.max(0, now - this.widenedAt) / quietMs) : Number.POSITIVE_INFINITY;
    const excess = (this.widenedMs - baseMs) / 2 ** periods;
    return excess < 1 ? baseMs : Math.round(baseMs + excess);
  }

  /** Teams answered 429: double what is in force now (at least one base more), up to the policy's most. */
  throttled(now: number): number {
    const from = this.current(now);
    this.widenedMs = Math.min(this.policy.maxMs, Math.max(from * 2, from + this.policy.baseMs));
    this.widenedAt = now;
    return this.widenedMs;
  }
}
