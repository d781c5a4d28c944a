import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { deployedVersionResource } from '#http/representations.ts';
import { listDeploymentsOfVersion } from '#services/deployments.ts';

export const handler = readHandler('listVersionDeployments', async (request) => {
  const { version, environment, deployments } = await listDeploymentsOfVersion(
    request.services,
    param(request, 'pacticipant'),
    param(request, 'version'),
    param(request, 'environmentId'),
  );
  return ok({
    _embedded: { deployedVersions: deployments.map((deployment) => { const { _embedded: _omitted, ...rest } = deployedVersionResource(request.links, deployment); return rest; }) },
    _links: { self: { title: `Deployed versions for ${version.pacticipant} version ${version.number} in environment ${environment.displayName}`, href: request.requestUrl } },
  });
});
