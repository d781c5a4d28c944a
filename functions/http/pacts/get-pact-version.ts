import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pactResource } from '#http/pact-representations.ts';
import { getPactVersion } from '#services/pacts.ts';

/** A pact by its content hash: the permalink verifiers follow. */
export const handler = readHandler('getPactVersion', async (request) => {
  const pact = await getPactVersion(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'));
  return ok(pactResource(request.links, pact));
});
