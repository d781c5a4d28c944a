import { apiHandler, noContent, param } from '#http/api-handler.ts';
import { deleteTag } from '#services/versions.ts';

export const handler = apiHandler('deleteVersionTag', async (request) => {
  await deleteTag(request.services, param(request, 'pacticipant'), param(request, 'version'), param(request, 'tag'));
  return noContent();
});
