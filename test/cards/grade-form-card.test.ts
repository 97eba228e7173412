import { buildGradeFormCard, parseActionData } from '../../cards';
import type { AdaptiveCard, CardElement, ExecuteAction, InputElement } from '../../cards';
import { gradeForm, gradeFormWithErrors, ungradedForm } from './card-fixtures';

function elements(card: AdaptiveCard): CardElement[] {
  const out: CardElement[] = [];
  const walk = (list: CardElement[]): void => {
    for (const e of list) {
      out.push(e);
      if (e.type === 'Container') walk(e.items);
      if (e.type === 'ColumnSet') e.columns.forEach((c) => walk(c.items));
    }
  };
  walk(card.body);
  return out;
}

function input(card: AdaptiveCard, id: string): InputElement | undefined {
  return elements(card).find((e): e is InputElement => e.type.startsWith('Input.') && 'id' in e && e.id === id);
}

function texts(card: AdaptiveCard): string[] {
  return elements(card).flatMap((e) => (e.type === 'TextBlock' ? [e.text] : []));
}

describe('grade form card', () => {
  it('offers the programme scale as a required grade choice', () => {
    const grade = input(buildGradeFormCard(gradeForm), 'grade');
    expect(grade).toMatchObject({ type: 'Input.ChoiceSet', isRequired: true });
    expect(grade?.type === 'Input.ChoiceSet' && grade.choices.map((c) => c.value)).toEqual([...(gradeForm.scale ?? [])]);
  });

  it('has no grade choice for an ungraded programme', () => {
    const card = buildGradeFormCard(ungradedForm);
    expect(input(card, 'grade')).toBeUndefined();
    expect(JSON.stringify(card)).not.toContain('Outstanding');
  });

  it('marks every always-required answer isRequired with an error message', () => {
    const card = buildGradeFormCard(gradeForm);
    for (const id of ['grade', 'rationale', 'discussionHeld', 'contact', 'goodPractice', 'improvement', 'safeguardingConcern']) {
      expect(input(card, id)).toMatchObject({ isRequired: true, errorMessage: expect.any(String), label: expect.any(String) });
    }
  });

  it('re-rendered with errors keeps the given answers and shows each server message under its input', () => {
    const card = buildGradeFormCard(gradeFormWithErrors);
    expect(input(card, 'grade')?.value).toBe('Requires Improvement');
    expect(input(card, 'rationale')?.value).toBe('Too short');
    expect(input(card, 'contact')?.value).toBe('not_appropriate');
    expect(input(card, 'goodPractice')?.value).toBe('Visits on time and recorded within two days.');
    const body = elements(card);
    for (const [field, message] of Object.entries(gradeFormWithErrors.errors)) {
      const at = body.findIndex((e) => e.type === 'TextBlock' && e.text === message);
      expect(body[at]).toMatchObject({ color: 'attention' });
      expect(body[at - 1]).toMatchObject({ id: field });
    }
  });

  it('shows no error text when there are no errors', () => {
    const card = buildGradeFormCard(gradeForm);
    expect(elements(card).some((e) => e.type === 'TextBlock' && e.color === 'attention')).toBe(false);
    expect(texts(card).join(' ')).not.toContain('need attention');
  });

  it('submits with Action.Execute grade.submit and falls back to Action.Submit carrying the same data and the verb', () => {
    const card = buildGradeFormCard(gradeForm);
    const submit = card.actions?.[0] as ExecuteAction;
    expect(submit).toMatchObject({ type: 'Action.Execute', verb: 'grade.submit', data: { allocationId: 101, formVersion: 3 } });
    expect(submit.fallback).toEqual({
      type: 'Action.Submit',
      title: submit.title,
      style: 'positive',
      data: { ...submit.data, verb: 'grade.submit' },
    });
  });

  it('refreshes for the auditor only, with data the card.refresh parser accepts', () => {
    const card = buildGradeFormCard(gradeForm);
    expect(card.refresh?.userIds).toEqual(gradeForm.actorIds);
    const refresh = card.refresh?.action;
    const parsed = parseActionData(refresh?.verb ?? '', refresh?.data);
    expect(parsed).toEqual({ ok: true, verb: 'card.refresh', data: { allocationId: 101, card: 'grade-form' } });
  });

  it('produces data the grade.submit parser accepts once the auditor fills it in', () => {
    const submit = buildGradeFormCard(gradeForm).actions?.[0] as ExecuteAction;
    const parsed = parseActionData('grade.submit', {
      ...submit.data,
      grade: 'Good',
      rationale: 'Plans are reviewed on time and outcomes are improving.',
      discussionHeld: 'yes',
      contact: 'yes',
      contactViews: 'Parent said the worker listens.',
      goodPractice: 'Direct work with the child recorded.',
      improvement: 'Contingency plan needs detail.',
      safeguardingConcern: 'false',
    });
    expect(parsed.ok).toBe(true);
  });
});
