/**
 * A small collector of field errors in the reference broker's shape (`{field: [messages]}`), so every
 * rejected request names each field and its problem, and nothing is written before all checks pass.
 */
import { ValidationFailed } from './errors.ts';

export type Body = Record<string, unknown>;

export class FieldChecker {
  private readonly errors: Record<string, string[]> = {};

  constructor(private readonly body: Body) {}

  add(field: string, message: string): void {
    (this.errors[field] ??= []).push(message);
  }

  /** A required, non-blank, single-line string. */
  requiredString(field: string, options: { noSpaces?: boolean } = {}): string | undefined {
    const value = this.body[field];
    if (value === undefined || value === null) {
      this.add(field, 'is missing');
      return undefined;
    }
    return this.checkString(field, value, { ...options, blank: false });
  }

  /** An optional string; null and absent both mean "not given". */
  optionalString(field: string, options: { noSpaces?: boolean; blank?: boolean } = {}): string | null | undefined {
    const value = this.body[field];
    if (value === undefined) return undefined;
    if (value === null) return null;
    return this.checkString(field, value, { blank: true, ...options });
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

  private checkString(field: string, value: unknown, options: { noSpaces?: boolean; blank?: boolean }): string | undefined {
    if (typeof value !== 'string') {
      this.add(field, 'must be a string');
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

/** Path segments (names in URLs) must be non-blank single lines. */
export function checkName(kind: string, value: string): string {
  if (value.trim() === '') throw ValidationFailed.of(kind, 'cannot be blank');
  if (/[\r\n]/.test(value)) throw ValidationFailed.of(kind, 'cannot contain multiple lines');
  return value;
}
