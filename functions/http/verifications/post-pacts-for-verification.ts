import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { forVerificationResource } from '#http/for-verification-representation.ts';
import { forVerificationRequest } from '#http/requests/for-verification.ts';
import { pactsForVerification } from '#services/pacts-for-verification.ts';

/** The verifier's request: consumer version selectors, provider branch/tags, pending and WIP options. A read. */
export const handler = readHandler('postPactsForVerification', async (request) => {
  const provider = param(request, 'provider');
  const selection = forVerificationRequest(request.body);
  return ok(forVerificationResource(request.links, provider, selection, await pactsForVerification(request.services, provider, selection)));
});
