import { buildHeadlinesCard } from '../../cards';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes, validateCard } from '../support/card-checks';
import { headlines } from './card-fixtures';

describe('headlines card', () => {
  it('stays under the size limit with 200 service areas and says how many are not listed', () => {
    const card = buildHeadlinesCard(headlines(200));
    expect(cardSizeBytes(card)).toBeLessThan(CARD_SIZE_LIMIT_BYTES);
    expect(JSON.stringify(card)).toContain('and 185 more service areas');
    expect(JSON.stringify(card)).not.toContain('Service area 16 ');
  });

  it('lists every area and no "more" line when they fit', () => {
    const json = JSON.stringify(buildHeadlinesCard(headlines(3)));
    expect(json).toContain('Service area 3 ');
    expect(json).not.toContain('more service areas');
  });

  it('shows the grade distribution as a Teams bar chart with a FactSet fallback of the same figures', () => {
    const chart = buildHeadlinesCard(headlines(1)).body.find((e) => e.type === 'Chart.VerticalBar');
    expect(chart).toMatchObject({
      data: [
        { x: 'Outstanding', y: 3 },
        { x: 'Good', y: 19 },
        { x: 'Requires Improvement', y: 15 },
        { x: 'Inadequate', y: 4 },
      ],
      fallback: { type: 'FactSet', facts: expect.arrayContaining([{ title: 'Good', value: '19 (46%)' }]) },
    });
  });

  it('has no chart for an ungraded programme', () => {
    const card = buildHeadlinesCard({ ...headlines(1), gradeCounts: [] });
    expect(JSON.stringify(card)).not.toContain('Chart.');
  });

  it('fails card validation when a chart carries no fallback', () => {
    const card = buildHeadlinesCard(headlines(1));
    const stripped = JSON.parse(JSON.stringify(card, (k, v: unknown) => (k === 'fallback' ? undefined : v))) as unknown;
    expect(validateCard(card)).toEqual([]);
    expect(validateCard(stripped).length).toBeGreaterThan(0);
  });
});
