import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { comparisonResource } from '#http/provider-contract-representations.ts';
import { getComparisonOf } from '#services/provider-contracts.ts';

/** The comparison of a consumer's pact content with a provider version's contract (null while it is being made). */
export const handler = readHandler('getComparisonResult', async (request) => {
  const consumer = param(request, 'consumer');
  const sha = param(request, 'sha');
  const { contract, result } = await getComparisonOf(request.services, param(request, 'provider'), param(request, 'version'), consumer, sha);
  return ok(comparisonResource(request.links, contract, result, consumer, sha));
});
