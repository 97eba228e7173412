/**
 * Whether someone's automatic replies say they are away on a due date. The due date is a London civil
 * date; a scheduled period covers it when the period overlaps any part of that London day, so a period
 * ending at 00:00 on the due date does not cover it and one starting at 17:00 on it does.
 */
import { DateTime } from 'luxon';
import { LONDON } from '../audit/london-time';
import { isIsoDate, type IsoDate } from '../audit/working-days';
import { GraphError } from './graph-errors';
import type { AutomaticReplies } from './graph-schemas';

export function coversDueDate(setting: AutomaticReplies, dueDate: IsoDate): boolean {
  if (!isIsoDate(dueDate)) throw new GraphError('REJECTED', `"${String(dueDate)}" is not a date in the form YYYY-MM-DD`);
  switch (setting.status) {
    case 'disabled':
      return false;
    case 'alwaysEnabled':
      return true;
    case 'scheduled': {
      if (setting.start === undefined || setting.end === undefined) return false;
      const start = Date.parse(setting.start);
      const end = Date.parse(setting.end);
      if (Number.isNaN(start) || Number.isNaN(end) || end <= start) return false;
      const dayStart = DateTime.fromISO(dueDate, { zone: LONDON }).startOf('day');
      const dayEnd = dayStart.plus({ days: 1 });
      return start < dayEnd.toMillis() && end > dayStart.toMillis();
    }
  }
}
