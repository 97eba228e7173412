import fs from 'node:fs';
import path from 'node:path';
import { renderCards, renderSkipReason } from '../support/card-checks';

const chartWithFallback = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [
    {
      type: 'Chart.Pie',
      data: [{ legend: 'Good', value: 3 }],
      fallback: { type: 'FactSet', facts: [{ title: 'Good', value: '3' }] },
    },
  ],
};
const unknownElement = { type: 'AdaptiveCard', version: '1.5', body: [{ type: 'Chart.Pie', data: [] }] };
const requiredWithoutLabel = {
  type: 'AdaptiveCard',
  version: '1.5',
  body: [{ type: 'Input.Text', id: 'note', isRequired: true }],
};

const skip = renderSkipReason();
if (skip) console.warn(skip);

describe('card renderer', () => {
  (skip ? it.skip : it)('accepts a chart with a fallback but fails cards with unknown elements or unlabelled required inputs', async () => {
    const error = await renderCards([
      { name: 'renderer-chart-fallback', card: chartWithFallback },
      { name: 'renderer-unknown-element', card: unknownElement },
      { name: 'renderer-required-no-label', card: requiredWithoutLabel },
    ]).then(
      () => null,
      (e: unknown) => (e instanceof Error ? e.message : String(e)),
    );
    expect(error).toContain('renderer-unknown-element');
    expect(error).toContain('Unknown element type "Chart.Pie"');
    expect(error).toContain('renderer-required-no-label');
    expect(error).not.toContain('renderer-chart-fallback');
    expect(fs.existsSync(path.resolve(__dirname, '../artifacts/cards/renderer-chart-fallback.png'))).toBe(true);
  });
});
