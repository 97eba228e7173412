/**
 * Outbox row (kind + payload) → the Bot Framework activity carrying its Adaptive Card.
 * The payload is parsed against the outbox contract (audit/outbox-messages.ts): a row that does not fit fails with
 * OutboxPayloadInvalid naming its kind and field, and the worker marks it failed rather than show a guess. Each
 * kind's card is built by its own renderer in delivery/renderers/; names come from the store at send time, so a card
 * never shows a stale name. Children appear only as case references.
 */
import { isOutboxKind, OUTBOX_PAYLOADS, parseOutboxMessage, type ParsedOutboxMessage } from '../audit/outbox-messages';
import type { AdaptiveCard } from '../cards';
import { allocationDetailsOf } from '../store/allocations-repo';
import type { Queryable } from '../store/db';
import type { OutboxRow } from '../store/outbox-repo';
import { namesOf } from '../store/people-repo';
import type { OutgoingActivity } from './connector-client';
import { renderAllocationList } from './renderers/allocation-list';
import { renderCompletionNotice } from './renderers/completion-notice';
import { renderExemptionRequest } from './renderers/exemption-request';
import { renderExemptionOutcome } from './renderers/exemption-outcome';
import { renderExemptionFollowUp } from './renderers/exemption-follow-up';
import { renderLeaveOffer } from './renderers/leave-offer';
import { renderOversightList } from './renderers/oversight-list';
import { renderOversightChase } from './renderers/oversight-chase';
import { renderOversightDispute } from './renderers/oversight-dispute';
import { renderDisagreementRequest } from './renderers/disagreement-request';
import { renderDisagreementOutcome } from './renderers/disagreement-outcome';
import { renderEscalation } from './renderers/escalation';
import { renderHeadlines } from './renderers/headlines';
import { renderInadequateAlert } from './renderers/inadequate-alert';
import { renderInadequateStoodDown } from './renderers/inadequate-stood-down';
import { renderInadequateUpdateRequest } from './renderers/inadequate-update-request';
import { renderModerationRequest } from './renderers/moderation-request';
import { renderNudge } from './renderers/nudge';
import { renderOverdue } from './renderers/overdue';
import { renderPartBRequest } from './renderers/part-b-request';
import { renderQaNotice } from './renderers/qa-notice';
import { RenderError, type RenderContext, type RenderPrefetch } from './renderers/render-context';
import { renderReminder } from './renderers/reminder';

export { RenderError, type RenderContext, type RenderPrefetch } from './renderers/render-context';

function cardFor(m: ParsedOutboxMessage, row: Pick<OutboxRow, 'recipientId'>, ctx: RenderContext): Promise<AdaptiveCard> {
  switch (m.kind) {
    case 'allocation-list': return renderAllocationList(m.payload, row, ctx);
    case 'reminder': return renderReminder(m.payload, row, ctx);
    case 'nudge': return renderNudge(m.payload, row, ctx);
    case 'overdue': return renderOverdue(m.payload, row, ctx);
    case 'escalation': return renderEscalation(m.payload, row, ctx);
    case 'inadequate-alert': return renderInadequateAlert(m.payload, row, ctx);
    case 'inadequate-update-request': return renderInadequateUpdateRequest(m.payload, row, ctx);
    case 'inadequate-stood-down': return renderInadequateStoodDown(m.payload, row, ctx);
    case 'moderation-request': return renderModerationRequest(m.payload, row, ctx);
    case 'part-b-request': return renderPartBRequest(m.payload, row, ctx);
    case 'completion-notice': return renderCompletionNotice(m.payload, row, ctx);
    case 'headlines': return renderHeadlines(m.payload, row, ctx);
    case 'qa-notice': return renderQaNotice(m.payload, row, ctx);
    case 'exemption-request': return renderExemptionRequest(m.payload, row, ctx);
    case 'exemption-outcome': return renderExemptionOutcome(m.payload, row, ctx);
    case 'exemption-follow-up': return renderExemptionFollowUp(m.payload, row, ctx);
    case 'leave-offer': return renderLeaveOffer(m.payload, row, ctx);
    case 'oversight-list': return renderOversightList(m.payload, row, ctx);
    case 'oversight-chase': return renderOversightChase(m.payload, row, ctx);
    case 'oversight-dispute': return renderOversightDispute(m.payload, row, ctx);
    case 'disagreement-request': return renderDisagreementRequest(m.payload, row, ctx);
    case 'disagreement-outcome': return renderDisagreementOutcome(m.payload, row, ctx);
    case 'inadequate-email': throw new RenderError('UNKNOWN_KIND', `no card for outbox kind '${m.kind}'`);
  }
}

/** The activity for one outbox row; `possiblyRepeated` tells the client a crash may have delivered it already. */
export async function renderMessage(row: Pick<OutboxRow, 'kind' | 'payload' | 'recipientId' | 'possiblyRepeated'>, ctx: RenderContext): Promise<OutgoingActivity> {
  if (!isOutboxKind(row.kind)) throw new RenderError('UNKNOWN_KIND', `no card for outbox kind '${row.kind}'`);
  const content = await cardFor(parseOutboxMessage(row.kind, row.payload), row, ctx);
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
    const p = OUTBOX_PAYLOADS['allocation-list'].safeParse(row.payload);
    if (p.success && p.data.serviceArea === undefined) lists.push({ month: p.data.month, auditorId: row.recipientId });
  }
  const recipients = rows.flatMap((r) => (r.recipientId === null ? [] : [r.recipientId]));
  const [names, allocationLists] = await Promise.all([namesOf(db, recipients), allocationDetailsOf(db, lists)]);
  return { names, allocationLists };
}
