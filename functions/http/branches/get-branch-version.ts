import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { branchVersionResource } from '#http/representations.ts';
import { getBranchVersion } from '#services/versions.ts';

export const handler = readHandler('getBranchVersion', async (request) =>
  ok(branchVersionResource(request.links, await getBranchVersion(request.services, param(request, 'pacticipant'), param(request, 'branch'), param(request, 'version')))),
);
