import { describeSkip, describeSkipCount, SKIP_REASONS, type DrawSkip } from '../audit/draw-rules';

/**
 * What `allocate --dry-run` adds after the draw: how many cases were skipped for each reason in one line, then each
 * case with its reason, by reason and then reference. Case references only.
 */
export function formatSkipped(skipped: readonly DrawSkip[]): string[] {
  if (skipped.length === 0) return [];
  const groups = SKIP_REASONS.map((reason) => ({
    reason,
    skips: skipped.filter((s) => s.reason === reason).sort((a, b) => a.caseRef.localeCompare(b.caseRef, 'en-GB')),
  })).filter((g) => g.skips.length > 0);
  return [
    `Skipped ${skipped.length} case(s): ${groups.map((g) => describeSkipCount(g.reason, g.skips)).join(', ')}.`,
    ...groups.flatMap((g) => g.skips.map((s) => `  ${describeSkip(s)}`)),
  ];
}
