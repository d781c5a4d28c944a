import { apiHandler, ok, param } from '#http/api-handler.ts';
import { pactResource } from '#http/pact-representations.ts';
import { getPactVersion } from '#services/pacts.ts';

/** A pact by its content hash: the permalink verifiers follow. */
export const handler = apiHandler('getPactVersion', async (request) => {
  const pact = await getPactVersion(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'));
  return ok(pactResource(request.links, pact));
});
