import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { versionResource } from '#http/representations.ts';
import { createOrUpdateVersion } from '#services/versions.ts';
import { getVersionLifecycle } from '#services/lifecycle.ts';

/** Creates pacticipant and version as needed; given `tags` are added to the version's tags. */
export const handler = writeHandler('patchVersion', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const number = param(request, 'version');
  const { created, details } = await createOrUpdateVersion(request.services, pacticipant, number, request.body, 'merge');
  const lifecycle = await getVersionLifecycle(request.services, pacticipant, number);
  return createdOrOk(created, request.links.version(pacticipant, number), versionResource(request.links, details, lifecycle));
});
