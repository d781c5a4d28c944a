import { apiHandler, createdOrOk } from '#http/api-handler.ts';
import { environmentResource } from '#http/representations.ts';
import { createEnvironment } from '#services/environments.ts';

export const handler = apiHandler('createEnvironment', async (request) => {
  const environment = await createEnvironment(request.services, request.body);
  return createdOrOk(true, request.links.environment(environment.uuid), environmentResource(request.links, environment));
});
