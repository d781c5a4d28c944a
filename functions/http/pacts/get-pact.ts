import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pactResource } from '#http/pact-representations.ts';
import { getPactForConsumerVersion } from '#services/pacts.ts';

export const handler = readHandler('getPact', async (request) => {
  const pact = await getPactForConsumerVersion(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'version'));
  return ok(pactResource(request.links, pact));
});
