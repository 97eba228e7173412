/** Teams chart elements are outside the official Adaptive Card schema; these helpers let tests accept them
 * only when they carry a fallback that other hosts (and the schema) can use. */

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Teams chart elements (`Chart.*`) are outside the official schema; hosts without them render `fallback`. */
export function isChartType(type: unknown): type is string {
  return typeof type === 'string' && type.startsWith('Chart.');
}

/** The chart types in a card that carry a fallback element: the only unknown types we accept. */
export function chartTypesWithFallback(card: unknown): Set<string> {
  const found = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (isObject(value)) {
      if (isChartType(value.type) && isObject(value.fallback)) found.add(value.type);
      Object.values(value).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** What the official schema sees: each chart with a fallback element replaced by that fallback. */
export function withChartFallbacks(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withChartFallbacks);
  if (!isObject(value)) return value;
  if (isChartType(value.type) && isObject(value.fallback)) return withChartFallbacks(value.fallback);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withChartFallbacks(v)]));
}

/** JSON-pointer paths of chart elements with no fallback element: hosts without charts would show nothing. */
export function chartsWithoutFallback(card: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown, at: string): void => {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, `${at}/${i}`));
    else if (isObject(value)) {
      if (isChartType(value.type) && !isObject(value.fallback)) found.push(`${at || '/'} (${value.type})`);
      for (const [k, v] of Object.entries(value)) walk(v, `${at}/${k}`);
    }
  };
  walk(card, '');
  return found;
}
