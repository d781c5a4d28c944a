import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { versionResource } from '#http/representations.ts';
import { getVersionDetails } from '#services/versions.ts';
import { getVersionLifecycle } from '#services/lifecycle.ts';

export const handler = readHandler('getVersion', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const number = param(request, 'version');
  const [details, lifecycle] = await Promise.all([getVersionDetails(request.services, pacticipant, number), getVersionLifecycle(request.services, pacticipant, number)]);
  return ok(versionResource(request.links, details, lifecycle));
});
