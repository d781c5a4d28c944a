import { apiHandler, ok } from '#http/api-handler.ts';
import { matrixResource } from '#http/matrix-representation.ts';
import { ValidationFailed } from '#domain/errors.ts';
import { parseCanIDeployQuery } from '#domain/matrix/query.ts';
import { evaluateMatrix } from '#services/matrix.ts';

/** `?pacticipant=&version=&environment=` (or `&to=TAG`): the matrix for one version, every environment entry checked. */
export const handler = apiHandler('canIDeploy', async (request) => {
  const { query, errors } = parseCanIDeployQuery(request.query);
  if (Object.keys(errors).length > 0) throw new ValidationFailed(errors);
  return ok(matrixResource(request.links, await evaluateMatrix(request.services, query)));
});
