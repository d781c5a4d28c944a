import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { readWebhookDefinition } from '#http/requests/webhook.ts';
import { webhookHref, webhookResource } from '#http/webhook-representations.ts';
import { webhookPolicy } from '#composition/webhook-delivery.ts';
import { saveWebhook } from '#services/webhooks.ts';

/** `pact-broker create-or-update-webhook`: 201 with the caller's uuid, 200 when it replaced one. */
export const handler = writeHandler('putWebhook', async (request) => {
  const { webhook, created } = await saveWebhook(request.services, param(request, 'uuid'), readWebhookDefinition(request.body, webhookPolicy()));
  return createdOrOk(created, webhookHref(request.links, webhook.uuid), webhookResource(request.links, webhook));
});
