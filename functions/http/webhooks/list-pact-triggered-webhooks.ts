import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { requestDescription, triggeredWebhooksCollection } from '#http/webhook-representations.ts';
import { deliverySchedule } from '#http/webhook-settings.ts';
import { triggeredByPublication } from '#services/webhook-executions.ts';

export const handler = readHandler('listPactTriggeredWebhooks', async (request) => {
  const consumer = param(request, 'consumer');
  const provider = param(request, 'provider');
  const version = param(request, 'version');
  const entries = await triggeredByPublication(request.services, provider, consumer, version);
  const named = entries.map((entry) => ({ triggered: entry.triggered, requestName: entry.webhook === undefined ? undefined : requestDescription(entry.webhook) }));
  return ok(triggeredWebhooksCollection(request.links, request.requestUrl, `Webhooks triggered by the publication of the pact between ${consumer} (${version}) and ${provider}`, named, deliverySchedule()));
});
