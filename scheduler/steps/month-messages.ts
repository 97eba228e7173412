import type { OutboxMessage } from '../../audit/outbox-messages';
import { hasRole, type Person } from '../../audit/people';
import type { ConversationRefRow } from '../../store/conversations-repo';

/** Allocation day: each auditor drawn this month gets their list. */
export function allocationListMessages(month: string, auditorIds: Iterable<string>): OutboxMessage[] {
  return [...new Set(auditorIds)].map((auditorId) => ({
    key: `allocation-list:${month}:${auditorId}`, channel: 'teams', kind: 'allocation-list', recipientId: auditorId, payload: { month },
  }));
}

/** 003: on the 28th service leads get the month's returned audits in their area, each to agree or dispute. */
export function oversightMessages(month: string, people: readonly Person[]): OutboxMessage[] {
  return people.filter((p) => hasRole(p, 'service-lead')).map((p) => ({
    key: `oversight:${month}:${p.id}`, channel: 'teams', kind: 'oversight-list', recipientId: p.id, payload: { month, serviceArea: p.serviceArea },
  }));
}

/** The monthly headlines, one message per channel the bot is in; the renderer builds the card from the report. */
export function headlinesMessages(reportMonth: string, channels: readonly Pick<ConversationRefRow, 'conversationId'>[]): OutboxMessage[] {
  return channels.map((c) => ({
    key: `headlines:${reportMonth}:${c.conversationId}`, channel: 'teams', kind: 'headlines', recipientId: null,
    payload: { month: reportMonth, conversationId: c.conversationId },
  }));
}
