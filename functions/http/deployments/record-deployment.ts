import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { deployedVersionResource } from '#http/representations.ts';
import { recordDeployment } from '#services/deployments.ts';

/**
 * Body `{}` or `{"applicationInstance": "blue"}` (legacy `target`). Always 201, as the reference answers, also when
 * the version already was the current deployment of that slot (then the existing record is returned).
 */
export const handler = writeHandler('recordDeployment', async (request) => {
  const { deployedVersion, environment } = await recordDeployment(
    request.services,
    param(request, 'pacticipant'),
    param(request, 'version'),
    param(request, 'environmentId'),
    request.body,
  );
  return createdOrOk(true, request.links.url('deployed-versions', deployedVersion.uuid), deployedVersionResource(request.links, deployedVersion, environment));
});
