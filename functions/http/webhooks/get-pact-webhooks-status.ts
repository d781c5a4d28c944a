import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pactWebhookStatusResource } from '#http/webhook-representations.ts';
import { deliverySchedule } from '#http/webhook-settings.ts';
import { pactWebhookStatus } from '#services/webhook-executions.ts';

export const handler = readHandler('getPactWebhooksStatus', async (request) => {
  const consumer = param(request, 'consumer');
  const provider = param(request, 'provider');
  const entries = await pactWebhookStatus(request.services, provider, consumer);
  return ok(pactWebhookStatusResource(request.links, request.requestUrl, consumer, provider, entries, deliverySchedule()));
});
