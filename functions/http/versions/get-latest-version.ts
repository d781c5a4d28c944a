import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { versionResource } from '#http/representations.ts';
import { getLatestVersionDetails } from '#services/versions.ts';
import { getVersionLifecycle } from '#services/lifecycle.ts';

/** The version created most recently; its `self` is the URL that was requested. */
export const handler = readHandler('getLatestVersion', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const details = await getLatestVersionDetails(request.services, pacticipant);
  const lifecycle = await getVersionLifecycle(request.services, pacticipant, details.version.number);
  return ok(versionResource(request.links, details, lifecycle, request.requestUrl));
});
