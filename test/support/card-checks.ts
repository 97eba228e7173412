import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { parserErrors } from './card-parser-check';
import { withChartFallbacks } from './chart-fallbacks';
import { OFFICIAL_SCHEMA_FILE, readSharedSchemaFile, sharedSchemasPresent } from './shared-schemas';

/**
 * Checks for Adaptive Cards in tests: the `adaptivecards` parser (always; needs nothing outside the repo), the
 * official 1.5 JSON schema (only where ../shared/schemas exists, see shared-schemas.ts), the size limit, and
 * rendering with the `adaptivecards` SDK in headless Chromium (see card-renderer.ts).
 */

export const CARD_SIZE_LIMIT_BYTES = 80 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let validator: ValidateFunction | null = null;

function compileValidator(): ValidateFunction {
  if (validator) return validator;
  const schema = readSharedSchemaFile('adaptive-card-1.5.schema.json') as Record<string, Json>;
  // The schema declares draft-06 but names itself with draft-04's `id`; ajv 8 only reads `$id`.
  const { id, ...rest } = schema;
  if (typeof id !== 'string') throw new Error(`${OFFICIAL_SCHEMA_FILE} has no schema id`);
  // strict: false because the schema annotates properties with non-standard keywords (`version`, `examples`).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  validator = ajv.compile({ ...rest, $id: id });
  return validator;
}

/** Errors against the official Adaptive Card 1.5 schema; throws when ../shared/schemas is missing. */
export function officialSchemaErrors(card: unknown): string[] {
  const validate = compileValidator();
  if (validate(withChartFallbacks(card))) return [];
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  // anyOf over element types reports every alternative; the distinct lines are enough to find the fault.
  return [...new Set(errors)];
}

/** Problems as readable lines, empty when the card is valid: the parser's always, the schema's where present. */
export function validateCard(card: unknown): string[] {
  const errors = parserErrors(card);
  if (sharedSchemasPresent()) errors.push(...officialSchemaErrors(card).map((e) => `schema: ${e}`));
  return errors;
}

export function cardSizeBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export { parserErrors } from './card-parser-check';
export { chartTypesWithFallback, chartsWithoutFallback, withChartFallbacks } from './chart-fallbacks';
export { renderCards, renderSkipReason, type CardToRender, type RenderedCard } from './card-renderer';
export { schemaCheckSkipReason } from './shared-schemas';
