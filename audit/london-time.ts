/**
 * Europe/London wall-clock time: which civil date and time an instant falls on, correctly across the GMT/BST clock
 * changes. (The inverse, the instant "09:00 on a date" means, is only the tests' need: test/support/london-instant.ts.)
 */
import { DateTime, IANAZone } from 'luxon';
import { CalendarError, type IsoDate } from './working-days';

export const LONDON = 'Europe/London';

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

/**
 * One formatter per zone, kept: the date of an instant is asked for on every card and every submit, and building a
 * luxon DateTime for it cost ~0.4 ms of a card action's CPU (the invoke benchmark's profile). en-CA formats as
 * YYYY-MM-DD.
 */
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The civil date on London clocks at that instant (23:30Z in summer is already tomorrow). */
export function londonDateOf(instant: Date, zone: string = LONDON): IsoDate {
  if (!(instant instanceof Date) || Number.isNaN(instant.getTime())) {
    throw new CalendarError('INVALID_INSTANT', `"${String(instant)}" is not a valid instant`, instant);
  }
  let format = dateFormats.get(zone);
  if (format === undefined) {
    assertZone(zone);
    format = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(zone, format);
  }
  const date = format.format(instant);
  // Years before 1000 come back unpadded ('998-12-31'): leave those to luxon.
  return /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : inZone(instant, zone).toFormat('yyyy-MM-dd');
}

/** The wall-clock time, HH:mm, on London clocks at that instant. */
export function londonTimeOf(instant: Date, zone: string = LONDON): string {
  return inZone(instant, zone).toFormat('HH:mm');
}
