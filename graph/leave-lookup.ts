/**
 * The scheduler's LeaveLookup backed by Graph's automatic replies (mailboxSettings/automaticRepliesSetting).
 * Each mailbox is read at most once per `ttlMs` (one answer serves every audit of that auditor in a tick and the
 * ticks after it), and concurrent asks share one request, so a month-end tick asks Graph once per person, not per
 * audit. Failures are warnings and the person counts as at work: a reminder must still go when Graph cannot say.
 */
import type { IsoDate } from '../audit/working-days';
import type { LeaveAnswer, LeaveLookup, LeavePerson } from '../scheduler/leave-lookup';
import type { AutomaticReplies, GraphPort } from './graph-port';
import { GraphError } from './graph-errors';
import { coversDueDate } from './leave';

export interface GraphLeaveLookupOptions {
  ttlMs?: number;
  now?: () => number;
  warn?: (message: string) => void;
}

export class GraphLeaveLookup implements LeaveLookup {
  private readonly cache = new Map<string, { at: number; setting: Promise<AutomaticReplies | null> }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(
    private readonly graph: Pick<GraphPort, 'getAutomaticReplies'>,
    private readonly options: GraphLeaveLookupOptions = {},
  ) {
    this.ttlMs = options.ttlMs ?? 30 * 60_000;
    this.now = options.now ?? Date.now;
  }

  async awayOn(person: LeavePerson, days: readonly IsoDate[]): Promise<LeaveAnswer> {
    if (person.aadObjectId === null) return { away: false, until: null };
    const setting = await this.settingOf(person.id, person.aadObjectId);
    if (setting === null || days.length === 0) return { away: false, until: null };
    const away = days.every((d) => coversDueDate(setting, d));
    return { away, until: away && setting.status === 'scheduled' ? (setting.end ?? null) : null };
  }

  private settingOf(personId: string, oid: string): Promise<AutomaticReplies | null> {
    const hit = this.cache.get(oid);
    if (hit !== undefined && this.now() - hit.at < this.ttlMs) return hit.setting;
    const setting = this.graph.getAutomaticReplies(oid).catch((error: unknown) => {
      const why = error instanceof GraphError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : String(error);
      this.options.warn?.(`leave of ${personId} not checked (${why}); chased as if at work`);
      return null;
    });
    this.cache.set(oid, { at: this.now(), setting });
    return setting;
  }
}
