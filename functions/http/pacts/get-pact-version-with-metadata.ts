import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pactResource } from '#http/pact-representations.ts';
import { getPactVersion } from '#services/pacts.ts';

/** As the permalink, keeping the metadata segment in the link the verifier posts its result to. */
export const handler = readHandler('getPactVersionWithMetadata', async (request) => {
  const pact = await getPactVersion(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'));
  return ok(pactResource(request.links, pact, { metadata: param(request, 'metadata') }));
});
