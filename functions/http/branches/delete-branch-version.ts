import { apiHandler, noContent, param } from '#http/api-handler.ts';
import { removeVersionFromBranch } from '#services/versions.ts';

export const handler = apiHandler('deleteBranchVersion', async (request) => {
  await removeVersionFromBranch(request.services, param(request, 'pacticipant'), param(request, 'branch'), param(request, 'version'));
  return noContent();
});
