import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deleteVersion } from '#services/deletions.ts';

/** Deletes the version with its tags, branch memberships, deployments, releases, pacts and verification results. */
export const handler = writeHandler('deleteVersion', async (request) => {
  await deleteVersion(request.services, param(request, 'pacticipant'), param(request, 'version'));
  return noContent();
});
