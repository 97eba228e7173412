import {
  addCalendarDays,
  addMonths,
  addWorkingDays,
  bankHolidayName,
  CalendarError,
  compareIsoDates,
  dayOfMonthInMonth,
  isBankHoliday,
  isIsoDate,
  isWorkingDay,
  monthOf,
  nextWorkingDayOnOrAfter,
  previousWorkingDayOnOrBefore,
  workingDaysBetween,
} from '../../audit/working-days';

describe('England and Wales bank holidays', () => {
  test('Good Friday 2026 (3 April) and Easter Monday 2026 (6 April) are bank holidays, not working days', () => {
    expect(bankHolidayName('2026-04-03')).toBe('Good Friday');
    expect(bankHolidayName('2026-04-06')).toBe('Easter Monday');
    expect(isWorkingDay('2026-04-03')).toBe(false);
    expect(isWorkingDay('2026-04-06')).toBe(false);
    // Easter Sunday is a weekend day, not a bank holiday.
    expect(isBankHoliday('2026-04-05')).toBe(false);
  });

  test.each([
    ['2026-05-04', 'Early May bank holiday'],
    ['2026-05-25', 'Spring bank holiday'],
    ['2026-08-31', 'Summer bank holiday'],
    ['2026-01-01', "New Year's Day"],
  ])('%s (%s) is a bank holiday and so not a working day', (date, name) => {
    expect(bankHolidayName(date)).toBe(name);
    expect(isWorkingDay(date)).toBe(false);
    expect(isWorkingDay(addCalendarDays(date, 7))).toBe(true);
  });

  test('Boxing Day 2026 falls on a Saturday, so Monday 28 December 2026 is the substitute bank holiday', () => {
    expect(bankHolidayName('2026-12-25')).toBe('Christmas Day');
    expect(bankHolidayName('2026-12-26')).toBe('Boxing Day');
    expect(bankHolidayName('2026-12-28')).toMatch(/substitute/i);
    expect(isWorkingDay('2026-12-28')).toBe(false);
    expect(isWorkingDay('2026-12-29')).toBe(true);
  });

  test('Christmas 2027 falls on a weekend, so Monday 27 and Tuesday 28 December 2027 are both substitute days', () => {
    expect(isBankHoliday('2027-12-25')).toBe(true);
    expect(isBankHoliday('2027-12-26')).toBe(true);
    expect(bankHolidayName('2027-12-27')).toMatch(/substitute/i);
    expect(bankHolidayName('2027-12-28')).toMatch(/substitute/i);
    expect(nextWorkingDayOnOrAfter('2027-12-24')).toBe('2027-12-24');
    expect(nextWorkingDayOnOrAfter('2027-12-25')).toBe('2027-12-29');
  });

  test("observances such as Mother's Day and Valentine's Day are not bank holidays", () => {
    expect(isBankHoliday('2026-02-14')).toBe(false);
    expect(isBankHoliday('2026-03-15')).toBe(false);
    expect(bankHolidayName('2026-04-09')).toBeNull();
  });

  test('weekends are not working days; an ordinary Thursday is', () => {
    expect(isWorkingDay('2026-04-11')).toBe(false); // Saturday
    expect(isWorkingDay('2026-04-12')).toBe(false); // Sunday
    expect(isWorkingDay('2026-04-09')).toBe(true); // Thursday
  });
});

describe('working-day deadlines', () => {
  test('an Inadequate update due in 3 working days from Thursday 2026-04-02 lands on Thursday 2026-04-09, because of the Easter bank holidays', () => {
    expect(addWorkingDays('2026-04-02', 3)).toBe('2026-04-09');
    expect(workingDaysBetween('2026-04-02', '2026-04-09')).toBe(3);
  });

  test('the same 3 working days from an ordinary Thursday lands on the following Tuesday', () => {
    expect(addWorkingDays('2026-04-16', 3)).toBe('2026-04-21');
  });

  test('Part B within 5 working days of an Inadequate grade on Wednesday 2026-12-23 is due Monday 2027-01-04, after the Christmas and New Year bank holidays', () => {
    // 24, 29, 30, 31 December are working days; 25, 26, 28 December and 1 January are not.
    expect(addWorkingDays('2026-12-23', 4)).toBe('2026-12-31');
    expect(addWorkingDays('2026-12-23', 5)).toBe('2027-01-04');
  });

  test('Part B within 5 working days of a grade on Friday 2026-05-01 skips the early May bank holiday', () => {
    expect(addWorkingDays('2026-05-01', 5)).toBe('2026-05-11');
  });

  test('counting zero working days keeps a working day and moves a holiday or weekend to the next working day', () => {
    expect(addWorkingDays('2026-04-02', 0)).toBe('2026-04-02');
    expect(addWorkingDays('2026-04-03', 0)).toBe('2026-04-07');
  });

  test('counting backwards finds the working day before, skipping Easter', () => {
    expect(addWorkingDays('2026-04-07', -1)).toBe('2026-04-02');
    expect(addWorkingDays('2026-04-09', -3)).toBe('2026-04-02');
    expect(previousWorkingDayOnOrBefore('2026-04-06')).toBe('2026-04-02');
    expect(previousWorkingDayOnOrBefore('2026-04-02')).toBe('2026-04-02');
  });

  test('working days between two dates count the end but not the start, and go negative backwards', () => {
    expect(workingDaysBetween('2026-04-02', '2026-04-02')).toBe(0);
    expect(workingDaysBetween('2026-04-09', '2026-04-02')).toBe(-3);
    expect(workingDaysBetween('2026-04-03', '2026-04-06')).toBe(0);
  });

  test('adding working days and counting them back agree across a whole year from a working day', () => {
    for (let n = 0; n <= 260; n += 13) {
      expect(workingDaysBetween('2026-01-02', addWorkingDays('2026-01-02', n))).toBe(n);
    }
  });
});

describe('calendar and month arithmetic', () => {
  test('calendar days cross month and year ends', () => {
    expect(addCalendarDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addCalendarDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addCalendarDays('2028-03-01', -1)).toBe('2028-02-29');
  });

  test('month arithmetic crosses the year end in both directions', () => {
    expect(addMonths('2026-11', 2)).toBe('2027-01');
    expect(addMonths('2027-01', -1)).toBe('2026-12');
    expect(addMonths('2026-06', 0)).toBe('2026-06');
    expect(addMonths('2026-01', -25)).toBe('2023-12');
    expect(monthOf('2026-12-31')).toBe('2026-12');
  });

  test('day 31 of February clamps to the last day of February, 29th in a leap year', () => {
    expect(dayOfMonthInMonth('2026-02', 31)).toBe('2026-02-28');
    expect(dayOfMonthInMonth('2028-02', 31)).toBe('2028-02-29');
    expect(dayOfMonthInMonth('2026-04', 31)).toBe('2026-04-30');
    expect(dayOfMonthInMonth('2026-01', 5)).toBe('2026-01-05');
  });

  test('dates compare in calendar order', () => {
    expect(compareIsoDates('2026-04-02', '2026-04-09')).toBeLessThan(0);
    expect(compareIsoDates('2027-01-01', '2026-12-31')).toBeGreaterThan(0);
    expect(compareIsoDates('2026-04-02', '2026-04-02')).toBe(0);
  });
});

describe('invalid input is rejected with a coded error naming the value', () => {
  test.each(['2026-02-29', '2026-13-01', '2026-04-31', '2026-4-3', '03/04/2026', '2026-04-03T09:00', ''])(
    '"%s" is not an ISO date',
    (bad) => {
      expect(isIsoDate(bad)).toBe(false);
      expect(() => isWorkingDay(bad)).toThrow(CalendarError);
      expect(() => addWorkingDays(bad, 1)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
      if (bad) expect(() => bankHolidayName(bad)).toThrow(bad);
    },
  );

  test('leap days that exist are accepted', () => {
    expect(isIsoDate('2028-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
  });

  test('bad months, days and counts are rejected with their own codes', () => {
    expect(() => addMonths('2026-13', 1)).toThrow(expect.objectContaining({ code: 'INVALID_MONTH' }));
    expect(() => dayOfMonthInMonth('2026-1', 1)).toThrow('"2026-1"');
    expect(() => dayOfMonthInMonth('2026-02', 0)).toThrow(expect.objectContaining({ code: 'INVALID_DAY' }));
    expect(() => addWorkingDays('2026-04-02', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_COUNT' }));
  });
});
