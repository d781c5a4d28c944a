import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { removeVersionFromBranch } from '#services/versions.ts';

export const handler = writeHandler('deleteBranchVersion', async (request) => {
  await removeVersionFromBranch(request.services, param(request, 'pacticipant'), param(request, 'branch'), param(request, 'version'));
  return noContent();
});
