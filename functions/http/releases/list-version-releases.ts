import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { releasedVersionResource } from '#http/representations.ts';
import { listReleasesOfVersion } from '#services/releases.ts';

export const handler = readHandler('listVersionReleases', async (request) => {
  const { version, environment, releases } = await listReleasesOfVersion(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'environmentId'));
  return ok({
    _embedded: { releasedVersions: releases.map((release) => { const { _embedded: _omitted, ...rest } = releasedVersionResource(request.links, release); return rest; }) },
    _links: { self: { title: `Released versions for ${version.pacticipant} version ${version.number} in environment ${environment.displayName}`, href: request.requestUrl } },
  });
});
