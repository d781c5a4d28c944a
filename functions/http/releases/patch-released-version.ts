import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { releasedVersionResource } from '#http/representations.ts';
import { patchReleasedVersion } from '#services/releases.ts';
import { findEnvironment } from '#services/environments.ts';

/** `{"currentlySupported": false}` records the end of support; repeating it changes nothing; `true` is a 422. */
export const handler = writeHandler('patchReleasedVersion', async (request) => {
  const record = await patchReleasedVersion(request.services, param(request, 'releasedVersionId'), request.body);
  return ok(releasedVersionResource(request.links, record, await findEnvironment(request.services, record.environmentUuid)));
});
