/**
 * A small collector of field errors in the reference broker's shape (`{field: [messages]}`), so every
 * rejected request names each field and its problem, and nothing is written before all checks pass.
 */
import { ValidationFailed } from './errors.ts';

export type Body = Record<string, unknown>;

/**
 * Longest name (pacticipant, version, branch, tag, environment, application instance) we accept. Names end up in
 * DynamoDB keys (at most 2048 bytes for a partition key, 1024 for a sort key), so an unbounded name would turn
 * into a storage error instead of a clear 400.
 */
export const MAX_NAME_LENGTH = 200;

/** Longest free-text field (display names, URLs). */
export const MAX_TEXT_LENGTH = 2000;

export class FieldChecker {
  private readonly errors: Record<string, string[]> = {};

  constructor(private readonly body: Body) {}

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** A required, non-blank, single-line string. */
  requiredString(field: string, options: { noSpaces?: boolean; maxLength?: number } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      this.add(field, 'is missing');
      return undefined;
    }
    return this.checkString(field, value, { maxLength: MAX_NAME_LENGTH, ...options, blank: false });
  }

  /** An optional string; null and absent both mean "not given". */
  optionalString(field: string, options: { noSpaces?: boolean; blank?: boolean; maxLength?: number } = {}): string | null | undefined {
    const value = this.body[field];
    if (value === undefined) return undefined;
    if (value === null) return null;
    return this.checkString(field, value, { blank: true, maxLength: MAX_TEXT_LENGTH, ...options });
  }

  /** An optional list of at most 100 names (tags), each non-blank and single-line. */
  nameList(field: string): string[] {
    const names: string[] = [];
    const raw = this.body[field];
    if (raw === undefined || raw === null) return names;
    if (!Array.isArray(raw) || raw.length > 100) {
      this.add(field, 'must be an array of at most 100 tag names');
      return names;
    }
    raw.forEach((name: unknown, index) => {
      if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME_LENGTH || CONTROL_CHARACTERS.test(name)) this.add(field, `must be a non-blank single-line name without control characters (at index ${index})`);
      else names.push(name);
    });
    return names;
  }

  requiredBoolean(field: string): boolean | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      this.add(field, 'is missing');
      return undefined;
    }
    if (typeof value !== 'boolean') {
      this.add(field, 'must be true or false');
      return undefined;
    }
    return value;
  }

  private checkString(field: string, value: unknown, options: { noSpaces?: boolean; blank?: boolean; maxLength: number }): string | undefined {
    if (typeof value !== 'string') {
      this.add(field, 'must be a string');
      return undefined;
    }
    if (value.length > options.maxLength) {
      this.add(field, `cannot be longer than ${options.maxLength} characters`);
      return undefined;
    }
    if (!options.blank && value.trim() === '') {
      this.add(field, 'cannot be blank');
      return undefined;
    }
    if (/[\r\n]/.test(value)) {
      this.add(field, 'cannot contain multiple lines');
      return undefined;
    }
    if (CONTROL_CHARACTERS.test(value)) {
      this.add(field, 'cannot contain control characters');
      return undefined;
    }
    if (options.noSpaces && /\s/.test(value)) {
      this.add(field, 'cannot contain spaces');
      return undefined;
    }
    return value;
  }

  /** Throws ValidationFailed with every problem found so far. */
  done(): void {
    if (Object.keys(this.errors).length > 0) throw new ValidationFailed(this.errors);
  }
}

/** Strict base64 (RFC 4648): whole quads, padding only at the end. One character class keeps it linear on 5 MB inputs. */
export const isStrictBase64 = (value: string): boolean => value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);

/**
 * The largest contract (pact or provider contract) the broker stores, counted as it is returned: a function's response
 * body travels as a JSON string, so quotes and control characters count twice. Reading a stored contract back (with its
 * links) must fit Lambda's 6 MB response limit, so nothing stored can ever be unreadable.
 */
export const MAX_CONTRACT_BYTES = 5.5 * 1024 * 1024;

/** The bytes a text takes in a function's response (as a JSON string). */
export const returnedBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text));

export const contractTooLarge = (bytes: number): string => `would take ${bytes} bytes to return; a contract may take at most ${MAX_CONTRACT_BYTES} (5.5 MiB), so that it can always be read back within Lambda's 6 MB response limit`;

/** Control characters (C0, DEL, C1): never part of a name, and IAM's key patterns do not match them. */
export const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;


/** Path segments (names in URLs) must be non-blank single lines. */
export function checkName(kind: string, value: string): string {
  if (value.trim() === '') throw ValidationFailed.of(kind, 'cannot be blank');
  if (value.length > MAX_NAME_LENGTH) throw ValidationFailed.of(kind, `cannot be longer than ${MAX_NAME_LENGTH} characters`);
  if (/[\r\n]/.test(value)) throw ValidationFailed.of(kind, 'cannot contain multiple lines');
  if (CONTROL_CHARACTERS.test(value)) throw ValidationFailed.of(kind, 'cannot contain control characters');
  return value;
}
