import { buildModerationRequestCard } from '../../cards';
import { cardText } from '../bot/bot-harness';
import { cardSizeBytes, parserErrors, validateCard } from '../support/card-checks';
import { moderationRequest, SENTINEL_CHILD_NAME, withSentinel } from './card-fixtures';

/** Teams refuses a message over about 28 KB; the card must stay under it whatever the auditor wrote. */
const TEAMS_LIMIT_BYTES = 28 * 1024;

describe('the moderation card carries the audit so QA can moderate from it (003 dip sample; 004 §2.16)', () => {
  test("it shows the case reference, the auditor's grade and every answer: rationale, good practice, improvement, discussion, contact", () => {
    const text = cardText(buildModerationRequestCard(moderationRequest));
    const a = moderationRequest.answers;
    if (a === null) throw new Error('the fixture has answers');
    for (const expected of ['Moderate: CD512877', "Auditor's grade", 'Good', a.rationale, a.goodPractice, a.improvement, 'Discussed with worker or manager', 'Child, young person or parent contacted', a.contactViews ?? '']) {
      expect(text).toContain(expected);
    }
    expect(text).toContain('moderate by');
  });

  test('it is a valid Adaptive Card 1.5 with the moderation form', () => {
    const card = buildModerationRequestCard(moderationRequest);
    expect(card.version).toBe('1.5');
    expect(parserErrors(card)).toEqual([]);
    expect(validateCard(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('moderation.submit');
  });

  test('long answers are clipped, so the card stays under the Teams size limit and still valid', () => {
    const long = 'The plan has drifted. '.repeat(2_000);
    const a = moderationRequest.answers;
    if (a === null) throw new Error('the fixture has answers');
    const card = buildModerationRequestCard({ ...moderationRequest, answers: { ...a, rationale: long, goodPractice: long, improvement: long, contactViews: long } });
    expect(cardSizeBytes(card)).toBeLessThan(TEAMS_LIMIT_BYTES);
    expect(cardText(card)).toContain('…');
    expect(validateCard(card)).toEqual([]);
  });

  test('the chase says it is overdue; without the answers it says so rather than show an empty record', () => {
    expect(cardText(buildModerationRequestCard({ ...moderationRequest, chase: true }))).toContain('Moderation overdue: CD512877');
    const none = buildModerationRequestCard({ ...moderationRequest, answers: null });
    expect(cardText(none)).toContain("The audit's answers could not be read");
    expect(validateCard(none)).toEqual([]);
  });

  test("it never shows a child's name, even when one is slipped into the view model", () => {
    expect(JSON.stringify(buildModerationRequestCard(withSentinel(moderationRequest)))).not.toContain(SENTINEL_CHILD_NAME);
  });
});
