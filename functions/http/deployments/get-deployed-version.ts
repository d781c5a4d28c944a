import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { deployedVersionResource } from '#http/representations.ts';
import { getDeployedVersion } from '#services/deployments.ts';
import { findEnvironment } from '#services/environments.ts';

export const handler = readHandler('getDeployedVersion', async (request) => {
  const record = await getDeployedVersion(request.services, param(request, 'deployedVersionId'));
  return ok(deployedVersionResource(request.links, record, await findEnvironment(request.services, record.environmentUuid)));
});
