/**
 * The request contract of the matrix and can-i-deploy (`pact-broker can-i-deploy`): what the CLIs send, read and checked into the use case's input. Bad input throws
 * a validation error naming the field (a 400 that changes nothing). Shapes: docs/wire-contract.md.
 */
import { ValidationFailed, ValidationMessages } from '#domain/errors.ts';
import { parseCanIDeployQuery, parseMatrixQuery, type MatrixQuery } from '#domain/matrix/query.ts';
import type { QueryPairs } from '../query.ts';

export function matrixQuery(pairs: QueryPairs): MatrixQuery {
  const { query, errors } = parseMatrixQuery(pairs);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return query;
}

export function canIDeployQuery(pairs: QueryPairs): MatrixQuery {
  const { query, errors } = parseCanIDeployQuery(pairs);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  return query;
}
