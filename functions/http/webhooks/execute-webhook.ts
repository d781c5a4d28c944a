import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { testExecutionResource } from '#http/webhook-representations.ts';
import { deliverySettings } from '#composition/webhook-delivery.ts';
import { getWebhook } from '#services/webhooks.ts';
import { executeWebhookTest } from '#services/webhook-delivery.ts';

/** `pact-broker test-webhook`: runs it now; 200 whatever the receiver answered (docs/webhooks.md §1.4). */
export const handler = writeHandler('executeWebhook', async (request) => {
  const webhook = await getWebhook(request.services, param(request, 'uuid'));
  const execution = await executeWebhookTest(request.services, webhook, deliverySettings('interactive'));
  return ok(testExecutionResource(request.links, request.requestUrl, webhook.uuid, execution));
});
