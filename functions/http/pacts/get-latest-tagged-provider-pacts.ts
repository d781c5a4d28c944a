import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { providerPactsCollection } from '#http/pact-representations.ts';
import { listLatestPublications } from '#services/pacts.ts';
import { getPacticipant } from '#services/pacticipants.ts';

/** The pact of each consumer's latest version with the tag. */
export const handler = readHandler('getLatestTaggedProviderPacts', async (request) => {
  const provider = param(request, 'provider');
  const tag = param(request, 'tag');
  await getPacticipant(request.services, provider);
  const publications = await listLatestPublications(request.services, { provider, tag });
  return ok(providerPactsCollection(request.links, provider, publications, `Latest pact versions for the provider ${provider} with consumer version tag '${tag}'`, request.requestUrl));
});
