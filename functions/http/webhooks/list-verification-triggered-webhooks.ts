import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { requestDescription, triggeredWebhooksCollection } from '#http/webhook-representations.ts';
import { deliverySchedule } from '#http/webhook-settings.ts';
import { triggeredByVerification } from '#services/webhook-executions.ts';

export const handler = readHandler('listVerificationTriggeredWebhooks', async (request) => {
  const number = param(request, 'verificationId');
  const entries = await triggeredByVerification(request.services, param(request, 'provider'), param(request, 'consumer'), param(request, 'sha'), number);
  const named = entries.map((entry) => ({ triggered: entry.triggered, requestName: entry.webhook === undefined ? undefined : requestDescription(entry.webhook) }));
  return ok(triggeredWebhooksCollection(request.links, request.requestUrl, `Webhooks triggered by the publication of verification result ${number}`, named, deliverySchedule()));
});
