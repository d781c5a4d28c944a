import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { webhookResource } from '#http/webhook-representations.ts';
import { getWebhook } from '#services/webhooks.ts';

export const handler = readHandler('getWebhook', async (request) => ok(webhookResource(request.links, await getWebhook(request.services, param(request, 'uuid')))));
