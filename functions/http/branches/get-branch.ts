import { apiHandler, ok, param } from '#http/api-handler.ts';
import { branchResource } from '#http/representations.ts';
import { getBranch } from '#services/versions.ts';

export const handler = apiHandler('getBranch', async (request) =>
  ok(branchResource(request.links, await getBranch(request.services, param(request, 'pacticipant'), param(request, 'branch')))),
);
