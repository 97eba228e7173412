/**
 * Case references identify a child's record without naming the child, e.g. `CD490004` (Annex A exports) or the
 * bare numbers the City of London summary uses (002 §2.5: "77870"). Auditors type them by hand in Forms, so we
 * normalise case, spaces and a missing prefix before matching.
 */
const CASE_REF = /^[A-Z]{0,4}\d{3,10}$/;

export function isCaseRef(value: string): boolean {
  return CASE_REF.test(value);
}

/** Upper-case, strip spaces, dashes and a leading '#'. Returns null when what is left is no case reference. */
export function normaliseCaseRef(raw: string): string | null {
  const compact = raw.trim().toUpperCase().replace(/^#/, '').replace(/[\s\-_/]+/g, '');
  return isCaseRef(compact) ? compact : null;
}

/** The digits of a reference, so `490004` can match `CD490004` when the auditor left the prefix off. */
export function caseRefDigits(ref: string): string {
  return ref.replace(/^[A-Z]+/, '');
}
