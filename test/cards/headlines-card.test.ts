import { buildHeadlinesCard } from '../../cards';
import { reportFilesLink } from '../../cards/headlines-card';
import { CARD_SIZE_LIMIT_BYTES, cardSizeBytes, validateCard } from '../support/card-checks';
import { BOT_APP_ID, headlines } from './card-fixtures';

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

  it("links QA to the month's Word report and Excel workbook in their chat with Audit Loop, \"report 2026-11\" typed ready to send", () => {
    const card = buildHeadlinesCard(headlines(3), reportFilesLink(BOT_APP_ID));
    expect(card.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Get the Word report and Excel workbook',
        url: `https://teams.microsoft.com/l/chat/0/0?users=28:${BOT_APP_ID}&message=report%202026-11`,
      },
    ]);
    expect(validateCard(card)).toEqual([]);
  });

  it('has no link to the files where no bot app id is configured (local anonymous mode)', () => {
    for (const appId of [undefined, null, '']) {
      expect(reportFilesLink(appId)).toBeUndefined();
      expect(buildHeadlinesCard(headlines(3), reportFilesLink(appId)).actions).toBeUndefined();
    }
    expect(buildHeadlinesCard(headlines(3)).actions).toBeUndefined();
  });
});
