import { parseActionData, type GradeSubmitData } from '../../cards';

const goodSubmit = {
  allocationId: 101,
  formVersion: 3,
  grade: 'Requires Improvement',
  rationale: 'Plan reviewed late; contingency not specific to the family.',
  discussionHeld: 'yes',
  contact: 'not_appropriate',
  contactViews: 'Worker advised the parent is in hospital this month.',
  goodPractice: 'Visits within timescale and recorded promptly.',
  improvement: 'Make the contingency plan specific.',
  safeguardingConcern: 'false',
};

function submitted(result: ReturnType<typeof parseActionData>): GradeSubmitData {
  if (!result.ok || result.verb !== 'grade.submit') throw new Error(`not a parsed grade.submit: ${JSON.stringify(result)}`);
  return result.data;
}

function fieldsOf(result: ReturnType<typeof parseActionData>): string[] {
  return result.ok ? [] : result.errors.map((e) => e.field).sort();
}

describe('grade.submit data', () => {
  it('accepts a complete audit record and types its answers', () => {
    expect(parseActionData('grade.submit', goodSubmit)).toEqual({
      ok: true,
      verb: 'grade.submit',
      data: { ...goodSubmit, discussionHeld: true, safeguardingConcern: false },
    });
  });

  it('accepts ids sent as strings by old clients and trims answers', () => {
    const r = parseActionData('grade.submit', { ...goodSubmit, allocationId: '101', formVersion: '3', rationale: `  ${goodSubmit.rationale}  ` });
    expect(submitted(r)).toMatchObject({ allocationId: 101, formVersion: 3, rationale: goodSubmit.rationale });
  });

  it('reports every missing answer at once, each against its field', () => {
    const r = parseActionData('grade.submit', { allocationId: 101, formVersion: 3, contact: 'no', rationale: '  ' });
    expect(fieldsOf(r)).toEqual(
      ['contactViews', 'discussionHeld', 'goodPractice', 'grade', 'improvement', 'rationale', 'safeguardingConcern'].sort(),
    );
  });

  it('requires a reason when the child or parent was not contacted (guide §2.5, §2.9)', () => {
    for (const contact of ['no', 'not_appropriate']) {
      const r = parseActionData('grade.submit', { ...goodSubmit, contact, contactViews: '' });
      expect(fieldsOf(r)).toEqual(['contactViews']);
    }
    expect(parseActionData('grade.submit', { ...goodSubmit, contact: 'yes', contactViews: '' }).ok).toBe(true);
  });

  it('rejects a rationale too short to explain the judgement', () => {
    const r = parseActionData('grade.submit', { ...goodSubmit, rationale: 'RI' });
    expect(r.ok ? [] : r.errors).toEqual([{ field: 'rationale', message: expect.stringContaining('20 characters') }]);
  });

  it('rejects a grade that is not on the scale and names the choices', () => {
    const r = parseActionData('grade.submit', { ...goodSubmit, grade: 'Excellent' });
    expect(r.ok ? [] : r.errors).toEqual([{ field: 'grade', message: expect.stringContaining('Outstanding') }]);
  });

  it('needs no grade in an ungraded programme and ignores one sent', () => {
    const r = parseActionData('grade.submit', { ...goodSubmit, grade: undefined }, { gradeScale: null });
    expect(submitted(r).grade).toBeNull();
    expect(submitted(parseActionData('grade.submit', goodSubmit, { gradeScale: null })).grade).toBeNull();
    expect(fieldsOf(parseActionData('grade.submit', { ...goodSubmit, grade: undefined }))).toEqual(['grade']);
  });

  it('rejects answers outside the offered choices', () => {
    const r = parseActionData('grade.submit', { ...goodSubmit, discussionHeld: 'maybe', safeguardingConcern: 'yes' });
    expect(fieldsOf(r)).toEqual(['discussionHeld', 'safeguardingConcern']);
  });
});

describe('other verbs', () => {
  it('grade.open needs a positive allocation id', () => {
    expect(parseActionData('grade.open', { allocationId: 7 })).toEqual({ ok: true, verb: 'grade.open', data: { allocationId: 7 } });
    expect(fieldsOf(parseActionData('grade.open', { allocationId: -1 }))).toEqual(['allocationId']);
    expect(fieldsOf(parseActionData('grade.open', null))).toEqual(['_']);
  });

  it('escalation.exempt needs a reason, read from the per-item input on multi-item cards', () => {
    expect(parseActionData('escalation.exempt', { allocationId: 12, reason_12: 'Long-term sick leave' })).toEqual({
      ok: true,
      verb: 'escalation.exempt',
      data: { allocationId: 12, reason: 'Long-term sick leave' },
    });
    expect(fieldsOf(parseActionData('escalation.exempt', { allocationId: 12, reason_13: 'Long-term sick leave' }))).toEqual(['reason']);
  });

  it('escalation.extend needs a real calendar date', () => {
    expect(parseActionData('escalation.extend', { allocationId: 12, newDueDate_12: '2026-12-04' }).ok).toBe(true);
    expect(fieldsOf(parseActionData('escalation.extend', { allocationId: 12, newDueDate: '2026-02-30' }))).toEqual(['newDueDate']);
    expect(fieldsOf(parseActionData('escalation.extend', { allocationId: 12, newDueDate: '04/12/2026' }))).toEqual(['newDueDate']);
  });

  it('escalation.nudge needs only the allocation', () => {
    expect(parseActionData('escalation.nudge', { allocationId: 12 }).ok).toBe(true);
  });

  it('moderation.submit needs a grade on the scale and a note', () => {
    expect(parseActionData('moderation.submit', { allocationId: 5, moderatedGrade: 'Good', note: 'Agree with the auditor.' }).ok).toBe(true);
    expect(fieldsOf(parseActionData('moderation.submit', { allocationId: 5, moderatedGrade: 'Fine', note: '' }))).toEqual([
      'moderatedGrade',
      'note',
    ]);
  });

  it('partb.complete needs a reflection', () => {
    expect(parseActionData('partb.complete', { allocationId: 5, reflection: 'Discussed in supervision; plan updated.' }).ok).toBe(true);
    expect(fieldsOf(parseActionData('partb.complete', { allocationId: 5, reflection: 'ok' }))).toEqual(['reflection']);
  });

  it('card.refresh names a refreshable card', () => {
    expect(parseActionData('card.refresh', { allocationId: 5, card: 'escalation', allocationIds: [5, 6] }).ok).toBe(true);
    expect(fieldsOf(parseActionData('card.refresh', { allocationId: 5, card: 'headlines' }))).toEqual(['card']);
  });

  it('rejects an unknown verb', () => {
    expect(parseActionData('grade.delete', { allocationId: 5 })).toEqual({
      ok: false,
      verb: 'grade.delete',
      errors: [{ field: 'verb', message: expect.stringContaining('grade.delete') }],
    });
  });
});
