import { closestMatch, differOnlyByCaseOrSpace } from '../audit/closest-match';
import type { RowProblem } from './import-errors';
import { bad, ok, type CellReader } from './row-reader';

/**
 * A service area or team as typed: surrounding whitespace dropped (a quoted "North East " is 'North East'), inner
 * spacing and case kept, since those are checked against the areas already known rather than guessed at.
 */
export const areaName: CellReader<string> = (t) => {
  const name = t.trim();
  return name === '' ? bad('is empty') : ok(name);
};

export interface KnownAreas {
  /** The profile's pinned list, or null when areas are learned from the imports. */
  pinned: readonly string[] | null;
  /** Areas already in the store (people's and cases'). */
  stored: readonly string[];
  /** Who the areas belong to, for the message: "programme southampton-qaf-2023". */
  programme: string;
}

const quoteList = (areas: readonly string[]): string => areas.map((a) => `'${a}'`).join(', ');
const didYouMean = (match: string | null): string => (match === null ? '' : `; did you mean '${match}'?`);

/**
 * Checks each row's area. With a pinned list the area must be one of it exactly. With learned areas any name is
 * a new area, except one that differs from a known area (in the store or earlier in the file) only by case or
 * spacing: that is a slip that would split one area's figures in two, so the row is refused with the match named.
 */
export function serviceAreaProblems(rows: readonly { line: number; area: string }[], column: string, known: KnownAreas): RowProblem[] {
  const problems: RowProblem[] = [];
  if (known.pinned !== null) {
    const pinned = known.pinned;
    for (const { line, area } of rows) {
      if (pinned.includes(area)) continue;
      const match = closestMatch(area, pinned);
      problems.push({
        line, column, value: area, closest: match,
        reason: `'${area}' is not a service area of ${known.programme}, whose profile lists ${quoteList(pinned)}${didYouMean(match)}`,
      });
    }
    return problems;
  }
  const seen = [...known.stored];
  for (const { line, area } of rows) {
    if (seen.includes(area)) continue;
    const match = seen.find((a) => differOnlyByCaseOrSpace(a, area));
    if (match === undefined) {
      seen.push(area);
      continue;
    }
    problems.push({
      line, column, value: area, closest: match,
      reason: `'${area}' differs from the known service area '${match}' only by case or spacing; did you mean '${match}'? (known areas: ${quoteList(seen)})`,
    });
  }
  return problems;
}
