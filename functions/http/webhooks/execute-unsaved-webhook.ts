import { ok } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { readWebhookDefinition } from '#http/requests/webhook.ts';
import { testExecutionResource } from '#http/webhook-representations.ts';
import { deliverySettings, webhookPolicy } from '#composition/webhook-delivery.ts';
import { executeWebhookTest } from '#services/webhook-delivery.ts';

/** Tries a webhook body before saving it: checked as a creation is, then run as a saved one is tested. */
export const handler = writeHandler('executeUnsavedWebhook', async (request) => {
  const definition = readWebhookDefinition(request.body, webhookPolicy());
  const execution = await executeWebhookTest(request.services, definition, deliverySettings('interactive'));
  return ok(testExecutionResource(request.links, request.requestUrl, undefined, execution));
});
