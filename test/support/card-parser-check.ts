import { createRequire } from 'node:module';
import type * as AdaptiveCards from 'adaptivecards';
import { chartsWithoutFallback, withChartFallbacks } from './chart-fallbacks';

/**
 * Validates a card with the `adaptivecards` SDK's own parser, in Node, with no file outside the repo: unknown
 * element and action types, invalid enum values, properties and values newer than Teams' 1.5, missing required
 * properties, duplicate ids, unlabelled required inputs, and (which the SDK itself drops silently) misspelt or
 * unknown properties on elements and actions. Teams charts are checked for a fallback element, then
 * the parser sees what other hosts see: the fallback.
 */

// The package's main entry is ES modules with extensionless imports that Node cannot load; its UMD bundle is the
// same SDK as one CommonJS file (card-renderer loads its minified twin in Chromium).
const sdk = createRequire(__filename)('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCards;

/** Teams renders Adaptive Cards up to 1.5. */
const TEAMS_VERSION = sdk.Versions.v1_5;

function describeSource(source: AdaptiveCards.SerializableObject | undefined): string {
  if (source instanceof sdk.CardObject) {
    const id = source.id ? `#${source.id}` : '';
    return `${source.getJsonTypeName()}${id}: `;
  }
  return '';
}

/** Keys the SDK parses by hand rather than through its property schema, plus Teams' own card extension. */
const STRUCTURAL_KEYS = new Set(['body', 'actions', 'items', 'columns', 'rows', 'cells', 'pages', 'card', 'fallback', 'msteams']);

function unknownProperties(object: AdaptiveCards.CardObject, source: unknown): string[] {
  if (typeof source !== 'object' || source === null) return [];
  const schema = object.getSchema();
  const known = new Set(STRUCTURAL_KEYS);
  for (let i = 0; i < schema.getCount(); i++) known.add(schema.getItemAt(i).name);
  return Object.keys(source)
    .filter((key) => !known.has(key))
    .map((key) => `${describeSource(object)}Unknown property "${key}".`);
}

/** Parser and validation problems as readable lines; empty when the SDK accepts the card as Teams 1.5. */
export function parserErrors(card: unknown): string[] {
  const errors = chartsWithoutFallback(card).map((at) => `${at} is a Teams chart without a fallback element`);
  const parsed = new sdk.AdaptiveCard();
  // Both limits: a card declaring a newer version, and properties or values newer than 1.5, are errors.
  parsed.maxVersion = TEAMS_VERSION;
  const context = new sdk.SerializationContext(TEAMS_VERSION);
  context.onParseElement = (element, source) => errors.push(...unknownProperties(element, source));
  context.onParseAction = (action, source) => errors.push(...unknownProperties(action, source));
  const json = withChartFallbacks(card);
  parsed.parse(json, context);
  errors.push(...unknownProperties(parsed, json));
  const events: AdaptiveCards.IValidationEvent[] = [];
  for (let i = 0; i < context.eventCount; i++) events.push(context.getEventAt(i));
  events.push(...parsed.validateProperties().validationEvents);
  errors.push(...events.map((e) => `${describeSource(e.source)}${e.message}`));
  return [...new Set(errors)];
}
