/**
 * The instant when London clocks (or another zone's) show a time on a date: how the simulated months put their fake
 * clock at "09:00 on the 3rd", across the GMT/BST clock changes. The bot never needs it (it reads dates off instants,
 * audit/london-time.ts), so it lives with the tests.
 */
import { DateTime } from 'luxon';
import { isValidTimeZone, LONDON } from '../../audit/london-time';
import { CalendarError, isIsoDate, type IsoDate } from '../../audit/working-days';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

function assertZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new CalendarError('INVALID_TIME_ZONE', `"${String(zone)}" is not an IANA time zone such as ${LONDON}`, zone);
  }
}

/** UTC offset of the zone at an instant, in milliseconds. */
function offsetAt(ms: number, zone: string): number {
  return DateTime.fromMillis(ms, { zone }).offset * MINUTE_MS;
}

/**
 * The instant when the zone's clocks show hhmm on date d.
 * - A time skipped by spring-forward (01:30 on the last Sunday of March in London) gives the
 *   first valid instant after it: the moment the clocks jump (01:00Z, shown as 02:00 BST).
 * - A time shown twice at fall-back (01:30 on the last Sunday of October) gives the first
 *   occurrence, still in summer time (00:30Z).
 */
export function instantAt(d: IsoDate, hhmm: string, zone: string = LONDON): Date {
  if (!isIsoDate(d)) throw new CalendarError('INVALID_DATE', `"${String(d)}" is not a calendar date in the form YYYY-MM-DD`, d);
  const time = typeof hhmm === 'string' ? HH_MM.exec(hhmm) : null;
  if (!time) throw new CalendarError('INVALID_TIME', `"${String(hhmm)}" is not a 24-hour time in the form HH:mm`, hhmm);
  assertZone(zone);

  // The wall-clock reading as if it were UTC; each real offset o in force nearby gives a candidate wall - o.
  const wall = DateTime.fromISO(`${d}T${hhmm}`, { zone: 'utc' }).toMillis();
  const offsets = new Set([-36, -12, 0, 12, 36].map((h) => offsetAt(wall + h * HOUR_MS, zone)));
  const candidates = [...offsets].map((o) => wall - o);
  // A candidate is real only if the zone really uses that offset at that instant.
  const valid = candidates.filter((t) => wall - offsetAt(t, zone) === t);
  if (valid.length > 0) return new Date(Math.min(...valid));

  // Skipped time: the clock change lies between the candidates; find the first instant on the new offset.
  let lo = Math.min(...candidates);
  let hi = Math.max(...candidates);
  const before = offsetAt(lo, zone);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (offsetAt(mid, zone) === before) lo = mid;
    else hi = mid;
  }
  return new Date(hi);
}
