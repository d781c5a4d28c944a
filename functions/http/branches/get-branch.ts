import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { branchResource } from '#http/representations.ts';
import { getBranch } from '#services/versions.ts';

export const handler = readHandler('getBranch', async (request) =>
  ok(branchResource(request.links, await getBranch(request.services, param(request, 'pacticipant'), param(request, 'branch')))),
);
