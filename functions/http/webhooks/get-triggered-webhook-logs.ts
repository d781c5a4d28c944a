import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { triggeredLogsResource } from '#http/webhook-representations.ts';
import { webhookLog } from '#domain/messages.ts';
import { triggeredLogs } from '#services/webhook-executions.ts';

/** Plain text by default (every attempt's log, oldest first); HAL when asked for (docs/webhooks.md §4.4). */
export const handler = readHandler('getTriggeredWebhookLogs', async (request) => {
  const { triggered, attempts } = await triggeredLogs(request.services, param(request, 'triggeredId'));
  const accept = request.event.headers?.['accept'] ?? '';
  if (/json/i.test(accept)) return ok(triggeredLogsResource(request.links, request.requestUrl, triggered, attempts));
  const finished = attempts.filter((attempt) => attempt.finishedAt !== undefined);
  return { status: 200, text: finished.length === 0 ? webhookLog.notRunYet() : finished.map((attempt) => attempt.logs).join('\n') };
});
