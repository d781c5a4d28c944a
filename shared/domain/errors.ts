/**
 * Domain errors carry a machine code and details, never an HTTP status: `shared/http/problem.ts` owns
 * the mapping. `fieldErrors` are keyed by field name (nested fields joined with dots), as the reference does.
 */

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

export abstract class DomainError extends Error {
  abstract readonly code: string;
}

/** A named thing does not exist. `subject` says what, for the reference's "No pacticipant with name…" form. */
export class NotFound extends DomainError {
  readonly code = 'not_found';
  constructor(message: string) {
    super(message);
    this.name = 'NotFound';
  }
}

/** The request is malformed: fields missing, of the wrong type or shape. */
export class ValidationFailed extends DomainError {
  readonly code = 'validation_failed';
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(', ')}`).join('; '));
    this.name = 'ValidationFailed';
  }
  static of(field: string, message: string): ValidationFailed {
    return new ValidationFailed({ [field]: [message] });
  }
}

/** Well-formed, but asks for a state change the rules do not allow (e.g. redeploying by PATCH). */
export class InvalidTransition extends DomainError {
  readonly code = 'invalid_transition';
  constructor(readonly fieldErrors: FieldErrors) {
    super(Object.entries(fieldErrors).map(([field, messages]) => `${field}: ${messages.join(', ')}`).join('; '));
    this.name = 'InvalidTransition';
  }
}

/** The write lost a race with another writer more times than it is worth retrying; the client may retry. */
export class ContentionExhausted extends DomainError {
  readonly code = 'contention';
  constructor(message: string) {
    super(message);
    this.name = 'ContentionExhausted';
  }
}

/** A write refused because it conflicts with what is stored; `notices` carry the explanation clients print. */
export class ConflictWithNotices extends DomainError {
  readonly code = 'conflict';
  constructor(
    message: string,
    readonly field: string,
    readonly extraNotices: readonly { type: string; text: string }[] = [],
  ) {
    super(message);
    this.name = 'ConflictWithNotices';
  }
}

/** Stored content that does not read back as its header says (only data from before content digests can be so). */
export class UnreadableContent extends DomainError {
  readonly code = 'unreadable_content';
  constructor(message: string) {
    super(message);
    this.name = 'UnreadableContent';
  }
}

/** Validation problems reported as a plain list (the matrix's shape: `{"errors": ["…", "…"]}`). */
export class ValidationMessages extends DomainError {
  readonly code = 'validation_failed';
  constructor(readonly messages: readonly string[]) {
    super(messages.join('; '));
    this.name = 'ValidationMessages';
  }
}

/**
 * A long operation (deleting a pacticipant with a large history) stopped before the function's time ran out. What it
 * did stays done and the operation is idempotent, so the same request again continues it.
 */
export class UnfinishedWork extends DomainError {
  readonly code = 'unfinished';
  constructor(message: string) {
    super(message);
    this.name = 'UnfinishedWork';
  }
}

/** Another writer changed what a conditional write depended on. The caller re-reads and decides again. */
export class WriteConflict extends Error {
  constructor(message = 'A concurrent write changed the data this write depended on') {
    super(message);
    this.name = 'WriteConflict';
  }
}
