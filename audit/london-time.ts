/**
 * Europe/London wall-clock time: which civil date an instant falls on, and which instant
 * "09:00 on a date" means, correctly across the GMT/BST clock changes.
 */
import { DateTime, IANAZone } from 'luxon';
import { CalendarError, isIsoDate, type IsoDate } from './working-days';

export const LONDON = 'Europe/London';

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

/**
 * Luxon checks a zone by constructing an Intl.DateTimeFormat: ~25 KB of native memory per call that the garbage
 * collector cannot see, so checking on every call (a date for every outgoing message) grew the bot by hundreds of MB.
 * A zone once valid stays valid: remember it.
 */
const validZones = new Set<string>();

export function isValidTimeZone(zone: string): boolean {
  if (typeof zone !== 'string') return false;
  if (validZones.has(zone)) return true;
  const valid = IANAZone.isValidZone(zone);
  if (valid) validZones.add(zone);
  return valid;
}

function assertZone(zone: string): void {
  if (!isValidTimeZone(zone)) {
    throw new CalendarError('INVALID_TIME_ZONE', `"${String(zone)}" is not an IANA time zone such as ${LONDON}`, zone);
  }
}

function inZone(instant: Date, zone: string): DateTime {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new CalendarError('INVALID_INSTANT', `"${String(instant)}" is not a valid instant`, instant);
  }
  assertZone(zone);
  return DateTime.fromJSDate(instant, { zone });
}

/** The civil date on London clocks at that instant (23:30Z in summer is already tomorrow). */
export function londonDateOf(instant: Date, zone: string = LONDON): IsoDate {
  return inZone(instant, zone).toFormat('yyyy-MM-dd');
}

/** The wall-clock time, HH:mm, on London clocks at that instant. */
export function londonTimeOf(instant: Date, zone: string = LONDON): string {
  return inZone(instant, zone).toFormat('HH:mm');
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
