import { parserErrors, validateCard } from '../support/card-checks';

const card = (body: unknown[], actions: unknown[] = []): unknown => ({ type: 'AdaptiveCard', version: '1.5', body, actions });

describe('card parser check', () => {
  it('accepts a plain Teams 1.5 card', () => {
    expect(parserErrors(card([{ type: 'TextBlock', text: 'Hello', weight: 'Bolder' }]))).toEqual([]);
  });

  it('names unknown element types and invalid enum values', () => {
    const errors = validateCard(card([{ type: 'Bogus.Element' }, { type: 'TextBlock', text: 'x', size: 'huge' }]));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Unknown element type "Bogus.Element"'),
        'TextBlock: Invalid value "huge" for property "size".',
      ]),
    );
  });

  it('names unknown action types and missing required properties', () => {
    const errors = parserErrors(card([], [{ type: 'Action.Bogus' }, { type: 'Action.OpenUrl', title: 'Open' }]));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Unknown action type "Action.Bogus"'),
        'Action.OpenUrl: Property "url" must be set.',
      ]),
    );
  });

  it('names misspelt properties, which the SDK would otherwise drop silently', () => {
    expect(parserErrors(card([{ type: 'TextBlock', text: 'x', wieght: 'Bolder' }]))).toEqual([
      'TextBlock: Unknown property "wieght".',
    ]);
  });

  it('rejects versions and properties newer than Teams 1.5', () => {
    const newer = { type: 'AdaptiveCard', version: '1.6', body: [{ type: 'Image', url: 'https://example.org/a.png', forceLoad: true }] };
    expect(parserErrors(newer)).toEqual([
      'Image: Property "forceLoad" is supported in version 1.6, but you are using version 1.5.',
      expect.stringContaining('The specified card version (1.6) is not supported'),
    ]);
  });

  it('rejects duplicate ids and required inputs without a label or error message', () => {
    const errors = parserErrors(card([{ type: 'Input.Text', id: 'note', isRequired: true }, { type: 'Input.Text', id: 'note', label: 'Note' }]));
    expect(errors).toEqual(
      expect.arrayContaining([
        expect.stringContaining('Duplicate Id "note"'),
        expect.stringContaining('Required inputs should have a label'),
        expect.stringContaining('Required inputs should have an error message'),
      ]),
    );
  });

  it('accepts a Teams chart only with a fallback element, and checks the fallback', () => {
    const chart = { type: 'Chart.Pie', data: [{ legend: 'Good', value: 3 }] };
    expect(parserErrors(card([{ ...chart, fallback: { type: 'FactSet', facts: [{ title: 'Good', value: '3' }] } }]))).toEqual([]);
    expect(parserErrors(card([chart]))).toEqual(
      expect.arrayContaining(['/body/0 (Chart.Pie) is a Teams chart without a fallback element']),
    );
    expect(parserErrors(card([{ ...chart, fallback: { type: 'TextBlock', text: '3', color: 'blue' } }]))).toEqual([
      'TextBlock: Invalid value "blue" for property "color".',
    ]);
  });
});
