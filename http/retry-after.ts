/**
 * Retry-After (RFC 9110 §10.2.3), as Teams and Microsoft Graph send it with a 429 or a 503: delta-seconds or an
 * HTTP-date. In milliseconds; null when absent or unreadable, so the caller falls back to its own back-off.
 */
export function retryAfterMs(value: string | null | undefined, nowMs: number): number | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  if (trimmed === '') return null;
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1_000);
  // Every HTTP-date form names its day and month ("Sun, 06 Nov 1994 08:49:37 GMT"); without letters, Date.parse
  // would read "-5" as a year.
  const at = /[a-z]/i.test(trimmed) ? Date.parse(trimmed) : Number.NaN;
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - nowMs);
}
