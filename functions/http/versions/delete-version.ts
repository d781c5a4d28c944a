import { apiHandler, noContent, param } from '#http/api-handler.ts';
import { deleteVersion } from '#services/deletions.ts';

/** Deletes the version with its tags, branch memberships, deployments, releases, pacts and verification results. */
export const handler = apiHandler('deleteVersion', async (request) => {
  await deleteVersion(request.services, param(request, 'pacticipant'), param(request, 'version'));
  return noContent();
});
