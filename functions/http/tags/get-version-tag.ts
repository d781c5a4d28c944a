import { apiHandler, ok, param } from '#http/api-handler.ts';
import { tagResource } from '#http/representations.ts';
import { getTag } from '#services/versions.ts';

export const handler = apiHandler('getVersionTag', async (request) =>
  ok(tagResource(request.links, await getTag(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'tag')))),
);
