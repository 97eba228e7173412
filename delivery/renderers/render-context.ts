import { londonDateOf } from '../../audit/london-time';
import type { OutboxKind, OutboxPayload } from '../../audit/outbox-messages';
import type { ProgrammeProfile } from '../../audit/programme-profile';
import type { IsoDate } from '../../audit/working-days';
import type { AdaptiveCard } from '../../cards';
import { getAllocationDetail, type AllocationDetail } from '../../store/allocations-repo';
import type { Queryable } from '../../store/db';
import type { OutboxRow } from '../../store/outbox-repo';
import { getPerson } from '../../store/people-repo';

/** A row that cannot become a card: a kind with no card, or a record it names that is gone. */
export class RenderError extends Error {
  constructor(
    readonly code: 'UNKNOWN_KIND' | 'MISSING_RECORD',
    message: string,
  ) {
    super(message);
    this.name = 'RenderError';
  }
}

export interface RenderContext {
  db: Queryable;
  profile: ProgrammeProfile;
  now: Date;
  /** Read ahead for a whole batch (prefetchForRows); anything missing from it is read row by row. */
  prefetched?: RenderPrefetch;
  /** The bot's Microsoft App ID, for deep links to a chat with it; absent in local anonymous mode (no links then). */
  botAppId?: string | null;
}

export interface RenderPrefetch {
  names: Map<string, string>;
  /** Keyed by monthAuditorKey: an auditor's own allocation list. */
  allocationLists: Map<string, AllocationDetail[]>;
}

/** One card kind's renderer: its payload already parsed against the contract. */
export type Renderer<K extends OutboxKind> = (payload: OutboxPayload<K>, row: Pick<OutboxRow, 'recipientId'>, ctx: RenderContext) => Promise<AdaptiveCard>;

export const todayOf = (ctx: RenderContext): IsoDate => londonDateOf(ctx.now, ctx.profile.timeZone);

/** A person's name read at send time (never a stale one); QA stands in for a message with no recipient. */
export async function nameOf(ctx: RenderContext, personId: string | null | undefined): Promise<string> {
  if (personId === null || personId === undefined) return 'Quality Assurance';
  const known = ctx.prefetched?.names.get(personId);
  if (known !== undefined) return known;
  return (await getPerson(ctx.db, personId))?.name ?? personId;
}

export async function allocationOf(ctx: RenderContext, id: number): Promise<AllocationDetail> {
  const found = await getAllocationDetail(ctx.db, id);
  if (found === null) throw new RenderError('MISSING_RECORD', `allocation ${id} no longer exists`);
  return found;
}
