import { ok } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { matrixResource } from '#http/matrix-representation.ts';
import { matrixQuery } from '#http/requests/matrix.ts';
import { evaluateMatrix } from '#services/matrix.ts';

/** can-i-deploy and can-i-merge: 200 whatever the decision (it is `summary.deployable`), 400 for a malformed query. */
export const handler = readHandler('getMatrix', async (request) => ok(matrixResource(request.links, await evaluateMatrix(request.services, matrixQuery(request.query)))));
