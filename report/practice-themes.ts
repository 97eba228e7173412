/**
 * Recurring practice themes in auditors' free text (good practice, areas for improvement), found by a phrase
 * dictionary with the synonyms auditors write. The areas follow the documents' findings: 002 reports findings by
 * practice area (chronologies, supervision, visits, direct work); 003's monthly analysis and 004 §5's grading
 * guidance name management oversight, the voice of the child, plans and contingency planning.
 */
export interface PracticeTheme {
  id: string;
  label: string;
  /** Lower-case words or phrases; matched on word boundaries after punctuation is flattened. */
  phrases: readonly string[];
}

export const PRACTICE_THEMES: readonly PracticeTheme[] = [
  { id: 'supervision', label: 'Supervision', phrases: ['supervision', 'supervisions', 'reflective supervision', 'case discussion with manager'] },
  { id: 'management-oversight', label: 'Management oversight', phrases: ['management oversight', 'manager oversight', 'managerial oversight', 'oversight', 'management decision', 'management direction', 'manager direction'] },
  { id: 'chronology', label: 'Chronology', phrases: ['chronology', 'chronologies', 'chronological history', 'significant events'] },
  { id: 'case-summary', label: 'Case summary', phrases: ['case summary', 'case summaries', 'summary of the case', 'pen picture'] },
  { id: 'genogram', label: 'Genogram', phrases: ['genogram', 'genograms', 'family tree', 'ecomap', 'eco map'] },
  { id: 'voice-of-the-child', label: 'Voice of the child', phrases: ['voice of the child', "child's voice", 'childs voice', 'voice of the young person', "young person's voice", 'wishes and feelings', 'lived experience', 'views of the child', "child's views"] },
  { id: 'direct-work', label: 'Direct work', phrases: ['direct work', 'direct working', 'play work', 'three houses', 'life work'] },
  { id: 'visits-in-timescale', label: 'Visits in timescale', phrases: ['visits in timescale', 'visits within timescale', 'statutory visits', 'statutory visit', 'visits', 'visit', 'seen alone', 'home visit', 'home visits'] },
  { id: 'plans', label: 'Plans', phrases: ['plan', 'plans', 'care plan', 'child protection plan', 'cp plan', 'cin plan', 'pathway plan', 'smart plan', 'smart'] },
  { id: 'contingency-planning', label: 'Contingency planning', phrases: ['contingency', 'contingency plan', 'contingency planning', 'plan b'] },
  { id: 'life-story-work', label: 'Life story work', phrases: ['life story', 'life story work', 'later life letter', 'later life letters'] },
  { id: 'assessment', label: 'Assessment', phrases: ['assessment', 'assessments', 'risk assessment', 'analysis of risk', 'analysis'] },
  { id: 'multi-agency-working', label: 'Multi-agency working', phrases: ['multi agency', 'multiagency', 'partner agencies', 'partners', 'strategy meeting', 'core group', 'core groups', 'professionals meeting'] },
  { id: 'recording', label: 'Recording', phrases: ['recording', 'case recording', 'case notes', 'records up to date', 'up to date records'] },
  { id: 'diversity-and-identity', label: 'Diversity and identity', phrases: ['identity', 'diversity', 'culture', 'cultural', 'ethnicity', 'religion', 'equality'] },
];

/** Lower case, punctuation to spaces, so "child's voice" and "childs voice" and "Voice-of-the-child" all meet. */
function flatten(text: string): string {
  return ` ${text.toLowerCase().replace(/[‘’]/g, "'").replace(/'/g, '').replace(/[^a-z0-9]+/g, ' ').trim()} `;
}

// Longest phrases first, each consumed once matched: "contingency plan" is contingency planning, not also plans.
const FLAT_PHRASES = PRACTICE_THEMES.flatMap((t) => t.phrases.map((p) => ({ id: t.id, phrase: flatten(p) }))).sort(
  (a, b) => b.phrase.length - a.phrase.length,
);

/** The ids of the themes a piece of free text mentions, in dictionary order, each at most once. */
export function findPracticeThemes(text: string | null | undefined): string[] {
  if (text === null || text === undefined || text.trim() === '') return [];
  let flat = flatten(text);
  const found = new Set<string>();
  for (const { id, phrase } of FLAT_PHRASES) {
    if (!flat.includes(phrase)) continue;
    found.add(id);
    // Keep one space each side so neighbouring words still sit on word boundaries.
    while (flat.includes(phrase)) flat = flat.replace(phrase, '  ');
  }
  return PRACTICE_THEMES.filter((t) => found.has(t.id)).map((t) => t.id);
}

export function themeLabel(id: string): string {
  return PRACTICE_THEMES.find((t) => t.id === id)?.label ?? id;
}
