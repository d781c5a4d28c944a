import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { versionResource } from '#http/representations.ts';
import { createOrUpdateVersion } from '#services/versions.ts';
import { getVersionLifecycle } from '#services/lifecycle.ts';

/** Creates pacticipant and version as needed; given `tags` replace the version's tags. */
export const handler = writeHandler('putVersion', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  const number = param(request, 'version');
  const { created, details } = await createOrUpdateVersion(request.services, pacticipant, number, request.body, 'replace');
  const lifecycle = await getVersionLifecycle(request.services, pacticipant, number);
  return createdOrOk(created, request.links.version(pacticipant, number), versionResource(request.links, details, lifecycle));
});
