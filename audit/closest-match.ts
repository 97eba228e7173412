/**
 * "Did you mean …?" for values typed into spreadsheets, such as service areas. A difference of case or spacing is
 * the usual slip, so that is matched first; then a small edit distance catches a typo. (Written here rather than
 * taken from npm: the project declares no edit-distance package, and this is a few lines.)
 */

/** The form two values are compared in: lower case, with no whitespace at all ('North  East' → 'northeast'). */
export function matchKey(value: string): string {
  return value.replace(/\s+/g, '').toLowerCase();
}

/** True when two different spellings differ only by case or whitespace ('north east' and 'North East'). */
export function differOnlyByCaseOrSpace(a: string, b: string): boolean {
  return a !== b && matchKey(a) === matchKey(b);
}

/** Levenshtein distance: the fewest single-character insertions, deletions or substitutions from `a` to `b`. */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitute = (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, substitute);
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** How far a suggestion may be: one slip in a short name, two in a longer one; further is a different name. */
function tolerance(key: string): number {
  return key.length <= 4 ? 1 : 2;
}

/**
 * The candidate `value` was most likely meant to be: one equal to it but for case and whitespace, else the nearest
 * within a small edit distance (ties to the earlier candidate), else null.
 */
export function closestMatch(value: string, candidates: readonly string[]): string | null {
  const key = matchKey(value);
  const same = candidates.find((c) => matchKey(c) === key);
  if (same !== undefined) return same;
  let best: { candidate: string; distance: number } | null = null;
  for (const candidate of candidates) {
    const distance = editDistance(key, matchKey(candidate));
    if (distance <= tolerance(key) && (best === null || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate ?? null;
}
