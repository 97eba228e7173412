import { parseRetryAfter as graphRetryAfterSeconds } from '../../graph/graph-errors';
import { parseRetryAfter as teamsRetryAfterMs } from '../../delivery/retry-policy';
import { retryAfterMs } from '../../http/retry-after';

const NOW = Date.parse('2026-11-02T10:00:00Z');

describe('Retry-After, read once for Teams and Graph', () => {
  it('takes delta-seconds and an HTTP-date, and refuses what is neither', () => {
    expect(retryAfterMs('3', NOW)).toBe(3_000);
    expect(retryAfterMs(' 1.5 ', NOW)).toBe(1_500);
    expect(retryAfterMs(new Date(NOW + 7_000).toUTCString(), NOW)).toBe(7_000);
    expect(retryAfterMs(new Date(NOW - 7_000).toUTCString(), NOW)).toBe(0);
    for (const bad of ['soon', '-5', '', '  ', null, undefined]) expect(retryAfterMs(bad, NOW)).toBeNull();
  });

  it('gives the Teams sender milliseconds and Graph errors whole seconds rounded up, from the same reading', () => {
    expect(teamsRetryAfterMs('1.5', NOW)).toBe(1_500);
    expect(graphRetryAfterSeconds('1.5', NOW)).toBe(2);
    expect(graphRetryAfterSeconds(new Date(NOW + 30_000).toUTCString(), NOW)).toBe(30);
    expect(graphRetryAfterSeconds('nonsense', NOW)).toBeNull();
  });
});
