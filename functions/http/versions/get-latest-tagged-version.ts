import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { versionResource } from '#http/representations.ts';
import { getLatestVersionDetails } from '#services/versions.ts';
import { getVersionLifecycle } from '#services/lifecycle.ts';

/** The tagged version with the greatest version order (not the tag created last). */
export const handler = readHandler('getLatestTaggedVersion', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const details = await getLatestVersionDetails(request.services, pacticipant, { tag: param(request, 'tag') });
  const lifecycle = await getVersionLifecycle(request.services, pacticipant, details.version.number);
  return ok(versionResource(request.links, details, lifecycle, request.requestUrl));
});
