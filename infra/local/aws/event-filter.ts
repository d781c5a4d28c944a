/**
 * Lambda's event filtering (an event source mapping's `FilterCriteria`), locally: the pattern syntax Lambda shares
 * with EventBridge, compiled once when the mapping starts, so a pattern Lambda would reject (an unknown operator, a
 * malformed value) fails the start-up instead of letting every record through.
 *
 * A pattern is an object whose keys name fields of the record. A nested object descends into the field; an array
 * lists alternatives for the field's value (OR), every key must match (AND), and `$or` lists alternative
 * sub-patterns. Alternatives are: a string, number, boolean or null (the value equals it: strings exactly, numbers
 * numerically; a string never equals a number), or one operator object:
 * `{"prefix": s}`, `{"suffix": s}`, `{"equals-ignore-case": s}`, `{"wildcard": s}` (`*` any run of characters),
 * `{"exists": true|false}`, `{"anything-but": value | [values] | {"prefix": s} | {"suffix": s} | {"equals-ignore-case": s | [s]}}`,
 * `{"numeric": [op, n (, op, n)]}` with op one of `=`, `<`, `<=`, `>`, `>=`.
 * A field whose value is an array matches when any of its elements does. A missing field matches only
 * `{"exists": false}`; `anything-but`, like the other operators, needs the field to be there.
 * A record passes the criteria when any of its filters (up to five) matches.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Leaf = (value: Json | undefined) => boolean;
type Matcher = (record: Json | undefined) => boolean;

export class FilterPatternError extends Error {
  constructor(message: string) {
    super(`Invalid filter pattern: ${message}`);
    this.name = 'FilterPatternError';
  }
}

const isObject = (value: unknown): value is Record<string, Json> => typeof value === 'object' && value !== null && !Array.isArray(value);
const fail = (message: string): never => {
  throw new FilterPatternError(message);
};

/** The value's scalars: the value itself, or each element of an array (Lambda matches arrays element by element). */
const scalarsOf = (value: Json | undefined): Json[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

const stringOperand = (operator: string, operand: unknown, path: string): string => (typeof operand === 'string' ? operand : fail(`"${operator}" at ${path} takes a string`));

function wildcardRegExp(pattern: string, path: string): RegExp {
  if (pattern.includes('**')) fail(`"wildcard" at ${path} may not contain consecutive *`);
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 's');
}

const NUMERIC_OPERATORS: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numericMatcher(operand: unknown, path: string): (value: Json) => boolean {
  if (!Array.isArray(operand) || (operand.length !== 2 && operand.length !== 4)) return fail(`"numeric" at ${path} takes [op, n] or [op, n, op, n]`);
  const comparisons: ((value: number) => boolean)[] = [];
  for (let index = 0; index < operand.length; index += 2) {
    const [operator, bound] = [operand[index], operand[index + 1]];
    const compare = typeof operator === 'string' ? NUMERIC_OPERATORS[operator] : undefined;
    if (compare === undefined) fail(`unknown numeric operator ${JSON.stringify(operator)} at ${path}`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail(`"numeric" at ${path} compares with numbers, got ${JSON.stringify(bound)}`);
    comparisons.push((value) => (compare as (a: number, b: number) => boolean)(value, bound as number));
  }
  if (operand.length === 4 && (operand[0] === '=' || operand[2] === '=')) fail(`"numeric" at ${path}: "=" cannot be part of a range`);
  return (value) => typeof value === 'number' && comparisons.every((comparison) => comparison(value));
}

/** One alternative of a field's array: a literal or an operator object, matched against one scalar of the value. */
function scalarMatcher(alternative: unknown, path: string): { matches: (value: Json) => boolean } | { exists: boolean } {
  if (alternative === null || typeof alternative === 'string' || typeof alternative === 'number' || typeof alternative === 'boolean') return { matches: (value) => value === alternative };
  if (!isObject(alternative)) return fail(`unsupported value ${JSON.stringify(alternative)} at ${path}`);
  const entries = Object.entries(alternative);
  if (entries.length !== 1) return fail(`an operator object at ${path} has exactly one operator, got ${JSON.stringify(alternative)}`);
  const [operator, operand] = entries[0] as [string, Json];
  switch (operator) {
    case 'prefix': {
      const text = stringOperand(operator, operand, path);
      return { matches: (value) => typeof value === 'string' && value.startsWith(text) };
    }
    case 'suffix': {
      const text = stringOperand(operator, operand, path);
      return { matches: (value) => typeof value === 'string' && value.endsWith(text) };
    }
    case 'equals-ignore-case': {
      const text = stringOperand(operator, operand, path).toLowerCase();
      return { matches: (value) => typeof value === 'string' && value.toLowerCase() === text };
    }
    case 'wildcard': {
      const expression = wildcardRegExp(stringOperand(operator, operand, path), path);
      return { matches: (value) => typeof value === 'string' && expression.test(value) };
    }
    case 'exists':
      if (typeof operand !== 'boolean') return fail(`"exists" at ${path} takes true or false`);
      return { exists: operand };
    case 'numeric':
      return { matches: numericMatcher(operand, path) };
    case 'anything-but':
      return { matches: anythingBut(operand, path) };
    default:
      return fail(`unknown operator "${operator}" at ${path}`);
  }
}

function anythingBut(operand: Json, path: string): (value: Json) => boolean {
  if (typeof operand === 'string' || typeof operand === 'number') return (value) => value !== operand;
  if (Array.isArray(operand)) {
    if (operand.length === 0 || !operand.every((item) => typeof item === 'string' || typeof item === 'number')) return fail(`"anything-but" at ${path} takes a non-empty list of strings or numbers`);
    const excluded: Json[] = operand;
    return (value) => !excluded.includes(value);
  }
  if (isObject(operand)) {
    const entries = Object.entries(operand);
    if (entries.length !== 1) return fail(`"anything-but" at ${path} takes one operator`);
    const [operator, inner] = entries[0] as [string, Json];
    switch (operator) {
      case 'prefix': {
        const text = stringOperand(operator, inner, path);
        return (value) => typeof value === 'string' && !value.startsWith(text);
      }
      case 'suffix': {
        const text = stringOperand(operator, inner, path);
        return (value) => typeof value === 'string' && !value.endsWith(text);
      }
      case 'equals-ignore-case': {
        const texts = (Array.isArray(inner) ? inner : [inner]).map((item) => stringOperand(operator, item, path).toLowerCase());
        return (value) => typeof value === 'string' && !texts.includes(value.toLowerCase());
      }
      default:
        return fail(`unknown operator "${operator}" inside "anything-but" at ${path}`);
    }
  }
  return fail(`"anything-but" at ${path} takes a string, a number, a list or an operator, got ${JSON.stringify(operand)}`);
}

/** A field's alternatives: the value matches when one of them does. */
function fieldMatcher(alternatives: Json[], path: string): Leaf {
  if (alternatives.length === 0) fail(`the list at ${path} is empty`);
  const compiled = alternatives.map((alternative) => scalarMatcher(alternative, path));
  return (value) =>
    compiled.some((alternative) => {
      if ('exists' in alternative) return alternative.exists === (value !== undefined);
      return scalarsOf(value).some((scalar) => alternative.matches(scalar));
    });
}

function objectMatcher(pattern: Record<string, Json>, path: string): Matcher {
  const keys = Object.entries(pattern);
  if (keys.length === 0) fail(`the pattern at ${path} is empty`);
  const parts: Matcher[] = keys.map(([key, sub]) => {
    if (key === '$or') {
      if (!Array.isArray(sub) || sub.length < 2 || !sub.every(isObject)) return fail(`"$or" at ${path} takes a list of at least two patterns`);
      const alternatives = sub.map((alternative, index) => objectMatcher(alternative as Record<string, Json>, `${path}.$or[${index}]`));
      return (record) => alternatives.some((alternative) => alternative(record));
    }
    const childPath = path === '' ? key : `${path}.${key}`;
    const field = (record: Json | undefined): Json | undefined => (isObject(record) ? record[key] : undefined);
    if (Array.isArray(sub)) {
      const leaf = fieldMatcher(sub, childPath);
      return (record) => leaf(field(record));
    }
    if (isObject(sub)) {
      const nested = objectMatcher(sub, childPath);
      return (record) => nested(field(record));
    }
    return fail(`the value at ${childPath} must be a list or an object, got ${JSON.stringify(sub)}`);
  });
  return (record) => parts.every((part) => part(record));
}

/** Compiles one filter's `Pattern` (the JSON text of FilterCriteria.Filters[].Pattern). Throws FilterPatternError. */
export function compileFilterPattern(pattern: string): (record: unknown) => boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    return fail(`not JSON: ${pattern}`);
  }
  if (!isObject(parsed)) return fail(`a pattern is a JSON object, got ${pattern}`);
  const matcher = objectMatcher(parsed, '');
  return (record) => matcher(record as Json);
}

/** A mapping's FilterCriteria: a record passes when any filter matches (every record passes when there is none). */
export function compileFilterCriteria(patterns: readonly string[]): (record: unknown) => boolean {
  if (patterns.length > 5) fail(`at most five filters, got ${patterns.length}`);
  const filters = patterns.map(compileFilterPattern);
  return filters.length === 0 ? () => true : (record) => filters.some((filter) => filter(record));
}
