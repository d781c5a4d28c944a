import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { environmentResource } from '#http/representations.ts';
import { getEnvironment } from '#services/environments.ts';

export const handler = readHandler('getEnvironment', async (request) =>
  ok(environmentResource(request.links, await getEnvironment(request.services, param(request, 'environmentId')))),
);
