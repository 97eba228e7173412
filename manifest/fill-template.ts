import { PackageError } from './package-errors';

const PLACEHOLDER = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Replaces `${NAME}` in every string of the parsed template. Working on parsed JSON (not the raw text) means a
 * value can never break the JSON around it. A placeholder with no value is an error, so a typo in the template
 * cannot ship a literal `${...}` to Teams.
 */
export function fillTemplate(template: Json, values: Readonly<Record<string, string>>): Json {
  const unknown = new Set<string>();
  const fill = (node: Json): Json => {
    if (typeof node === 'string') {
      return node.replace(PLACEHOLDER, (whole, name: string) => {
        const value = values[name];
        if (value === undefined) {
          unknown.add(name);
          return whole;
        }
        return value;
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, fill(value)]));
    }
    return node;
  };
  const filled = fill(template);
  if (unknown.size > 0) {
    const names = [...unknown];
    throw new PackageError(
      'TEMPLATE_PLACEHOLDER_UNKNOWN',
      `The manifest template uses placeholders with no value: ${names.join(', ')}. Add them to manifest/package-env.ts or remove them from the template.`,
      names,
    );
  }
  return filled;
}

export type { Json };
