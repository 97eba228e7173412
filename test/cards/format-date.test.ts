import { CardError, formatCardDate, formatCardMonth } from '../../cards';

describe('card dates', () => {
  it('reads as weekday, day, short month and year, without shifting the day', () => {
    expect(formatCardDate('2026-11-27')).toBe('Fri 27 Nov 2026');
    expect(formatCardDate('2026-03-29')).toBe('Sun 29 Mar 2026');
  });

  it('names the month in full', () => {
    expect(formatCardMonth('2026-11')).toBe('November 2026');
  });

  it('refuses dates that are not real', () => {
    expect(() => formatCardDate('2026-02-30')).toThrow(CardError);
    expect(() => formatCardDate('27/11/2026')).toThrow(CardError);
    expect(() => formatCardMonth('2026-13')).toThrow(CardError);
  });
});
