import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deployedVersionResource } from '#http/representations.ts';
import { patchDeployedVersion } from '#services/deployments.ts';
import { findEnvironment } from '#services/environments.ts';

/** `{"currentlyDeployed": false}` records the undeployment; repeating it changes nothing; `true` is a 422. */
export const handler = writeHandler('patchDeployedVersion', async (request) => {
  const record = await patchDeployedVersion(request.services, param(request, 'deployedVersionId'), request.body);
  return ok(deployedVersionResource(request.links, record, await findEnvironment(request.services, record.environmentUuid)));
});
