import { buildEscalationCard, CardError, parseActionData } from '../../cards';
import { escalation } from './card-fixtures';

function collectIds(value: unknown, ids: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectIds(v, ids));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (typeof record.id === 'string') ids.push(record.id);
    Object.values(record).forEach((v) => collectIds(v, ids));
  }
  return ids;
}

describe('escalation card', () => {
  it('gives every item its own input ids so several items share one card', () => {
    const ids = collectIds(buildEscalationCard(escalation));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(expect.arrayContaining(['reason_103', 'newDueDate_103', 'reason_104', 'newDueDate_104']));
  });

  it('offers nudge, exemption and extension per item, with data the verb parsers accept', () => {
    const json = JSON.stringify(buildEscalationCard(escalation));
    for (const verb of ['escalation.nudge', 'escalation.exempt', 'escalation.extend']) expect(json).toContain(`"verb":"${verb}"`);
    expect(parseActionData('escalation.exempt', { allocationId: 104, reason_104: 'Annual leave for 3 weeks' }).ok).toBe(true);
  });

  it('refreshes for the managers who may act, naming every allocation on the card', () => {
    const card = buildEscalationCard(escalation);
    expect(card.refresh?.userIds).toEqual(escalation.actorIds);
    expect(parseActionData('card.refresh', card.refresh?.action.data)).toEqual({
      ok: true,
      verb: 'card.refresh',
      data: { card: 'escalation', allocationId: 103, allocationIds: [103, 104] },
    });
  });

  it('refuses to build with no items', () => {
    expect(() => buildEscalationCard({ ...escalation, items: [] })).toThrow(CardError);
  });
});
