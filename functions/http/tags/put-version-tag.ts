import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { tagResource } from '#http/representations.ts';
import { tagVersion } from '#services/versions.ts';

/** The body is ignored (clients send `{}` or `{"name": tag}`); pacticipant and version are created as needed. */
export const handler = writeHandler('putVersionTag', async (request) => {
  const { created, tag } = await tagVersion(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'tag'));
  const body = tagResource(request.links, tag);
  return createdOrOk(created, body._links.self.href, body);
});
