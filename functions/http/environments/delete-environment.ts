import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deleteEnvironment } from '#services/environments.ts';

/** Also deletes what was deployed or released to the environment. */
export const handler = writeHandler('deleteEnvironment', async (request) => {
  await deleteEnvironment(request.services, param(request, 'environmentId'));
  return noContent();
});
