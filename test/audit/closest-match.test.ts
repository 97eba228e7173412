import { closestMatch, differOnlyByCaseOrSpace, editDistance, matchKey } from '../../audit/closest-match';

describe('the closest match ("did you mean …?")', () => {
  const areas = ['YPS', 'CWD', 'North East', 'Children Looked After'];

  it('counts single-character insertions, deletions and substitutions', () => {
    expect(editDistance('', '')).toBe(0);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('northeast', 'northest')).toBe(1);
    expect(editDistance('', 'yps')).toBe(3);
  });

  it('matches a difference of case or spacing first', () => {
    expect(matchKey('  North   East ')).toBe('northeast');
    expect(closestMatch('north east', areas)).toBe('North East');
    expect(closestMatch('NorthEast', areas)).toBe('North East');
    expect(closestMatch('yps', areas)).toBe('YPS');
    expect(differOnlyByCaseOrSpace('north  east', 'North East')).toBe(true);
    expect(differOnlyByCaseOrSpace('North East', 'North East')).toBe(false);
    expect(differOnlyByCaseOrSpace('North West', 'North East')).toBe(false);
  });

  it('then a small edit distance: one slip in a short name, two in a longer one, none beyond', () => {
    expect(closestMatch('Nort Est', areas)).toBe('North East');
    expect(closestMatch('Children Looked Afer', areas)).toBe('Children Looked After');
    expect(closestMatch('CWS', areas)).toBe('CWD');
    expect(closestMatch('ABC', areas)).toBeNull();
    expect(closestMatch('South West', areas)).toBeNull();
    expect(closestMatch('Narnia', areas)).toBeNull();
  });
});
