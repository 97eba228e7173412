/** One problem in an input file: where it is and why, so a QA officer can fix the spreadsheet. */
export interface RowProblem {
  line: number;
  column: string;
  reason: string;
  /** The cell as read, where the reason is about it (an unknown service area). */
  value?: string;
  /** The known value it most likely meant, when there is one ("did you mean 'North East'?"). */
  closest?: string | null;
}

export function formatProblem(p: RowProblem): string {
  return `line ${p.line}, column ${p.column}: ${p.reason}`;
}

/** An import refused whole: nothing was written, and every problem is listed. */
export class ImportRejected extends Error {
  readonly code = 'IMPORT_REJECTED';
  readonly problems: readonly RowProblem[];
  constructor(
    readonly file: string,
    problems: readonly RowProblem[],
  ) {
    // In file order, so the list reads down the spreadsheet.
    const sorted = [...problems].sort((a, b) => a.line - b.line);
    super(
      `${file}: import refused, nothing was written. ${sorted.length} problem(s):\n` +
        sorted.map((p) => `  ${formatProblem(p)}`).join('\n'),
    );
    this.problems = sorted;
    this.name = 'ImportRejected';
  }
}
