import type { AdaptiveCard } from './adaptive-card-types';
import { card, clip, facts, header } from './card-parts';
import type { HelpView } from './view-models';

/** The commands the bot understands: a FactSet keeps the descriptions aligned in one column. */
export function buildHelpCard(view: HelpView): AdaptiveCard {
  const rows = view.commands.slice(0, 30).map((c) => [clip(c.command, 40), clip(c.description, 200)] as const);
  return card([...header('Audit Loop', 'What you can ask me'), facts(rows)], { fallbackText: 'Audit Loop help' });
}
