import { createdOrOk } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { readWebhookDefinition } from '#http/requests/webhook.ts';
import { webhookHref, webhookResource } from '#http/webhook-representations.ts';
import { webhookPolicy } from '#composition/webhook-delivery.ts';
import { createWebhook } from '#services/webhooks.ts';

/** As `pact-broker create-webhook` sends it (without both a consumer and a provider name). */
export const handler = writeHandler('createWebhook', async (request) => {
  const webhook = await createWebhook(request.services, readWebhookDefinition(request.body, webhookPolicy()));
  return createdOrOk(true, webhookHref(request.links, webhook.uuid), webhookResource(request.links, webhook));
});
