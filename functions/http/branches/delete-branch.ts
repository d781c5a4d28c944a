import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deleteBranch } from '#services/versions.ts';

/** Removes the branch and its version links, not the versions. */
export const handler = writeHandler('deleteBranch', async (request) => {
  await deleteBranch(request.services, param(request, 'pacticipant'), param(request, 'branch'));
  return noContent();
});
