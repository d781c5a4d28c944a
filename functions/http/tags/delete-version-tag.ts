import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deleteTag } from '#services/versions.ts';

export const handler = writeHandler('deleteVersionTag', async (request) => {
  await deleteTag(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'tag'));
  return noContent();
});
