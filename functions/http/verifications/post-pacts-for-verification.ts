import { apiHandler, ok, param } from '#http/api-handler.ts';
import { forVerificationResource } from '#http/for-verification-representation.ts';
import { pactVersionHref } from '#http/pact-representations.ts';
import { parseForVerification, pactsForVerification } from '#services/pacts-for-verification.ts';

/** The verifier's request: consumer version selectors, provider branch/tags, pending and WIP options. A read. */
export const handler = apiHandler('postPactsForVerification', async (request) => {
  const provider = param(request, 'provider');
  const pacts = await pactsForVerification(request.services, provider, parseForVerification(request.body), (publication, metadata) =>
    pactVersionHref(request.links, publication.consumer, publication.provider, publication.sha, metadata),
  );
  return ok(forVerificationResource(request.links, provider, pacts));
});
