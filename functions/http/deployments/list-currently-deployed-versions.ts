import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { currentlyDeployedCollection } from '#http/representations.ts';
import { listCurrentlyDeployed } from '#services/deployments.ts';

/**
 * `?pacticipant=` filters on one application; `?applicationInstance=` (legacy `target=`) on one instance, where an
 * empty value means "no instance", so it is read from the raw query (present-but-empty differs from absent).
 */
export const handler = readHandler('listCurrentlyDeployedVersions', async (request) => {
  const pacticipant = firstValue(request.query, 'pacticipant');
  const instance = firstValue(request.query, 'applicationInstance') ?? firstValue(request.query, 'target');
  const { environment, deployments } = await listCurrentlyDeployed(request.services, param(request, 'environmentId'), {
    ...(pacticipant !== undefined && pacticipant !== '' ? { pacticipant } : {}),
    ...(instance !== undefined ? { applicationInstance: instance === '' ? null : instance } : {}),
  });
  return ok(currentlyDeployedCollection(request.links, environment, deployments, request.requestUrl));
});
