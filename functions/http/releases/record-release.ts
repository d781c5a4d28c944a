import { param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { releasedVersionResource } from '#http/representations.ts';
import { recordRelease } from '#services/releases.ts';

/** 201 for a new release; 200 (same record and Location) when the version was already released there. */
export const handler = writeHandler('recordRelease', async (request) => {
  const { created, releasedVersion, environment } = await recordRelease(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'environmentId'));
  return {
    status: created ? 201 : 200,
    headers: { Location: request.links.url('released-versions', releasedVersion.uuid) },
    body: releasedVersionResource(request.links, releasedVersion, environment),
  };
});
