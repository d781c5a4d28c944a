import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { tagResource } from '#http/representations.ts';
import { getTag } from '#services/versions.ts';

export const handler = readHandler('getVersionTag', async (request) =>
  ok(tagResource(request.links, await getTag(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'tag')))),
);
