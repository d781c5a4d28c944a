import { apiHandler, ok, param } from '#http/api-handler.ts';
import { environmentResource } from '#http/representations.ts';
import { getEnvironment } from '#services/environments.ts';

export const handler = apiHandler('getEnvironment', async (request) =>
  ok(environmentResource(request.links, await getEnvironment(request.services, param(request, 'environmentId')))),
);
