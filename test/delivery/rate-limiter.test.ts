import { RateLimiter, TEAMS_BOT_LIMITS, withSafetyMargin, type RateLimits } from '../../delivery/rate-limiter';

/** Send as fast as the limiter allows on one conversation, jumping the fake clock to each retryAt. */
function greedySchedule(limiter: RateLimiter, conversationId: string, tenantId: string, count: number): number[] {
  const times: number[] = [];
  let now = 0;
  while (times.length < count) {
    const slot = limiter.tryAcquire(conversationId, tenantId, now);
    if (slot.ok) times.push(now);
    else now = slot.retryAtMs;
  }
  return times;
}

const inWindow = (times: number[], start: number, windowMs: number) => times.filter((t) => t >= start && t < start + windowMs).length;

describe('rate limiter with the real Teams numbers and a fake clock', () => {
  it('allows 7 sends to a conversation in one second and names the exact moment the 8th may go', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i += 1) expect(limiter.tryAcquire('a:conv', 't1', 0)).toEqual({ ok: true });
    expect(limiter.tryAcquire('a:conv', 't1', 0)).toEqual({ ok: false, retryAtMs: 1_000, scope: 'conversation' });
    expect(limiter.tryAcquire('a:conv', 't1', 999).ok).toBe(false);
    expect(limiter.tryAcquire('a:conv', 't1', 1_000)).toEqual({ ok: true });
  });

  it('allows only 8 sends to a conversation in any two seconds', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i += 1) limiter.tryAcquire('a:conv', 't1', 0);
    expect(limiter.tryAcquire('a:conv', 't1', 1_000)).toEqual({ ok: true });
    expect(limiter.tryAcquire('a:conv', 't1', 1_500)).toEqual({ ok: false, retryAtMs: 2_000, scope: 'conversation' });
    expect(limiter.tryAcquire('a:conv', 't1', 2_000)).toEqual({ ok: true });
  });

  it('allows only 60 sends to a conversation in any 30 seconds', () => {
    const times = greedySchedule(new RateLimiter(), 'a:conv', 't1', 61);
    expect(inWindow(times, 0, 30_000)).toBe(60);
    expect(times[60]).toBeGreaterThanOrEqual(30_000);
    for (const start of times) expect(inWindow(times, start, 30_000)).toBeLessThanOrEqual(60);
  });

  it('allows only 1800 sends to a conversation in an hour', () => {
    const times = greedySchedule(new RateLimiter(), 'a:conv', 't1', 1_801);
    expect(inWindow(times, 0, 3_600_000)).toBe(1_800);
    expect(times[1_800]).toBe(3_600_000);
  });

  it('never lets a greedy sender break any per-conversation window', () => {
    const times = greedySchedule(new RateLimiter(), 'a:conv', 't1', 300);
    for (const { windowMs, max } of TEAMS_BOT_LIMITS.perConversation) {
      for (const start of times) expect(inWindow(times, start, windowMs)).toBeLessThanOrEqual(max);
    }
  });

  it('holds a tenant to 50 requests per second across different conversations', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 50; i += 1) expect(limiter.tryAcquire(`a:conv${i}`, 't1', 10).ok).toBe(true);
    expect(limiter.tryAcquire('a:conv50', 't1', 500)).toEqual({ ok: false, retryAtMs: 1_010, scope: 'tenant' });
    expect(limiter.tryAcquire('a:conv50', 't2', 500)).toEqual({ ok: true });
    expect(limiter.tryAcquire('a:conv50', 't1', 1_010)).toEqual({ ok: true });
  });

  it('counts a conversation-less request (creating a conversation) against the tenant only', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 50; i += 1) expect(limiter.tryAcquire(null, 't1', 0).ok).toBe(true);
    expect(limiter.tryAcquire('a:conv', 't1', 0)).toMatchObject({ ok: false, scope: 'tenant' });
    expect(limiter.tryAcquire('a:other', 't9', 0).ok).toBe(true);
  });

  it('does not use up a slot when it refuses', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 7; i += 1) limiter.tryAcquire('a:conv', 't1', 0);
    for (let i = 0; i < 20; i += 1) limiter.tryAcquire('a:conv', 't1', 500);
    expect(limiter.tryAcquire('a:conv', 't1', 1_000)).toEqual({ ok: true });
  });

  it('counts a recorded conversation creation against that conversation', () => {
    const limiter = new RateLimiter();
    limiter.recordConversation('a:conv', 0);
    for (let i = 0; i < 6; i += 1) expect(limiter.tryAcquire('a:conv', 't1', 0).ok).toBe(true);
    expect(limiter.tryAcquire('a:conv', 't1', 0).ok).toBe(false);
  });
});

describe('rate limiter penalties after a Retry-After', () => {
  it('holds a penalised conversation until the given time and leaves others alone', () => {
    const limiter = new RateLimiter();
    limiter.penalise({ conversationId: 'a:conv' }, 5_000, 0);
    expect(limiter.tryAcquire('a:conv', 't1', 100)).toEqual({ ok: false, retryAtMs: 5_000, scope: 'conversation' });
    expect(limiter.tryAcquire('a:other', 't1', 100).ok).toBe(true);
    expect(limiter.tryAcquire('a:conv', 't1', 5_000).ok).toBe(true);
  });

  it('holds every conversation of a penalised tenant', () => {
    const limiter = new RateLimiter();
    limiter.penalise({ tenantId: 't1' }, 3_000, 0);
    expect(limiter.tryAcquire('a:any', 't1', 0)).toEqual({ ok: false, retryAtMs: 3_000, scope: 'tenant' });
    expect(limiter.tryAcquire('a:any', 't2', 0).ok).toBe(true);
  });
});

describe('rate limiter memory', () => {
  it('forgets conversations whose sends have all left the longest window', () => {
    const limits: RateLimits = { perConversation: [{ windowMs: 1_000, max: 7 }], perTenant: [{ windowMs: 1_000, max: 1_000_000 }] };
    const limiter = new RateLimiter({ limits, pruneThreshold: 100 });
    let refused = 0;
    for (let i = 0; i < 20_000; i += 1) if (!limiter.tryAcquire(`a:conv${i}`, 't1', i).ok) refused += 1;
    expect(refused).toBe(0);
    // At 1 send per ms, at most ~1000 conversations are still inside the 1 s window.
    expect(limiter.trackedKeys().conversations).toBeLessThanOrEqual(1_001);
    expect(limiter.trackedKeys().tenants).toBe(1);
  });
});

describe('safety margin', () => {
  it('widens every window by the margin so service-side jitter cannot push us over', () => {
    for (const limiter of [new RateLimiter({ limits: withSafetyMargin(TEAMS_BOT_LIMITS, 50) }), new RateLimiter({ marginMs: 50 })]) {
      for (let i = 0; i < 50; i += 1) limiter.tryAcquire(`a:c${i}`, 't1', 0);
      expect(limiter.tryAcquire('a:c50', 't1', 1_000)).toEqual({ ok: false, retryAtMs: 1_050, scope: 'tenant' });
    }
  });

  it('a margin changed while sending applies from the next request, to requests already counted too', () => {
    const limiter = new RateLimiter({ marginMs: 20 });
    for (let i = 0; i < 50; i += 1) limiter.tryAcquire(`a:c${i}`, 't1', 0);
    expect(limiter.tryAcquire('a:c50', 't1', 1_000)).toEqual({ ok: false, retryAtMs: 1_020, scope: 'tenant' });
    limiter.setMarginMs(40);
    expect(limiter.marginMs()).toBe(40);
    expect(limiter.tryAcquire('a:c50', 't1', 1_020)).toEqual({ ok: false, retryAtMs: 1_040, scope: 'tenant' });
    for (let i = 0; i < 7; i += 1) limiter.tryAcquire('a:one', 't2', 0);
    expect(limiter.tryAcquire('a:one', 't2', 0)).toEqual({ ok: false, retryAtMs: 1_040, scope: 'conversation' });
  });
});

describe('pacing', () => {
  /** As the sender does: ask, and when refused come back at the time named, `late(i)` ms after it. */
  function paceSchedule(limiter: RateLimiter, count: number, late: (i: number) => number): number[] {
    const times: number[] = [];
    let at = 0;
    for (let i = 0; i < count; i += 1) {
      for (;;) {
        const r = limiter.tryAcquire(`a:d${i}`, 't1', at);
        if (r.ok) break;
        at = r.retryAtMs + late(i);
      }
      times.push(at);
    }
    return times;
  }
  // Inside (t - ms, t], written as the limiter counts it (x + ms > t), so a fraction of a ms rounds the same way.
  const busiest = (times: number[], ms: number) => Math.max(...times.map((t) => times.filter((x) => x + ms > t && x <= t).length));

  it("sends the tenant's requests ten at most back to back, then one every window ÷ 50, never 50 at once", () => {
    const limiter = new RateLimiter({ marginMs: 20, pace: { burst: 10 } });
    for (let i = 0; i < 10; i += 1) expect(limiter.tryAcquire(`a:c${i}`, 't1', 0).ok).toBe(true);
    const refused = limiter.tryAcquire('a:c10', 't1', 0);
    expect(refused).toMatchObject({ ok: false, scope: 'tenant' });
    expect(!refused.ok && refused.retryAtMs).toBeCloseTo(20.4, 6);
    const times = paceSchedule(limiter, 500, () => 0);
    expect(busiest(times, 20)).toBeLessThanOrEqual(10);
    expect(busiest(times, 1_020)).toBeLessThanOrEqual(50);
    // One request every 20.4 ms once the first ten have gone: the windows' own rate, 50 in 1,020 ms.
    expect((times[499] as number) - (times[99] as number)).toBeCloseTo(400 * 20.4, 0);
  });

  it("a sender that is always a little late keeps the windows' rate: lateness does not add up", () => {
    // Each wake-up 1-3 ms after the time named, as timers and a busy event loop give.
    const limiter = new RateLimiter({ marginMs: 20, pace: { burst: 10 } });
    const times = paceSchedule(limiter, 1_000, (i) => 1 + (i % 3));
    expect(busiest(times, 1_020)).toBeLessThanOrEqual(50);
    const rate = 900 / (((times[999] as number) - (times[99] as number)) / 1_000);
    expect(rate).toBeGreaterThan(0.99 * (50 / 1.02));
  });
});

describe('counting at the moment of sending', () => {
  it('counts a request from the moment it is sent, answered or not', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 50; i += 1) expect(limiter.tryAcquire(`a:c${i}`, 't1', i).ok).toBe(true);
    // The first left the tenant's 1 s window at 1000 ms; nothing about responses moves that.
    expect(limiter.tryAcquire('a:c50', 't1', 500)).toEqual({ ok: false, retryAtMs: 1_000, scope: 'tenant' });
    expect(limiter.tryAcquire('a:c50', 't1', 1_000).ok).toBe(true);
  });

  it('counts a request that left late (a new connection, a busy event loop) from the moment it left', () => {
    const limiter = new RateLimiter();
    for (let i = 0; i < 50; i += 1) limiter.tryAcquire(`a:c${i}`, 't1', 0);
    // The first 16 waited 350 ms for their connections: Teams counts them from 350, so must we.
    for (let i = 0; i < 16; i += 1) limiter.retime(`a:c${i}`, 't1', 0, 350);
    expect(limiter.tryAcquire('a:c50', 't1', 1_000).ok).toBe(true); // 34 sent at 0 have left the window
    for (let i = 51; i < 84; i += 1) expect(limiter.tryAcquire(`a:c${i}`, 't1', 1_000).ok).toBe(true);
    expect(limiter.tryAcquire('a:c84', 't1', 1_000)).toEqual({ ok: false, retryAtMs: 1_350, scope: 'tenant' });
  });

  it('refuses without holding anything', () => {
    const limiter = new RateLimiter({ limits: { perConversation: [{ windowMs: 1_000, max: 1 }], perTenant: [{ windowMs: 1_000, max: 5 }] } });
    expect(limiter.tryAcquire('a:conv', 't1', 0).ok).toBe(true);
    for (let t = 0; t < 1_000; t += 100) expect(limiter.tryAcquire('a:conv', 't1', t).ok).toBe(false);
    expect(limiter.tryAcquire('a:conv', 't1', 1_000).ok).toBe(true);
    // Ten refusals took no tenant slots: three more conversations still fit in the tenant's five.
    for (const c of ['a:x', 'a:y', 'a:z']) expect(limiter.tryAcquire(c, 't1', 1_000).ok).toBe(true);
  });

  it('says never, not "later", when a configured limit is 0', () => {
    const limiter = new RateLimiter({ limits: { perConversation: [{ windowMs: 1_000, max: 0 }], perTenant: [{ windowMs: 1_000, max: 5 }] } });
    expect(limiter.tryAcquire('a:conv', 't1', 0)).toEqual({ ok: false, retryAtMs: Number.POSITIVE_INFINITY, scope: 'conversation' });
  });
});
