import { z } from 'zod';
import { isIsoDate } from './working-days';

/** A programme month, `YYYY-MM` with months 01–12 only: the one pattern every edge (CLI, import, payload) uses. */
export const MONTH_PATTERN = /^(\d{4})-(0[1-9]|1[0-2])$/;
export const MonthSchema = z.string().regex(MONTH_PATTERN, 'a month as YYYY-MM');
export type Month = z.infer<typeof MonthSchema>;

export function isMonth(s: string): boolean {
  return MONTH_PATTERN.test(s);
}

/** A calendar date as `YYYY-MM-DD` naming a day that exists. */
export const IsoDateSchema = z.string().refine(isIsoDate, 'a date as YYYY-MM-DD');
