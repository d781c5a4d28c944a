import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { branchVersionResource } from '#http/representations.ts';
import { addVersionToBranch } from '#services/versions.ts';

/** The body is ignored (clients send `{}` or `{"name": branch}`); pacticipant, version and branch are created as needed. */
export const handler = writeHandler('putBranchVersion', async (request) => {
  const { created, branchVersion } = await addVersionToBranch(request.services, param(request, 'pacticipant'), param(request, 'branch'), param(request, 'version'));
  const body = branchVersionResource(request.links, branchVersion);
  return createdOrOk(created, body._links.self.href, body);
});
