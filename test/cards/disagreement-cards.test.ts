import { buildCompletionNoticeCard, buildDisagreementOutcomeCard, buildDisagreementRequestCard, type DisagreementOutcomeView, type DisagreementRequestView } from '../../cards';
import { parserErrors, validateCard } from '../support/card-checks';
import { completionNotice, SENTINEL_CHILD_NAME, withSentinel } from './card-fixtures';

// 004 §2.12–2.13: the review invitation, the mediation request and the outcome, by case reference only.

const scale = ['Outstanding', 'Good', 'Requires Improvement', 'Inadequate'];
const review: DisagreementRequestView = {
  recipientName: 'Priya Raman', stage: 'review', caseRef: 'CD377120', month: '2026-11', serviceArea: 'Child Protection', team: 'CP Team 2',
  auditorName: 'Priya Raman', grade: 'Requires Improvement', raisedByName: 'Sam Okafor', raisedAs: 'allocated-worker',
  reason: 'The plan was reviewed on time and the child\'s views are recorded.', mediationDate: '2026-11-24',
  form: { disagreementId: 12, scale },
};
const outcome: DisagreementOutcomeView = {
  recipientName: 'Sam Okafor', stage: 'review', caseRef: 'CD377120', month: '2026-11', outcome: 'grade-kept',
  grade: 'Requires Improvement', newGrade: null, resolvedByName: 'Priya Raman', note: 'Agreed the plan lacked measurable outcomes.',
};
const json = (c: unknown): string => JSON.stringify(c);
function expectClean(c: unknown): void {
  expect(parserErrors(c)).toEqual([]);
  expect(validateCard(c)).toEqual([]);
}

describe('the disagreement request card', () => {
  test('the auditor at review gets who disagrees and why, and a form submitting disagreement.resolve with the scale', () => {
    const c = buildDisagreementRequestCard(review);
    expectClean(c);
    const s = json(c);
    expect(s).toContain('Grade review: CD377120');
    expect(s).toContain('Sam Okafor (allocated worker)');
    expect(s).toContain('Requires Improvement');
    expect(s).toContain("the child's views are recorded");
    expect(c.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'disagreement.resolve', data: { disagreementId: 12 } })]);
    const inputs = c.body.filter((e) => e.type.startsWith('Input.')).map((e) => ('id' in e ? e.id : ''));
    expect(inputs).toEqual(['outcome', 'newGrade', 'note']);
    for (const g of scale) expect(s).toContain(`"value":"${g}"`);
  });

  test('the worker and team manager get the invitation without the form', () => {
    const c = buildDisagreementRequestCard({ ...review, form: null });
    expectClean(c);
    expect(c.actions).toBeUndefined();
    expect(json(c)).not.toContain('disagreement.resolve');
    expect(json(c)).toContain('The auditor will arrange the session');
  });

  test('the mediator sees a mediation request; an ungraded programme offers only "kept"', () => {
    const c = buildDisagreementRequestCard({ ...review, stage: 'mediation', grade: null, form: { disagreementId: 12, scale: null } });
    expectClean(c);
    const s = json(c);
    expect(s).toContain('Mediation needed: CD377120');
    expect(s).toContain('Ungraded');
    expect(s).not.toContain('grade-changed');
    expect(s).not.toContain('newGrade');
  });

  test('never a child\'s name', () => {
    expect(json(buildDisagreementRequestCard(withSentinel(review)))).not.toContain(SENTINEL_CHILD_NAME);
  });
});

describe('the disagreement outcome card', () => {
  test('kept: the grade and what was agreed', () => {
    const c = buildDisagreementOutcomeCard(outcome);
    expectClean(c);
    expect(json(c)).toContain('Grade kept: CD377120');
    expect(json(c)).toContain('measurable outcomes');
    expect(json(c)).toContain('at the review session');
  });

  test('changed at mediation: the previous and the agreed grade', () => {
    const c = buildDisagreementOutcomeCard({ ...outcome, stage: 'mediation', outcome: 'grade-changed', newGrade: 'Good' });
    expectClean(c);
    const s = json(c);
    expect(s).toContain('Grade changed: CD377120');
    expect(s).toContain('"title":"Previous grade","value":"Requires Improvement"');
    expect(s).toContain('"title":"Agreed grade","value":"Good"');
    expect(s).toContain('at mediation');
    expect(json(buildDisagreementOutcomeCard(withSentinel(outcome)))).not.toContain(SENTINEL_CHILD_NAME);
  });
});

describe('the completion notice offers "I disagree with the grade"', () => {
  test('in a graded programme: a reason input submitting disagreement.raise for the audit', () => {
    const c = buildCompletionNoticeCard({ ...completionNotice, disagreeAllocationId: 41 });
    expectClean(c);
    expect(c.actions).toHaveLength(1);
    const [show] = c.actions ?? [];
    if (show?.type !== 'Action.ShowCard') throw new Error('expected Action.ShowCard');
    expect(show.title).toBe('I disagree with the grade');
    expect(show.card.body).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Input.Text', id: 'reason', isRequired: true })]));
    expect(show.card.actions).toEqual([expect.objectContaining({ type: 'Action.Execute', verb: 'disagreement.raise', data: { allocationId: 41 } })]);
  });

  test('not when ungraded (no grade, or no audit to disagree with)', () => {
    expect(buildCompletionNoticeCard({ ...completionNotice, grade: null, disagreeAllocationId: 41 }).actions).toBeUndefined();
    expect(buildCompletionNoticeCard({ ...completionNotice, disagreeAllocationId: null }).actions).toBeUndefined();
  });
});
