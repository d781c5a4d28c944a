import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { environmentResource } from '#http/representations.ts';
import { updateEnvironment } from '#services/environments.ts';

/** A full replace; an unknown uuid is a 404 (PUT does not create). */
export const handler = writeHandler('updateEnvironment', async (request) =>
  ok(environmentResource(request.links, await updateEnvironment(request.services, param(request, 'environmentId'), request.body))),
);
