import { apiHandler, ok } from '#http/api-handler.ts';
import { matrixResource } from '#http/matrix-representation.ts';
import { ValidationMessages } from '#domain/errors.ts';
import { parseMatrixQuery } from '#domain/matrix/query.ts';
import { evaluateMatrix } from '#services/matrix.ts';

/** can-i-deploy and can-i-merge: 200 whatever the decision (it is `summary.deployable`), 400 for a malformed query. */
export const handler = apiHandler('getMatrix', async (request) => {
  const { query, errors } = parseMatrixQuery(request.query);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return ok(matrixResource(request.links, await evaluateMatrix(request.services, query)));
});
