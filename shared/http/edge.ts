/**
 * The edge checks every request passes before any handler code runs: path parameters and every string of the query and
 * of the JSON body are well-formed Unicode (no lone surrogates), path parameters and query values are short and free of
 * control characters (so they fit every key they can end up in), and bodies are not nested deeper than any contract
 * needs. A refused request names the field and changes nothing.
 */
import type { FieldErrors } from '#domain/errors.ts';
import { CONTROL_CHARACTERS, MAX_NAME_LENGTH } from '#domain/validation.ts';
import type { QueryPairs } from './query.ts';

/** Deeper than any pact or request body needs, shallow enough that no recursive step can overflow the stack. */
export const MAX_JSON_DEPTH = 64;
/** Query strings name selectors and versions; nothing the CLIs send comes near these. */
export const MAX_QUERY_PAIRS = 200;
export const MAX_QUERY_VALUE_LENGTH = 2000;
/** Longest path parameter that is not a name (the pact metadata segment, base64 of selectors). */
export const MAX_PATH_PARAMETER_LENGTH = 2000;

function add(errors: Record<string, string[]>, field: string, message: string): void {
  const messages = (errors[field] ??= []);
  if (!messages.includes(message)) messages.push(message);
}

export function pathProblems(params: Readonly<Record<string, string>>): FieldErrors | undefined {
  const errors: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(params)) {
    const limit = name === 'metadata' ? MAX_PATH_PARAMETER_LENGTH : MAX_NAME_LENGTH;
    if (!value.isWellFormed()) add(errors, name, 'must be well-formed Unicode (it contains a lone surrogate)');
    else if (CONTROL_CHARACTERS.test(value)) add(errors, name, 'cannot contain control characters');
    else if (value.length > limit) add(errors, name, `cannot be longer than ${limit} characters`);
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

export function queryProblems(pairs: QueryPairs): FieldErrors | undefined {
  const errors: Record<string, string[]> = {};
  if (pairs.length > MAX_QUERY_PAIRS) add(errors, 'query', `has ${pairs.length} parameters; at most ${MAX_QUERY_PAIRS} are accepted`);
  for (const [key, value] of pairs.slice(0, MAX_QUERY_PAIRS)) {
    const field = key.isWellFormed() && !CONTROL_CHARACTERS.test(key) ? key.slice(0, 100) : 'query';
    for (const text of [key, value]) {
      if (!text.isWellFormed()) add(errors, field, 'must be well-formed Unicode (it contains a lone surrogate)');
      else if (CONTROL_CHARACTERS.test(text)) add(errors, field, 'cannot contain control characters');
      if (text.length > MAX_QUERY_VALUE_LENGTH) add(errors, field, `cannot be longer than ${MAX_QUERY_VALUE_LENGTH} characters`);
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}

/** Walks the parsed body without recursion (so depth itself cannot overflow the stack). */
export function bodyProblems(body: unknown): FieldErrors | undefined {
  const errors: Record<string, string[]> = {};
  const pending: { value: unknown; path: string; depth: number }[] = [{ value: body, path: '', depth: 0 }];
  const join = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
  while (pending.length > 0) {
    const { value, path, depth } = pending.pop() as { value: unknown; path: string; depth: number };
    if (depth > MAX_JSON_DEPTH) {
      add(errors, path === '' ? 'body' : path.split(/[.[]/)[0] ?? 'body', `is nested more than ${MAX_JSON_DEPTH} levels deep`);
      continue;
    }
    if (typeof value === 'string') {
      if (!value.isWellFormed()) add(errors, path || 'body', 'must be well-formed Unicode (it contains a lone surrogate)');
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: `${path}[${index}]`, depth: depth + 1 }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (!key.isWellFormed()) add(errors, path || 'body', 'has a key that is not well-formed Unicode');
        pending.push({ value: item, path: join(path, key.isWellFormed() ? key : '?'), depth: depth + 1 });
      }
    }
  }
  return Object.keys(errors).length > 0 ? errors : undefined;
}
