import { AdaptiveMargin } from '../../delivery/adaptive-margin';

/**
 * The sender's slack on Teams' windows, learnt from Teams' answers (delivery/adaptive-margin.ts): Microsoft asks an app
 * to back off when it gets a 429, since the limits may change.
 */
describe('the margin the sender leaves on Teams rate windows', () => {
  const policy = { baseMs: 20, maxMs: 400, quietMs: 60_000 };

  it('starts at its base and stays there while Teams never answers 429', () => {
    const margin = new AdaptiveMargin(policy, 0);
    expect(margin.current(0)).toBe(20);
    expect(margin.current(24 * 3_600_000)).toBe(20);
  });

  it('doubles at each 429, up to its most', () => {
    const margin = new AdaptiveMargin(policy, 0);
    expect([1, 2, 3, 4, 5, 6].map((t) => margin.throttled(t))).toEqual([40, 80, 160, 320, 400, 400]);
    expect(margin.current(7)).toBe(400);
  });

  it('gives back half of what it added for each quiet period after the last 429, then rests at its base', () => {
    const margin = new AdaptiveMargin(policy, 0);
    margin.throttled(0);
    margin.throttled(0); // 80
    expect(margin.current(59_999)).toBe(80);
    expect(margin.current(60_000)).toBe(50);
    expect(margin.current(120_000)).toBe(35);
    expect(margin.current(360_000)).toBe(20);
  });

  it('a 429 after easing doubles what is in force then, not what it once was', () => {
    const margin = new AdaptiveMargin(policy, 0);
    margin.throttled(0); // 40
    margin.throttled(0); // 80
    expect(margin.throttled(120_000)).toBe(70); // 35 in force, doubled
  });
});
