import type { IsoDate } from '../audit/working-days';

/** Someone the scheduler asks about: their id in the programme and their Entra object id (null when not known). */
export interface LeavePerson {
  readonly id: string;
  readonly aadObjectId: string | null;
}

export interface LeaveAnswer {
  /** Whether their automatic replies cover every one of the days asked about. */
  readonly away: boolean;
  /** When the scheduled automatic replies end (an ISO instant), or null when always on or not known. */
  readonly until: string | null;
}

/**
 * Whether a person is away (their automatic replies, read through Graph), asked before each reminder and
 * escalation. Unknown is never "away": with no Entra id, no Graph or a Graph failure the auditor is chased as before.
 */
export interface LeaveLookup {
  awayOn(person: LeavePerson, days: readonly IsoDate[]): Promise<LeaveAnswer>;
}

/** Leave is not checked (no Graph settings): everyone is chased as if at work. */
export const LEAVE_NOT_CHECKED: LeaveLookup = { awayOn: async () => ({ away: false, until: null }) };
