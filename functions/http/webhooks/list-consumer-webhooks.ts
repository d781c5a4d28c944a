import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { webhooksCollection } from '#http/webhook-representations.ts';
import { listWebhooks } from '#services/webhooks.ts';

export const handler = readHandler('listConsumerWebhooks', async (request) => ok(webhooksCollection(request.links, request.requestUrl, await listWebhooks(request.services, { consumer: param(request, 'consumer') }))));
