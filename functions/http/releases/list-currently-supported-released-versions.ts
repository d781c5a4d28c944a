import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { currentlySupportedCollection } from '#http/representations.ts';
import { listCurrentlySupported } from '#services/releases.ts';

/** `?pacticipant=` and `?version=` filter. */
export const handler = readHandler('listCurrentlySupportedReleasedVersions', async (request) => {
  const pacticipant = firstValue(request.query, 'pacticipant');
  const version = firstValue(request.query, 'version');
  const { environment, releases } = await listCurrentlySupported(request.services, param(request, 'environmentId'), {
    ...(pacticipant !== undefined && pacticipant !== '' ? { pacticipant } : {}),
    ...(version !== undefined && version !== '' ? { version } : {}),
  });
  return ok(currentlySupportedCollection(request.links, environment, releases, request.requestUrl));
});
