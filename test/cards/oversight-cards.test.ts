import {
  buildOversightChaseCard,
  buildOversightDisputeCard,
  buildOversightListCard,
  parseActionData,
  type OversightListItemView,
  type OversightListView,
} from '../../cards';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes, parserErrors, validateCard } from '../support/card-checks';

const item = (n: number, state: OversightListItemView['state'] = 'outstanding'): OversightListItemView => ({
  allocationId: 100 + n, caseRef: `CD49${String(n).padStart(5, '0')}`, team: 'CRS Team 1', grade: 'Good', auditorName: `Auditor ${n}`, state,
});
const list = (items: OversightListItemView[]): OversightListView => ({
  month: '2026-09', serviceArea: 'CRS', serviceLeadName: 'Sam Lead', dueDate: '2026-10-06', items,
});

function collect(value: unknown, key: string, out: unknown[] = []): unknown[] {
  if (Array.isArray(value)) value.forEach((v) => collect(v, key, out));
  else if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    if (key in record) out.push(record[key]);
    Object.values(record).forEach((v) => collect(v, key, out));
  }
  return out;
}

describe('oversight list card', () => {
  const card = buildOversightListCard(list([item(1), item(2), item(3, 'agreed'), item(4, 'disputed')]));

  it('is a valid card', () => {
    expect(parserErrors(card)).toEqual([]);
    expect(validateCard(card)).toEqual([]);
  });

  it('offers agree and dispute for each outstanding audit only, with data the verb parser accepts', () => {
    const executes = collect(card, 'verb').filter((v) => v === 'oversight.record');
    expect(executes).toHaveLength(4); // agree + dispute for 101 and 102
    const data = collect(card, 'data') as Record<string, unknown>[];
    expect(data).toEqual(expect.arrayContaining([{ allocationId: 101, decision: 'agree' }, { allocationId: 102, decision: 'dispute' }]));
    expect(data.some((d) => d['allocationId'] === 103 || d['allocationId'] === 104)).toBe(false);
    // The dispute's reason is the suffixed input the parser lifts.
    expect(collect(card, 'id')).toEqual(expect.arrayContaining(['reason_101', 'reason_102']));
    expect(parseActionData('oversight.record', { allocationId: 102, decision: 'dispute', reason_102: 'Grade too generous for the drift.' })).toMatchObject({
      ok: true, data: { allocationId: 102, decision: 'dispute', reason: 'Grade too generous for the drift.' },
    });
  });

  it('shows decided audits as overseen or disputed, and the counts', () => {
    const json = JSON.stringify(card);
    expect(json).toContain('Overseen');
    expect(json).toContain('Disputed');
    expect(json).toContain('2 audits to oversee · 1 overseen · 1 disputed');
    expect(json).toContain('Tue 6 Oct 2026');
  });

  it('stays under the Teams size limit for 60 audits and says how many more there are', () => {
    const big = buildOversightListCard(list(Array.from({ length: 60 }, (_, i) => item(i + 1))));
    expect(cardSizeBytes(big)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(validateCard(big)).toEqual([]);
    expect(JSON.stringify(big)).toContain('…and 35 more to oversee');
    const mixed = buildOversightListCard(list(Array.from({ length: 60 }, (_, i) => item(i + 1, i % 3 === 0 ? 'outstanding' : i % 3 === 1 ? 'agreed' : 'disputed'))));
    expect(cardSizeBytes(mixed)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(JSON.stringify(mixed)).toContain('…and 10 more already recorded');
  });

  it('says so when nothing is left, and when nothing has been returned', () => {
    expect(JSON.stringify(buildOversightListCard(list([item(1, 'agreed')])))).toContain('Every returned audit in your area has your oversight');
    expect(JSON.stringify(buildOversightListCard(list([])))).toContain('No audits in your area have been returned');
  });
});

describe('oversight chase and dispute cards', () => {
  const chase = { month: '2026-09', serviceArea: 'CRS', serviceLeadName: 'Sam Lead', recipientName: 'Head of Service', dueDate: '2026-10-06', outstanding: 3 };

  it('the reminder and the escalation are valid and say what is outstanding by when', () => {
    const reminder = buildOversightChaseCard({ ...chase, stage: 'reminder', recipientName: 'Sam Lead' });
    const escalation = buildOversightChaseCard({ ...chase, stage: 'escalation' });
    for (const c of [reminder, escalation]) expect(validateCard(c)).toEqual([]);
    expect(JSON.stringify(reminder)).toContain('3 returned audits in your area still need your oversight, due by Tue 6 Oct 2026');
    expect(JSON.stringify(escalation)).toContain('Sam Lead has not recorded oversight of 3 returned audits in CRS');
  });

  it('the dispute card gives QA the case, area, service lead and reason,', () => {
    const c = buildOversightDisputeCard({
      caseRef: 'CD4911000', month: '2026-09', serviceArea: 'CRS', team: 'CRS Team 1', grade: 'Good', auditorName: 'Auditor 1',
      serviceLeadName: 'Sam Lead', reason: 'The grade does not reflect the drift in the plan.',
    });
    expect(validateCard(c)).toEqual([]);
    const json = JSON.stringify(c);
    for (const s of ['CD4911000', 'CRS', 'Sam Lead', 'The grade does not reflect the drift in the plan.']) expect(json).toContain(s);
  });
});
