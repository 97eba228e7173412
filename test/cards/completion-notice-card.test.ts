import { buildCompletionNoticeCard } from '../../cards';
import { parserErrors, renderCards, renderSkipReason, validateCard } from '../support/card-checks';
import { completionNotice, SENTINEL_CHILD_NAME, withSentinel } from './card-fixtures';

const textOf = (card: unknown): string => JSON.stringify(card);

describe('the completion notice tells the allocated worker or team manager the audit is done (003 flow chart)', () => {
  test('it names the case by reference, its grade and month, and who audited it', () => {
    const json = textOf(buildCompletionNoticeCard(completionNotice));
    expect(json).toContain('Audit complete: CD377120');
    expect(json).toContain('November 2026');
    expect(json).toContain('Requires Improvement');
    expect(json).toContain('Priya Raman');
  });

  test('it never shows a child\'s name, even when one is slipped into the view model', () => {
    expect(textOf(buildCompletionNoticeCard(withSentinel(completionNotice)))).not.toContain(SENTINEL_CHILD_NAME);
  });

  test('the worker hears of a case allocated to them, the team manager of a case in their team', () => {
    expect(textOf(buildCompletionNoticeCard(completionNotice))).toContain('a case allocated to you');
    expect(textOf(buildCompletionNoticeCard({ ...completionNotice, target: 'team-manager' }))).toContain('a case in your team');
  });

  test('it asks for Part B only where the programme has one, and shows an ungraded audit as ungraded', () => {
    expect(textOf(buildCompletionNoticeCard(completionNotice))).toContain('complete Part B at the next supervision');
    const ungraded = textOf(buildCompletionNoticeCard({ ...completionNotice, grade: null, partB: false }));
    expect(ungraded).not.toContain('Part B');
    expect(ungraded).toContain('Ungraded');
  });

  test('without an audit to disagree with (an ungraded programme) it is information only: a valid 1.5 card with nothing to press', () => {
    const card = buildCompletionNoticeCard(completionNotice);
    expect(card.actions).toBeUndefined();
    expect(parserErrors(card)).toEqual([]);
    expect(validateCard(card)).toEqual([]);
  });

  // 004 §2.12: in a graded programme the renderer passes the audit, and the card offers the disagreement form.
  test('in a graded programme it offers "I disagree with the grade", still a valid 1.5 card', () => {
    const card = buildCompletionNoticeCard({ ...completionNotice, disagreeAllocationId: 7 });
    expect(card.actions?.map((a) => a.type === 'Action.ShowCard' && a.title)).toEqual(['I disagree with the grade']);
    expect(parserErrors(card)).toEqual([]);
    expect(validateCard(card)).toEqual([]);
  });

  const skip = renderSkipReason();
  (skip ? test.skip : test)('it renders with the Teams host config', async () => {
    const rendered = await renderCards([{ name: 'completion-notice', card: buildCompletionNoticeCard(completionNotice) }]);
    expect(rendered.map((r) => r.name)).toEqual(['completion-notice']);
  });
});
