import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { providerContractResource } from '#http/provider-contract-representations.ts';
import { getProviderContract } from '#services/provider-contracts.ts';

export const handler = readHandler('getProviderContract', async (request) => {
  const { contract, text } = await getProviderContract(request.services, param(request, 'provider'), param(request, 'version'));
  return ok(providerContractResource(request.links, contract, text));
});
