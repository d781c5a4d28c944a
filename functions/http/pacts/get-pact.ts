import { apiHandler, ok, param } from '#http/api-handler.ts';
import { pactResource } from '#http/pact-representations.ts';
import { getPactForConsumerVersion } from '#services/pacts.ts';

export const handler = apiHandler('getPact', async (request) => {
  const pact = await getPactForConsumerVersion(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'version'));
  return ok(pactResource(request.links, pact));
});
