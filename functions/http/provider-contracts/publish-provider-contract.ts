import { ok, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { publicationOfProviderContractResource } from '#http/provider-contract-representations.ts';
import { publishProviderContract } from '#services/provider-contracts.ts';
import { readProviderContractRequest } from '#http/requests/provider-contract.ts';

/** As `pactflow publish-provider-contract` sends it; comparisons with the consumers' likely pacts are queued. */
export const handler = writeHandler('publishProviderContract', async (request) => {
  const contractRequest = readProviderContractRequest(param(request, 'provider'), request.body);
  const { version, comparisonsRequested } = await publishProviderContract(request.services, contractRequest);
  return ok(publicationOfProviderContractResource(request.links, version, contractRequest, comparisonsRequested));
});
