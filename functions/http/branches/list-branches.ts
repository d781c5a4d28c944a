import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { branchesCollection } from '#http/representations.ts';
import { listBranches } from '#services/versions.ts';

export const handler = readHandler('listBranches', async (request) => {
  const pacticipant = param(request, 'pacticipant');
  return ok(branchesCollection(request.links, pacticipant, await listBranches(request.services, pacticipant)));
});
