import { ok } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { latestPactsCollection } from '#http/pact-representations.ts';
import { listLatestPublications } from '#services/pacts.ts';

export const handler = readHandler('getLatestPactVersions', async (request) => ok(latestPactsCollection(request.links, await listLatestPublications(request.services))));
