import { apiHandler, ok } from '#http/api-handler.ts';
import { latestPactsCollection } from '#http/pact-representations.ts';
import { listLatestPublications } from '#services/pacts.ts';

export const handler = apiHandler('getLatestPactVersions', async (request) => ok(latestPactsCollection(request.links, await listLatestPublications(request.services))));
