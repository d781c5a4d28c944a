import { apiHandler, ok, param } from '#http/api-handler.ts';
import { forVerificationResource } from '#http/for-verification-representation.ts';
import { parseForVerification, pactsForVerification } from '#services/pacts-for-verification.ts';

/** The verifier's request: consumer version selectors, provider branch/tags, pending and WIP options. A read. */
export const handler = apiHandler('postPactsForVerification', async (request) => {
  const provider = param(request, 'provider');
  const pacts = await pactsForVerification(request.services, provider, parseForVerification(request.body), (publication, metadata) =>
    request.links.url('pacts', 'provider', publication.provider, 'consumer', publication.consumer, 'pact-version', publication.sha, 'metadata', metadata),
  );
  return ok(forVerificationResource(request.links, provider, pacts));
});
