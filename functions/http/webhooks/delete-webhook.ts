import { noContent, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deleteWebhook } from '#services/webhooks.ts';

/** Its executions stay (and read as belonging to a deleted webhook); pending retries stop. */
export const handler = writeHandler('deleteWebhook', async (request) => {
  await deleteWebhook(request.services, param(request, 'uuid'));
  return noContent();
});
