import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { providerPactsCollection } from '#http/pact-representations.ts';
import { listLatestPublications } from '#services/pacts.ts';
import { getPacticipant } from '#services/pacticipants.ts';

/** The latest pact of each consumer of the provider (what a verifier without selectors fetches). */
export const handler = readHandler('getLatestProviderPacts', async (request) => {
  const provider = param(request, 'provider');
  await getPacticipant(request.services, provider);
  const publications = await listLatestPublications(request.services, { provider });
  return ok(providerPactsCollection(request.links, provider, publications, `Latest pact versions for the provider ${provider}`, request.requestUrl));
});
