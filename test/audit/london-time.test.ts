import { DateTime } from 'luxon';
import { isValidTimeZone, LONDON, londonDateOf, londonTimeOf } from '../../audit/london-time';
import { instantAt } from '../support/london-instant';
import { CalendarError } from '../../audit/working-days';

const z = (iso: string) => new Date(iso);

describe('09:00 London across the clock changes', () => {
  test('09:00 London is 09:00Z in winter (GMT) and 08:00Z in summer (BST)', () => {
    expect(instantAt('2026-01-15', '09:00').toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(instantAt('2026-07-15', '09:00').toISOString()).toBe('2026-07-15T08:00:00.000Z');
  });

  test('on the spring-forward day, Sunday 2026-03-29, 09:00 London is already 08:00Z; the Saturday before it is 09:00Z', () => {
    expect(instantAt('2026-03-28', '09:00').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(instantAt('2026-03-29', '09:00').toISOString()).toBe('2026-03-29T08:00:00.000Z');
  });

  test('on the fall-back day, Sunday 2026-10-25, 09:00 London is back to 09:00Z; the Saturday before it is 08:00Z', () => {
    expect(instantAt('2026-10-24', '09:00').toISOString()).toBe('2026-10-24T08:00:00.000Z');
    expect(instantAt('2026-10-25', '09:00').toISOString()).toBe('2026-10-25T09:00:00.000Z');
  });

  test('the instant for a London time reads back as the same London date and time', () => {
    for (const date of ['2026-03-29', '2026-06-30', '2026-10-25', '2026-12-31']) {
      for (const time of ['00:00', '09:00', '17:30', '23:59']) {
        const instant = instantAt(date, time);
        expect([londonDateOf(instant), londonTimeOf(instant)]).toEqual([date, time]);
      }
    }
  });
});

describe('times that do not exist or happen twice', () => {
  test('01:30 on 2026-03-29 is skipped by spring-forward, so it gives the first valid instant after it: 02:00 BST, 01:00Z', () => {
    const instant = instantAt('2026-03-29', '01:30');
    expect(instant.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(londonTimeOf(instant)).toBe('02:00');
    expect(instantAt('2026-03-29', '01:00').toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  test('the last minute before the skipped hour, 00:59 on 2026-03-29, is still GMT', () => {
    expect(instantAt('2026-03-29', '00:59').toISOString()).toBe('2026-03-29T00:59:00.000Z');
  });

  test('01:30 on 2026-10-25 happens twice; the first occurrence, still BST, is 00:30Z', () => {
    expect(instantAt('2026-10-25', '01:30').toISOString()).toBe('2026-10-25T00:30:00.000Z');
    // The second 01:30, an hour later, reads back the same on London clocks.
    expect(londonTimeOf(z('2026-10-25T01:30:00Z'))).toBe('01:30');
  });

  test('the repeated hour ends at 02:00 GMT on 2026-10-25, which is 02:00Z', () => {
    expect(instantAt('2026-10-25', '02:00').toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });
});

describe('the London civil date of an instant', () => {
  test('23:30Z on 2026-06-30 is already 2026-07-01 in London (BST)', () => {
    expect(londonDateOf(z('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
    expect(londonTimeOf(z('2026-06-30T23:30:00Z'))).toBe('00:30');
  });

  test('23:30Z on 2026-12-31 is still 2026-12-31 in London (GMT)', () => {
    expect(londonDateOf(z('2026-12-31T23:30:00Z'))).toBe('2026-12-31');
    expect(londonTimeOf(z('2026-12-31T23:30:00Z'))).toBe('23:30');
  });

  test('another zone can be named, for a council outside the UK or a UTC log', () => {
    expect(londonDateOf(z('2026-06-30T23:30:00Z'), 'UTC')).toBe('2026-06-30');
    expect(instantAt('2026-01-15', '09:00', 'America/New_York').toISOString()).toBe('2026-01-15T14:00:00.000Z');
  });
});

describe('time zones and invalid input', () => {
  test('Europe/London is a valid time zone; a made-up one is not', () => {
    expect(LONDON).toBe('Europe/London');
    expect(isValidTimeZone(LONDON)).toBe(true);
    expect(isValidTimeZone('Europe/Narnia')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });

  test.each(['2026-02-30', '2026-2-3', 'tomorrow'])('the date "%s" is rejected', (bad) => {
    expect(() => instantAt(bad, '09:00')).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    expect(() => instantAt(bad, '09:00')).toThrow(bad);
  });

  test.each(['24:00', '9:00', '09:60', '09:00:00', 'nine'])('the time "%s" is rejected', (bad) => {
    expect(() => instantAt('2026-04-02', bad)).toThrow(expect.objectContaining({ code: 'INVALID_TIME' }));
  });

  test('an unknown time zone and an invalid instant are rejected with their own codes', () => {
    expect(() => instantAt('2026-04-02', '09:00', 'Europe/Narnia')).toThrow(
      expect.objectContaining({ code: 'INVALID_TIME_ZONE' }),
    );
    expect(() => londonDateOf(z('2026-04-02T09:00:00Z'), 'Mars/Olympus')).toThrow(CalendarError);
    expect(() => londonDateOf(new Date('not a date'))).toThrow(expect.objectContaining({ code: 'INVALID_INSTANT' }));
  });
});

describe('the cost of checking a time zone', () => {
  it('checks a zone once, not on every date it converts: each check builds an Intl.DateTimeFormat (~25 KB of native memory)', () => {
    londonDateOf(new Date('2026-09-01T08:00:00Z')); // the zone is known from here on
    const built = jest.spyOn(Intl, 'DateTimeFormat');
    try {
      for (let i = 0; i < 100; i += 1) londonDateOf(new Date(Date.UTC(2026, 8, 1 + (i % 28), 8)));
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });
});

test('the date on London clocks agrees with luxon for every half hour of 2026, both clock changes included', () => {
  for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 30 * 60_000) {
    const instant = new Date(t);
    expect(londonDateOf(instant)).toBe(DateTime.fromJSDate(instant, { zone: 'Europe/London' }).toFormat('yyyy-MM-dd'));
  }
});
