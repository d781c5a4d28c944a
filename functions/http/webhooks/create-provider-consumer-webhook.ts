import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { readWebhookDefinition } from '#http/requests/webhook.ts';
import { webhookHref, webhookResource } from '#http/webhook-representations.ts';
import { webhookPolicy } from '#composition/webhook-delivery.ts';
import { createWebhook, scopeFromPath } from '#services/webhooks.ts';

/** The path names the pacticipants (each must exist: 404); a name in the body wins, as in the reference. */
export const handler = writeHandler('createProviderConsumerWebhook', async (request) => {
  const definition = await scopeFromPath(request.services, readWebhookDefinition(request.body, webhookPolicy()), { consumer: param(request, 'consumer'), provider: param(request, 'provider') });
  const webhook = await createWebhook(request.services, definition);
  return createdOrOk(true, webhookHref(request.links, webhook.uuid), webhookResource(request.links, webhook));
});
