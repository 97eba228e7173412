/**
 * The England-and-Wales working-day calendar: Monday to Friday, less bank holidays
 * (including substitute days), on civil dates written as ISO `YYYY-MM-DD` strings.
 *
 * Civil dates are kept as strings, never as `Date`, so that no time zone can shift a
 * deadline by a day. Arithmetic runs on UTC midnights internally for the same reason.
 */
import Holidays from 'date-holidays';

export type IsoDate = string;

export type CalendarErrorCode =
  | 'INVALID_DATE'
  | 'INVALID_MONTH'
  | 'INVALID_DAY'
  | 'INVALID_COUNT'
  | 'INVALID_TIME'
  | 'INVALID_INSTANT'
  | 'INVALID_TIME_ZONE';

/** Bad calendar input; the message names the value and the form that was expected. */
export class CalendarError extends Error {
  override readonly name = 'CalendarError';
  constructor(
    readonly code: CalendarErrorCode,
    message: string,
    readonly value: unknown,
  ) {
    super(message);
  }
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_MONTH = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one.
  const t = new Date(0);
  t.setUTCFullYear(year, month, 0);
  return t.getUTCDate();
}

function parts(d: string): { y: number; m: number; day: number } | null {
  const match = ISO_DATE.exec(d);
  if (!match) return null;
  const y = Number(match[1]);
  const m = Number(match[2]);
  const day = Number(match[3]);
  if (m < 1 || m > 12 || day < 1 || day > daysInMonth(y, m)) return null;
  return { y, m, day };
}

/** Strict `YYYY-MM-DD` naming a day that exists (no 2026-02-29, no 2026-4-3). */
export function isIsoDate(s: string): boolean {
  return typeof s === 'string' && parts(s) !== null;
}

function toUtc(d: IsoDate): Date {
  const p = parts(d);
  if (!p) throw new CalendarError('INVALID_DATE', `"${String(d)}" is not a calendar date in the form YYYY-MM-DD`, d);
  const t = new Date(0);
  t.setUTCFullYear(p.y, p.m - 1, p.day);
  return t;
}

function fromUtc(t: Date): IsoDate {
  const y = t.getUTCFullYear();
  if (y < 0 || y > 9999) throw new CalendarError('INVALID_DATE', `date arithmetic left years 0000-9999 (year ${y})`, y);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${pad(y, 4)}-${pad(t.getUTCMonth() + 1, 2)}-${pad(t.getUTCDate(), 2)}`;
}

function assertInteger(n: number, what: string): void {
  if (!Number.isSafeInteger(n)) throw new CalendarError('INVALID_COUNT', `${what} must be a whole number, got ${String(n)}`, n);
}

export function compareIsoDates(a: IsoDate, b: IsoDate): number {
  const diff = toUtc(a).getTime() - toUtc(b).getTime();
  return diff < 0 ? -1 : diff > 0 ? 1 : 0;
}

export function addCalendarDays(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'number of days');
  const t = toUtc(d);
  t.setUTCDate(t.getUTCDate() + n);
  return fromUtc(t);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function calendarDaysBetween(from: IsoDate, to: IsoDate): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / DAY_MS);
}

// --- bank holidays ---------------------------------------------------------------------

let holidaysSource: Holidays | null = null;

/** One year's bank holidays: by date for their names, by day number for the working-day loops. */
interface BankHolidays {
  byDate: ReadonlyMap<IsoDate, string>;
  dayNumbers: ReadonlySet<number>;
}

const bankHolidaysByYear = new Map<number, BankHolidays>();

/** England & Wales bank holidays of one year; computed once per year. */
function bankHolidaysOf(year: number): BankHolidays {
  const cached = bankHolidaysByYear.get(year);
  if (cached) return cached;
  holidaysSource ??= new Holidays('GB', 'ENG');
  const byDate = new Map<IsoDate, string>();
  // Only 'public' entries are bank holidays; 'observance' ones (Mother's Day etc.) are working days.
  for (const h of holidaysSource.getHolidays(year)) {
    const date = h.date.slice(0, 10);
    if (h.type === 'public' && !byDate.has(date)) byDate.set(date, h.name);
  }
  const holidays = { byDate, dayNumbers: new Set([...byDate.keys()].map(dayNumber)) };
  bankHolidaysByYear.set(year, holidays);
  return holidays;
}

export function bankHolidayName(d: IsoDate): string | null {
  const year = toUtc(d).getUTCFullYear();
  return bankHolidaysOf(year).byDate.get(d) ?? null;
}

export function isBankHoliday(d: IsoDate): boolean {
  return bankHolidayName(d) !== null;
}

/** Monday to Friday and not a bank holiday in England & Wales. */
export function isWorkingDay(d: IsoDate): boolean {
  return isWorkingDayNumber(dayNumber(d));
}

// --- working-day arithmetic ------------------------------------------------------------
// Loops step on day numbers (days since 1970-01-01), not on strings: a 20-working-day Part B deadline is ~28 steps,
// and parsing a date string at each one made it the costliest part of recording a batch of returned audits.

function dayNumber(d: IsoDate): number {
  return Math.round(toUtc(d).getTime() / DAY_MS);
}

function fromDayNumber(n: number): IsoDate {
  return fromUtc(new Date(n * DAY_MS));
}

function isWorkingDayNumber(n: number): boolean {
  const weekday = (((n + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday; 0 is Sunday
  if (weekday === 0 || weekday === 6) return false;
  return !bankHolidaysOf(new Date(n * DAY_MS).getUTCFullYear()).dayNumbers.has(n);
}

function stepToWorkingDay(d: IsoDate, step: 1 | -1): IsoDate {
  let n = dayNumber(d);
  while (!isWorkingDayNumber(n)) n += step;
  return fromDayNumber(n);
}

export function nextWorkingDayOnOrAfter(d: IsoDate): IsoDate {
  return stepToWorkingDay(d, 1);
}

export function previousWorkingDayOnOrBefore(d: IsoDate): IsoDate {
  return stepToWorkingDay(d, -1);
}

/**
 * n > 0: the n-th working day after d (d itself never counts, as in "within 3 working days").
 * n = 0: d if it is a working day, else the next one.
 * n < 0: the |n|-th working day before d.
 */
export function addWorkingDays(d: IsoDate, n: number): IsoDate {
  assertInteger(n, 'number of working days');
  const key = `${d}|${n}`;
  const known = addedWorkingDays.get(key);
  if (known !== undefined) return known;
  if (addedWorkingDays.size >= ADDED_WORKING_DAYS_KEPT) addedWorkingDays.clear();
  const result = stepWorkingDays(d, n);
  addedWorkingDays.set(key, result);
  return result;
}

/**
 * A batch of returns asks for the same few deadlines thousands of times (every audit returned today is due its Part B
 * on the same day), so answers are kept; the calendar never changes while the process runs. Bounded: a long-lived
 * bot asks about new dates every day.
 */
const ADDED_WORKING_DAYS_KEPT = 4096;
const addedWorkingDays = new Map<string, IsoDate>();

function stepWorkingDays(d: IsoDate, n: number): IsoDate {
  if (n === 0) return nextWorkingDayOnOrAfter(d);
  const step = n > 0 ? 1 : -1;
  let day = dayNumber(d);
  for (let left = Math.abs(n); left > 0; ) {
    day += step;
    if (isWorkingDayNumber(day)) left -= 1;
  }
  return fromDayNumber(day);
}

/** Working days in (from, to]; negative (the count in (to, from]) when to is before from. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  const [start, end] = a <= b ? [a, b] : [b, a];
  let count = 0;
  for (let n = start + 1; n <= end; n += 1) if (isWorkingDayNumber(n)) count += 1;
  return a <= b ? count : -count;
}

// --- months ----------------------------------------------------------------------------

function monthParts(month: string): { y: number; m: number } {
  const match = typeof month === 'string' ? ISO_MONTH.exec(month) : null;
  const y = Number(match?.[1]);
  const m = Number(match?.[2]);
  if (!match || m < 1 || m > 12) {
    throw new CalendarError('INVALID_MONTH', `"${String(month)}" is not a month in the form YYYY-MM`, month);
  }
  return { y, m };
}

export function monthOf(d: IsoDate): string {
  return fromUtc(toUtc(d)).slice(0, 7);
}

/** YYYY-MM plus n months, across year ends in either direction. */
export function addMonths(month: string, n: number): string {
  const { y, m } = monthParts(month);
  assertInteger(n, 'number of months');
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  if (year < 0 || year > 9999) throw new CalendarError('INVALID_MONTH', `month arithmetic left years 0000-9999 (year ${year})`, year);
  return `${String(year).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The given day of the month, clamped to its last day ("the 31st" of February is the 28th or 29th). */
export function dayOfMonthInMonth(month: string, day: number): IsoDate {
  const { y, m } = monthParts(month);
  if (!Number.isSafeInteger(day) || day < 1) {
    throw new CalendarError('INVALID_DAY', `day of the month must be a whole number from 1, got ${String(day)}`, day);
  }
  return `${month}-${String(Math.min(day, daysInMonth(y, m))).padStart(2, '0')}`;
}
