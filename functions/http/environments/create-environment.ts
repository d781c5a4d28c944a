import { createdOrOk } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { environmentResource } from '#http/representations.ts';
import { createEnvironment } from '#services/environments.ts';

export const handler = writeHandler('createEnvironment', async (request) => {
  const environment = await createEnvironment(request.services, request.body);
  return createdOrOk(true, request.links.environment(environment.uuid), environmentResource(request.links, environment));
});
