/**
 * Query strings, parsed from the raw query string (never `queryStringParameters`, which joins repeated keys
 * with commas and loses their order). Form semantics: `+` is a space, `%xx` is decoded.
 */

export type QueryPairs = readonly (readonly [string, string])[];

function decodeFormComponent(component: string): string {
  const spaced = component.replaceAll('+', ' ');
  try {
    return decodeURIComponent(spaced);
  } catch {
    return spaced; // A stray `%` is kept literally rather than failing the whole request.
  }
}

/** The pairs in the order they were sent. A key without `=` has the value `""`. */
export function parseQuery(rawQueryString: string | undefined): QueryPairs {
  if (rawQueryString === undefined || rawQueryString === '') return [];
  return rawQueryString
    .split('&')
    .filter((part) => part !== '')
    .map((part) => {
      const index = part.indexOf('=');
      return index === -1 ? ([decodeFormComponent(part), ''] as const) : ([decodeFormComponent(part.slice(0, index)), decodeFormComponent(part.slice(index + 1))] as const);
    });
}

/** The first value of a key, or undefined when absent (an empty value is `""`, distinct from absent). */
export function firstValue(pairs: QueryPairs, key: string): string | undefined {
  return pairs.find(([name]) => name === key)?.[1];
}
