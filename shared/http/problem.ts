/**
 * The one place that maps errors to HTTP statuses and bodies, in the reference broker's shapes
 * (docs/wire-contract.md §18), so the official CLIs can print the messages.
 */
import { randomBytes } from 'node:crypto';
import { ConflictWithNotices, ContentionExhausted, DomainError, InvalidTransition, NotFound, UnfinishedWork, UnreadableContent, ValidationFailed, ValidationMessages } from '#domain/errors.ts';
import { HAL_CONTENT_TYPE, JSON_CONTENT_TYPE } from './hal.ts';
import { edge } from '#domain/messages.ts';

/** Request-level problems found before any domain code runs (content type, malformed JSON, no route). */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(JSON.stringify(body));
    this.name = 'HttpProblem';
  }
}

export interface ErrorResponse {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** Set for unexpected errors: the id under which the details were logged. */
  readonly reference?: string;
}

const respond = (statusCode: number, body: unknown, headers: Record<string, string> = {}): ErrorResponse => ({
  statusCode,
  headers: { 'Content-Type': HAL_CONTENT_TYPE, ...headers },
  body: JSON.stringify(body),
});

export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof HttpProblem) return respond(error.status, error.body, { ...error.headers });
  if (error instanceof DomainError) {
    if (error instanceof NotFound) return respond(404, { error: error.message });
    if (error instanceof ValidationFailed) return respond(400, { errors: error.fieldErrors });
    if (error instanceof ValidationMessages) return respond(400, { errors: error.messages });
    if (error instanceof InvalidTransition) return respond(422, { errors: error.fieldErrors });
    if (error instanceof ConflictWithNotices) {
      return respond(409, { notices: [{ type: 'error', text: error.message }, ...error.extraNotices], errors: { [error.field]: [error.message] } }, { 'Content-Type': JSON_CONTENT_TYPE });
    }
    // Transient: the CLIs retry 503 with back-off, which is what a lost race needs.
    if (error instanceof ContentionExhausted) return respond(503, { error: error.message }, { 'Retry-After': '1' });
    // Also transient: the work done so far stays done, and the same request continues it.
    if (error instanceof UnfinishedWork) return respond(503, { error: error.message }, { 'Retry-After': '1' });
    if (error instanceof UnreadableContent) return respond(409, { error: error.message });
  }
  if (isUnavailable(error)) return respond(503, { error: edge.databaseUnavailable() }, { 'Retry-After': '2' });
  const reference = randomBytes(5).toString('hex');
  return {
    ...respond(500, { error: { message: edge.unexpected(reference), reference } }, { 'Content-Type': JSON_CONTENT_TYPE }),
    reference,
  };
}

/** SDK error names of a database that is throttling, failing or unreachable: nothing the request did wrong. */
const UNAVAILABLE = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'TransactionInProgressException',
  'TimeoutError',
  'RequestTimeout',
  'RequestTimeoutException',
]);
const UNREACHABLE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET']);

/** Whether the error means the database (or the network to it) is unavailable or throttling: a 503 the client retries. */
export function isUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code, $metadata, CancellationReasons } = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number }; CancellationReasons?: { Code?: string }[] };
  if (name !== undefined && UNAVAILABLE.has(name)) return true;
  if (code !== undefined && UNREACHABLE_CODES.has(code)) return true;
  if (name === 'TransactionCanceledException' && (CancellationReasons ?? []).some((reason) => reason.Code === 'ThrottlingError' || reason.Code === 'ProvisionedThroughputExceeded')) return true;
  if (($metadata?.httpStatusCode ?? 0) >= 500) return true;
  return false;
}

export const notFoundProblem = (): HttpProblem => new HttpProblem(404, { error: edge.documentNotFound() });
