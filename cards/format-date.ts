import { CardError } from './card-error';

/**
 * Dates on cards read as "Sat 28 Nov 2026": unambiguous for UK readers and short enough for a phone.
 * View models carry calendar dates (YYYY-MM-DD) with no time zone, so we format in UTC and never shift a day.
 */
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'] as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

function calendarDate(isoDate: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!match) throw new CardError('INVALID_DATE', `Expected a date as YYYY-MM-DD, got "${isoDate}".`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    throw new CardError('INVALID_DATE', `"${isoDate}" is not a real calendar date.`);
  }
  return date;
}

/** "2026-11-28" → "Sat 28 Nov 2026". */
export function formatCardDate(isoDate: string): string {
  const date = calendarDate(isoDate);
  return `${DAYS[date.getUTCDay()]} ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** "2026-11" → "November 2026". */
export function formatCardMonth(isoMonth: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(isoMonth);
  const monthIndex = match ? Number(match[2]) - 1 : -1;
  const name = LONG_MONTHS[monthIndex];
  if (!match || name === undefined) {
    throw new CardError('INVALID_MONTH', `Expected a month as YYYY-MM, got "${isoMonth}".`);
  }
  return `${name} ${match[1]}`;
}

/** "1 day" / "3 days": counts on cards are always whole numbers of something. */
export function plural(count: number, unit: string): string {
  return `${count} ${unit}${count === 1 ? '' : 's'}`;
}
