import {
  buildAllocationListCard,
  buildExemptionFollowUpCard,
  buildExemptionOutcomeCard,
  buildExemptionRequestCard,
  parseActionData,
  type ExemptionRequestCardView,
} from '../../cards';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes, parserErrors, validateCard } from '../support/card-checks';
import { allocationList } from './card-fixtures';

const request: ExemptionRequestCardView = {
  requestId: 41, caseRef: 'CD490001', auditorName: 'Sam Whitfield', category: 'leave',
  reason: 'Three weeks of annual leave over the due date.', dueDate: '2026-11-28', stage: 'line-manager',
  lineManagerName: null, qaStandsIn: false,
};

/** Every Action.Execute on a card, with the data it sends. */
function executes(value: unknown, out: { verb: string; data: Record<string, unknown> }[] = []): { verb: string; data: Record<string, unknown> }[] {
  if (Array.isArray(value)) value.forEach((v) => executes(v, out));
  else if (typeof value === 'object' && value !== null) {
    const r = value as Record<string, unknown>;
    if (r['type'] === 'Action.Execute') out.push({ verb: String(r['verb']), data: r['data'] as Record<string, unknown> });
    Object.values(r).forEach((v) => executes(v, out));
  }
  return out;
}

function inputIds(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => inputIds(v, out));
  else if (typeof value === 'object' && value !== null) {
    const r = value as Record<string, unknown>;
    if (typeof r['type'] === 'string' && r['type'].startsWith('Input.') && typeof r['id'] === 'string') out.push(r['id']);
    Object.values(r).forEach((v) => inputIds(v, out));
  }
  return out;
}

const cards = {
  'exemption request (line manager)': buildExemptionRequestCard(request),
  'exemption request (PSW)': buildExemptionRequestCard({ ...request, stage: 'psw', lineManagerName: 'Jo Patel' }),
  'exemption outcome (refused)': buildExemptionOutcomeCard({ caseRef: 'CD490001', category: 'capacity', outcome: 'refused', decidedBy: 'Jo Patel', note: 'Cover is arranged.' }),
  'exemption outcome (agreed)': buildExemptionOutcomeCard({ caseRef: 'CD490001', category: 'leave', outcome: 'agreed', decidedBy: 'QA Lead', note: null }),
  'exemption outcome (with the PSW)': buildExemptionOutcomeCard({ caseRef: 'CD490001', category: 'leave', outcome: 'awaiting-psw', decidedBy: 'Jo Patel', note: null }),
  'exemption follow-up': buildExemptionFollowUpCard({ requestId: 41, caseRef: 'CD490001', month: '2026-11', kind: 'audit', auditorName: 'Sam Whitfield', category: 'conflict-of-interest' }),
  'allocation list': buildAllocationListCard(allocationList),
};

describe('exemption cards (004 §2.18)', () => {
  it.each(Object.entries(cards))('%s is a valid Adaptive Card 1.5 under the size limit', (_name, card) => {
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5' });
    expect(parserErrors(card)).toEqual([]);
    expect(validateCard(card)).toEqual([]);
    expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(JSON.stringify(card)).toMatch(/CD\d{6}/);
  });

  it("lets the line manager agree at once, or refuse with a note the verb parser accepts and requires", () => {
    const [agree, refuse] = executes(cards['exemption request (line manager)']);
    expect(parseActionData(agree!.verb, agree!.data)).toEqual({ ok: true, verb: 'exemption.decide', data: { requestId: 41, decision: 'agree' } });
    expect(parseActionData(refuse!.verb, { ...refuse!.data, note: 'Cover is arranged.' })).toMatchObject({ ok: true, data: { decision: 'refuse', note: 'Cover is arranged.' } });
    expect(parseActionData(refuse!.verb, refuse!.data)).toMatchObject({ ok: false, errors: [{ field: 'note' }] });
  });

  it("shows the PSW that the line manager has agreed, and the auditor a refusal's note", () => {
    expect(JSON.stringify(cards['exemption request (PSW)'])).toContain('Agreed by Jo Patel');
    expect(JSON.stringify(cards['exemption outcome (refused)'])).toContain('Cover is arranged.');
    expect(JSON.stringify(cards['exemption outcome (agreed)'])).not.toContain('Note');
  });

  it('offers QA reallocate or drop, with data the verb parser accepts', () => {
    const actions = executes(cards['exemption follow-up']).map((a) => parseActionData(a.verb, a.data));
    expect(actions).toEqual([
      { ok: true, verb: 'exemption.follow-up', data: { requestId: 41, action: 'reallocate' } },
      { ok: true, verb: 'exemption.follow-up', data: { requestId: 41, action: 'drop' } },
    ]);
  });

  it("gives each open audit on the list its own \"I can't do this one\" inputs, which the verb parser lifts", () => {
    const card = cards['allocation list'];
    const ids = inputIds(card);
    expect(new Set(ids).size).toBe(ids.length);
    const open = allocationList.items.filter((i) => i.status === 'allocated' || i.status === 'overdue');
    expect(open.length).toBeGreaterThan(0);
    const asks = executes(card).filter((a) => a.verb === 'exemption.request');
    expect(asks.map((a) => a.data['allocationId'])).toEqual(open.map((i) => i.allocationId));
    for (const i of open) expect(ids).toEqual(expect.arrayContaining([`category_${i.allocationId}`, `reason_${i.allocationId}`]));
    const first = open[0]!.allocationId;
    expect(parseActionData('exemption.request', { allocationId: first, [`category_${first}`]: 'leave', [`reason_${first}`]: 'Annual leave all month.' }))
      .toEqual({ ok: true, verb: 'exemption.request', data: { allocationId: first, category: 'leave', reason: 'Annual leave all month.' } });
  });
});
