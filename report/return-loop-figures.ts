import type { ReportRow } from './load-report-data';

/** The return loop (003 oversight; 004 §2.12–2.13 disagreement, §2.18 exemption): what oversight and disagreement did. */
export interface ReturnLoopFigures {
  /** Completed audits the service lead agreed (overseen), disputed (with QA), or has not yet recorded. */
  overseen: number;
  disputed: number;
  awaitingOversight: number;
  /** Exempted audits QA reallocated to another auditor. */
  reallocated: number;
  disagreements: {
    raised: number;
    open: number;
    resolvedAtReview: number;
    mediated: number;
    gradeChanged: number;
  };
}

const isCompleted = (r: ReportRow): boolean => r.status === 'returned' || r.status === 'overseen';

export function returnLoop(inPeriod: readonly ReportRow[]): ReturnLoopFigures {
  const done = inPeriod.filter(isCompleted);
  const raised = inPeriod.filter((r) => r.disagreement !== null);
  return {
    overseen: done.filter((r) => r.oversight === 'agree').length,
    disputed: done.filter((r) => r.oversight === 'dispute').length,
    awaitingOversight: done.filter((r) => r.oversight === null).length,
    reallocated: inPeriod.filter((r) => r.reallocated).length,
    disagreements: {
      raised: raised.length,
      open: raised.filter((r) => r.disagreement !== 'resolved').length,
      resolvedAtReview: raised.filter((r) => r.disagreementStage === 'review').length,
      // Every disagreement that reached mediation, resolved there or still with the mediator.
      mediated: raised.filter((r) => r.disagreement === 'mediation' || r.disagreementStage === 'mediation').length,
      gradeChanged: raised.filter((r) => r.disagreementOutcome === 'grade-changed').length,
    },
  };
}

/** The figures as the Word and markdown reports show them, one labelled row each, in one order. */
export function returnLoopRows(rl: ReturnLoopFigures): [string, number][] {
  return [
    ['Overseen by the service lead', rl.overseen],
    ['Disputed by the service lead', rl.disputed],
    ['Awaiting oversight', rl.awaitingOversight],
    ['Exempted and reallocated', rl.reallocated],
    ['Disagreements with the grade', rl.disagreements.raised],
    ['Resolved at review', rl.disagreements.resolvedAtReview],
    ['Mediated', rl.disagreements.mediated],
    ['Grade changed after disagreement', rl.disagreements.gradeChanged],
    ['Still open', rl.disagreements.open],
  ];
}
