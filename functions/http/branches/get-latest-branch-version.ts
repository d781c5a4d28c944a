import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { versionResource } from '#http/representations.ts';
import { getLatestVersionDetails } from '#services/versions.ts';
import { getVersionLifecycle } from '#services/lifecycle.ts';

/** The head of the branch: the version most recently added to it. */
export const handler = readHandler('getLatestBranchVersion', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const details = await getLatestVersionDetails(request.services, pacticipant, { branch: param(request, 'branch') });
  const lifecycle = await getVersionLifecycle(request.services, pacticipant, details.version.number);
  return ok(versionResource(request.links, details, lifecycle, request.requestUrl));
});
