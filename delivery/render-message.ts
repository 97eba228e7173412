/**
 * Outbox row (kind + payload) → the Bot Framework activity carrying its Adaptive Card.
 * Payloads are parsed with zod (they were written by another version of the code, perhaps); names come from the
 * store at send time, so a card never shows a stale name. Children appear only as case references.
 */
import { effectiveDueDate } from '../audit/allocation-lifecycle';
import { z } from 'zod';
import { londonDateOf } from '../audit/london-time';
import type { ProgrammeProfile } from '../audit/programme-profile';
import { themeFor } from '../audit/programme-profile';
import { compareIsoDates, workingDaysBetween, type IsoDate } from '../audit/working-days';
import {
  buildAllocationListCard,
  buildEscalationCard,
  buildInadequateAlertCard,
  buildModerationRequestCard,
  buildOverdueCard,
  buildPartBRequestCard,
  buildReminderCard,
  buildHeadlinesCard,
  type AdaptiveCard,
} from '../cards';
import { card, header, text } from '../cards/card-parts';
import { allocationItemView, overdueItemView } from '../cards/allocation-views';
import { headlinesView } from '../report/headlines-view';
import { reportForPeriod } from '../report/report-for-period';
import { allocationDetailsOf, getAllocationDetail, listAllocationDetails, monthAuditorKey, type AllocationDetail } from '../store/allocations-repo';
import type { Queryable } from '../store/db';
import type { OutboxRow } from '../store/outbox-repo';
import { getPerson, namesOf } from '../store/people-repo';
import type { OutgoingActivity } from './connector-client';

export class RenderError extends Error {
  constructor(
    readonly code: 'UNKNOWN_KIND' | 'BAD_PAYLOAD' | 'MISSING_RECORD',
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
}

export interface RenderPrefetch {
  names: Map<string, string>;
  /** Keyed by monthAuditorKey: an auditor's own allocation list. */
  allocationLists: Map<string, AllocationDetail[]>;
}

type Renderer = (payload: unknown, row: Pick<OutboxRow, 'recipientId'>, ctx: RenderContext) => Promise<AdaptiveCard>;

const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const AllocationRef = z.looseObject({ allocationId: z.number().int() });
const AllocationListPayload = z.looseObject({ month: Month, serviceArea: z.string().optional() });
const ReminderPayload = z.looseObject({ allocationId: z.number().int(), step: z.number().int() });
const NudgePayload = z.looseObject({ allocationId: z.number().int() });
const EscalationPayload = z.looseObject({ allocationId: z.number().int(), rung: z.union([z.literal(1), z.literal(2)]), auditorId: z.string() });
const InadequatePayload = z.looseObject({
  allocationId: z.number().int(),
  updateDue: IsoDay,
  followUpDue: IsoDay,
  reauditMonth: Month,
  stage: z.enum(['alert', 'update-due', 'follow-up']).optional(),
});
const PartBPayload = z.looseObject({ allocationId: z.number().int(), dueDate: IsoDay, chase: z.boolean().optional() });
const HeadlinesPayload = z.looseObject({ month: Month });
const QaNoticePayload = z.looseObject({ reason: z.string(), caseRef: z.string().optional() });

function parse<T>(schema: z.ZodType<T>, payload: unknown, kind: string): T {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new RenderError('BAD_PAYLOAD', `${kind} payload: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

const todayOf = (ctx: RenderContext): IsoDate => londonDateOf(ctx.now, ctx.profile.timeZone);

async function nameOf(db: Queryable, personId: string | null | undefined, prefetched?: RenderPrefetch): Promise<string> {
  if (personId === null || personId === undefined) return 'Quality Assurance';
  const known = prefetched?.names.get(personId);
  if (known !== undefined) return known;
  return (await getPerson(db, personId))?.name ?? personId;
}

async function allocationOf(db: Queryable, id: number): Promise<AllocationDetail> {
  const found = await getAllocationDetail(db, id);
  if (found === null) throw new RenderError('MISSING_RECORD', `allocation ${id} no longer exists`);
  return found;
}

const renderAllocationList: Renderer = async (payload, row, ctx) => {
  const p = parse(AllocationListPayload, payload, 'allocation-list');
  const today = todayOf(ctx);
  // A service lead's oversight list shows the area's audits; an auditor's list shows their own.
  const own = p.serviceArea === undefined && row.recipientId !== null ? ctx.prefetched?.allocationLists.get(monthAuditorKey(p.month, row.recipientId)) : undefined;
  const all = own ?? (p.serviceArea !== undefined
    ? (await listAllocationDetails(ctx.db, { month: p.month })).filter((a) => a.serviceArea === p.serviceArea)
    : await listAllocationDetails(ctx.db, { month: p.month, ...(row.recipientId === null ? {} : { auditorId: row.recipientId }) }));
  return buildAllocationListCard({
    month: p.month,
    theme: themeFor(ctx.profile, p.month),
    auditorName: await nameOf(ctx.db, row.recipientId, ctx.prefetched),
    items: all.map((a) => allocationItemView(a, today)),
  });
};

const reminderFor = async (allocationId: number, row: Pick<OutboxRow, 'recipientId'>, ctx: RenderContext): Promise<AdaptiveCard> => {
  const a = await allocationOf(ctx.db, allocationId);
  const today = todayOf(ctx);
  const due = effectiveDueDate(a);
  const left = compareIsoDates(today, due) >= 0 ? 0 : workingDaysBetween(today, due);
  return buildReminderCard({ auditorName: await nameOf(ctx.db, row.recipientId, ctx.prefetched), dueDate: due, workingDaysLeft: left, items: [allocationItemView(a, today)] });
};

const renderReminder: Renderer = (payload, row, ctx) => reminderFor(parse(ReminderPayload, payload, 'reminder').allocationId, row, ctx);

/** A line manager's nudge (escalation card button) reaches the auditor as a reminder of the same audit. */
const renderNudge: Renderer = (payload, row, ctx) => reminderFor(parse(NudgePayload, payload, 'nudge').allocationId, row, ctx);

const renderOverdue: Renderer = async (payload, row, ctx) => {
  const p = parse(AllocationRef.extend({ escalatesTo: z.string().nullable().optional() }), payload, 'overdue');
  const a = await allocationOf(ctx.db, p.allocationId);
  const today = todayOf(ctx);
  return buildOverdueCard({
    auditorName: await nameOf(ctx.db, row.recipientId, ctx.prefetched),
    escalatesTo: p.escalatesTo === undefined || p.escalatesTo === null ? null : await nameOf(ctx.db, p.escalatesTo, ctx.prefetched),
    escalatesOn: p.escalatesTo === undefined || p.escalatesTo === null ? null : today,
    items: [overdueItemView(a, today)],
  });
};

const renderEscalation: Renderer = async (payload, row, ctx) => {
  const p = parse(EscalationPayload, payload, 'escalation');
  const a = await allocationOf(ctx.db, p.allocationId);
  const today = todayOf(ctx);
  const manager = row.recipientId === null ? null : await getPerson(ctx.db, row.recipientId);
  return buildEscalationCard({
    managerName: manager?.name ?? 'Quality Assurance',
    auditorName: await nameOf(ctx.db, p.auditorId, ctx.prefetched),
    rung: p.rung,
    items: [overdueItemView(a, today)],
    today,
    actorIds: manager?.aadObjectId ? [manager.aadObjectId] : [],
  });
};

const renderInadequate: Renderer = async (payload, _row, ctx) => {
  const p = parse(InadequatePayload, payload, 'inadequate-alert');
  const a = await allocationOf(ctx.db, p.allocationId);
  const facts = await ctx.db.query<{ submittedAt: Date | null; partBDue: string | null }>(
    `SELECT r.submitted_at AS "submittedAt", to_char(pb.due_date, 'YYYY-MM-DD') AS "partBDue"
     FROM allocations a LEFT JOIN responses r ON r.allocation_id = a.id LEFT JOIN part_b pb ON pb.allocation_id = a.id WHERE a.id = $1`,
    [a.id],
  );
  const f = facts[0];
  const auditedOn = f?.submittedAt ? londonDateOf(new Date(f.submittedAt), ctx.profile.timeZone) : todayOf(ctx);
  return buildInadequateAlertCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    team: a.team,
    auditorName: await nameOf(ctx.db, a.auditorId, ctx.prefetched),
    grade: a.moderatedGrade ?? a.grade ?? 'Inadequate',
    auditedOn,
    updateDueDate: p.updateDue,
    followUpDate: p.followUpDue,
    reAuditMonth: p.reauditMonth,
    partBDueDate: f?.partBDue ?? p.updateDue,
  });
};

const renderModeration: Renderer = async (payload, _row, ctx) => {
  const p = parse(AllocationRef, payload, 'moderation-request');
  const a = await allocationOf(ctx.db, p.allocationId);
  const scale = ctx.profile.grading.mode === 'graded' ? ctx.profile.grading.scale : [];
  return buildModerationRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    kind: a.kind,
    month: a.month,
    auditorName: await nameOf(ctx.db, a.auditorId, ctx.prefetched),
    originalGrade: a.grade ?? 'ungraded',
    scale,
    dueDate: effectiveDueDate(a),
  });
};

const renderPartB: Renderer = async (payload, _row, ctx) => {
  const p = parse(PartBPayload, payload, 'part-b-request');
  const a = await allocationOf(ctx.db, p.allocationId);
  return buildPartBRequestCard({
    allocationId: a.id,
    caseRef: a.caseRef,
    serviceArea: a.serviceArea,
    team: a.team,
    auditorName: await nameOf(ctx.db, a.auditorId, ctx.prefetched),
    grade: a.moderatedGrade ?? a.grade,
    dueDate: p.dueDate,
    urgent: a.grade === 'Inadequate',
    suggestedActions: p.chase === true ? ['Part B is overdue: please make sure the team manager completes it.'] : [],
  });
};

/** The month's headlines from the report model, as the bot's `headlines` command shows them. */
const renderHeadlines: Renderer = async (payload, _row, ctx) => {
  const p = parse(HeadlinesPayload, payload, 'headlines');
  return buildHeadlinesCard(headlinesView(await reportForPeriod(ctx.db, ctx.profile, p.month)));
};

const renderQaNotice: Renderer = async (payload) => {
  const p = parse(QaNoticePayload, payload, 'qa-notice');
  const body = [...header('For Quality Assurance'), text(p.reason, { wrap: true })];
  if (p.caseRef !== undefined) body.push(text(`Case ${p.caseRef}`, { isSubtle: true }));
  return card(body, { fallbackText: `QA notice: ${p.reason}` });
};

const RENDERERS: Record<string, Renderer> = {
  'allocation-list': renderAllocationList,
  reminder: renderReminder,
  nudge: renderNudge,
  overdue: renderOverdue,
  escalation: renderEscalation,
  'inadequate-alert': renderInadequate,
  'moderation-request': renderModeration,
  'part-b-request': renderPartB,
  headlines: renderHeadlines,
  'qa-notice': renderQaNotice,
};

export const RENDERABLE_KINDS: readonly string[] = Object.keys(RENDERERS);

/** The activity for one outbox row; `possiblyRepeated` tells the client a crash may have delivered it already. */
export async function renderMessage(row: Pick<OutboxRow, 'kind' | 'payload' | 'recipientId' | 'possiblyRepeated'>, ctx: RenderContext): Promise<OutgoingActivity> {
  const render = RENDERERS[row.kind];
  if (render === undefined) throw new RenderError('UNKNOWN_KIND', `no card for outbox kind '${row.kind}'`);
  const content = await render(row.payload, row, ctx);
  const auditLoop: Record<string, unknown> = { kind: row.kind };
  if (row.possiblyRepeated) auditLoop['possiblyRepeated'] = true;
  return {
    type: 'message',
    attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content }],
    channelData: { auditLoop },
  };
}

/**
 * Reads ahead, in a few set-based queries, what rendering these rows will ask for: recipients' names and auditors'
 * own allocation lists (the month-start fan-out). Pass the result as RenderContext.prefetched for the same batch.
 */
export async function prefetchForRows(db: Queryable, rows: readonly Pick<OutboxRow, 'kind' | 'payload' | 'recipientId'>[]): Promise<RenderPrefetch> {
  const lists: { month: string; auditorId: string }[] = [];
  for (const row of rows) {
    if (row.kind !== 'allocation-list' || row.recipientId === null) continue;
    const p = AllocationListPayload.safeParse(row.payload);
    if (p.success && p.data.serviceArea === undefined) lists.push({ month: p.data.month, auditorId: row.recipientId });
  }
  const recipients = rows.flatMap((r) => (r.recipientId === null ? [] : [r.recipientId]));
  const [names, allocationLists] = await Promise.all([namesOf(db, recipients), allocationDetailsOf(db, lists)]);
  return { names, allocationLists };
}
