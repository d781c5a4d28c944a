import { ok } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { matrixResource } from '#http/matrix-representation.ts';
import { canIDeployQuery } from '#http/requests/matrix.ts';
import { evaluateMatrix } from '#services/matrix.ts';

/** `?pacticipant=&version=&environment=` (or `&to=TAG`): the matrix for one version, every environment entry checked. */
export const handler = readHandler('canIDeploy', async (request) => ok(matrixResource(request.links, await evaluateMatrix(request.services, canIDeployQuery(request.query)))));
