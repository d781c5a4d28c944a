/**
 * The request contract of pacts for verification (`pact-verifier`): what the CLIs send, read and checked into the use case's input. Bad input throws
 * a validation error naming the field (a 400 that changes nothing). Shapes: docs/wire-contract.md.
 */
import { ValidationMessages } from '#domain/errors.ts';
import type { Body } from '#domain/validation.ts';
import { readForVerificationRequest, type ForVerificationRequest } from '#domain/verification/selectors.ts';

export function forVerificationRequest(body: Body): ForVerificationRequest {
  const { request, errors } = readForVerificationRequest(body);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return request;
}
