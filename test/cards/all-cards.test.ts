import {
  buildAllocationListCard,
  buildConfirmationCard,
  buildErrorCard,
  buildEscalationCard,
  buildGradeFormCard,
  buildHeadlinesCard,
  buildHelpCard,
  buildInadequateAlertCard,
  buildModerationRequestCard,
  buildOverdueCard,
  buildPartBRequestCard,
  buildReminderCard,
} from '../../cards';
import type { AdaptiveCard } from '../../cards';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes, renderCards, renderSkipReason, validateCard } from '../support/card-checks';
import * as f from './card-fixtures';

/** Every card, built from realistic view models; `wrap` lets the sentinel test feed the same models through. */
function everyCard(wrap: <T>(vm: T) => T = (vm) => vm): { name: string; card: AdaptiveCard }[] {
  return [
    { name: 'allocation-list', card: buildAllocationListCard(wrap(f.allocationList)) },
    { name: 'reminder', card: buildReminderCard(wrap(f.reminder)) },
    { name: 'overdue', card: buildOverdueCard(wrap(f.overdue)) },
    { name: 'escalation', card: buildEscalationCard(wrap(f.escalation)) },
    { name: 'inadequate-alert', card: buildInadequateAlertCard(wrap(f.inadequateAlert)) },
    { name: 'grade-form', card: buildGradeFormCard(wrap(f.gradeForm)) },
    { name: 'grade-form-ungraded', card: buildGradeFormCard(wrap(f.ungradedForm)) },
    { name: 'grade-form-errors', card: buildGradeFormCard(wrap(f.gradeFormWithErrors)) },
    { name: 'confirmation', card: buildConfirmationCard(wrap(f.confirmation)) },
    { name: 'part-b-request', card: buildPartBRequestCard(wrap(f.partBRequest)) },
    { name: 'moderation-request', card: buildModerationRequestCard(wrap(f.moderationRequest)) },
    { name: 'headlines', card: buildHeadlinesCard(wrap(f.headlines(6))) },
    { name: 'headlines-200-areas', card: buildHeadlinesCard(wrap(f.headlines(200))) },
    { name: 'error', card: buildErrorCard(wrap(f.errorView)) },
    { name: 'help', card: buildHelpCard(wrap(f.help)) },
  ];
}

describe('every card', () => {
  it.each(everyCard())('$name validates against the Adaptive Card 1.5 schema', ({ card }) => {
    expect(validateCard(card)).toEqual([]);
  });

  it.each(everyCard())('$name is an Adaptive Card 1.5 under the size limit', ({ card }) => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
  });

  it.each(everyCard(f.withSentinel))('$name shows only view-model fields it is meant to, never a child name', ({ card }) => {
    expect(JSON.stringify(card)).not.toContain(f.SENTINEL_CHILD_NAME);
    expect(JSON.stringify(card)).not.toContain('[object Object]');
  });

  it('shows the case reference on every card about a case', () => {
    for (const { name, card } of everyCard()) {
      if (name === 'error' || name === 'help' || name.startsWith('headlines')) continue;
      expect(JSON.stringify(card)).toMatch(/CD\d{6}/);
    }
  });

  const skip = renderSkipReason();
  if (skip) console.warn(skip);
  (skip ? it.skip : it)('renders every card with the Teams host config without errors or unknown elements', async () => {
    const rendered = await renderCards(everyCard());
    expect(rendered.map((r) => r.name)).toEqual(everyCard().map((c) => c.name));
  });
});
