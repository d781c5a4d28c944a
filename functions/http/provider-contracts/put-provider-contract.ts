import { param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { providerContractHref } from '#http/provider-contract-representations.ts';
import { publishProviderContract } from '#services/provider-contracts.ts';
import { readLegacyProviderContractRequest } from '#http/requests/provider-contract.ts';

/** The older publication the Ruby client falls back to: 201, with a link to the contract. */
export const handler = writeHandler('putProviderContract', async (request) => {
  const provider = param(request, 'provider');
  const version = param(request, 'version');
  await publishProviderContract(request.services, readLegacyProviderContractRequest(provider, version, request.body));
  const href = providerContractHref(request.links, provider, version);
  return { status: 201, headers: { Location: href }, body: { _links: { self: { href }, 'pf:ui': { href } } } };
});
