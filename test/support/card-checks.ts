import fs from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import { withChartFallbacks } from './chart-fallbacks';

/**
 * Checks for Adaptive Cards in tests: schema validation against the official 1.5 schema, the size limit, and
 * rendering with the `adaptivecards` SDK in headless Chromium (see card-renderer.ts).
 */

const REPO_ROOT = path.resolve(__dirname, '../..');
export const SHARED_SCHEMAS = path.resolve(REPO_ROOT, '../shared/schemas');
export const CARD_SIZE_LIMIT_BYTES = 80 * 1024;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

let validator: ValidateFunction | null = null;

function compileValidator(): ValidateFunction {
  if (validator) return validator;
  const file = path.join(SHARED_SCHEMAS, 'adaptive-card-1.5.schema.json');
  const schema = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, Json>;
  // The schema declares draft-06 but names itself with draft-04's `id`; ajv 8 only reads `$id`.
  const { id, ...rest } = schema;
  if (typeof id !== 'string') throw new Error(`${file} has no schema id`);
  // strict: false because the schema annotates properties with non-standard keywords (`version`, `examples`).
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addMetaSchema(draft06);
  addFormats(ajv);
  validator = ajv.compile({ ...rest, $id: id });
  return validator;
}

/** Schema errors as readable lines; empty when the card is valid. */
export function validateCard(card: unknown): string[] {
  const validate = compileValidator();
  if (validate(withChartFallbacks(card))) return [];
  const errors = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim());
  // anyOf over element types reports every alternative; the distinct lines are enough to find the fault.
  return [...new Set(errors)];
}

export function cardSizeBytes(card: unknown): number {
  return Buffer.byteLength(JSON.stringify(card), 'utf8');
}

export { chartTypesWithFallback, withChartFallbacks } from './chart-fallbacks';
export { renderCards, renderSkipReason, type CardToRender, type RenderedCard } from './card-renderer';
