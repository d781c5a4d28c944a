import { apiHandler, ok, param } from '#http/api-handler.ts';
import { branchesCollection } from '#http/representations.ts';
import { listBranches } from '#services/versions.ts';

export const handler = apiHandler('listBranches', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  return ok(branchesCollection(request.links, pacticipant, await listBranches(request.services, pacticipant)));
});
