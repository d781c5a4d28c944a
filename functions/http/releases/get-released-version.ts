import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { releasedVersionResource } from '#http/representations.ts';
import { getReleasedVersion } from '#services/releases.ts';
import { findEnvironment } from '#services/environments.ts';

export const handler = readHandler('getReleasedVersion', async (request) => {
  const record = await getReleasedVersion(request.services, param(request, 'releasedVersionId'));
  return ok(releasedVersionResource(request.links, record, await findEnvironment(request.services, record.environmentUuid)));
});
