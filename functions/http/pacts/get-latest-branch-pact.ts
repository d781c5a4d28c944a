import { param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pactLink, pactResource } from '#http/pact-representations.ts';
import { headerValue } from '#http/hal.ts';
import { getLatestPact } from '#services/pacts.ts';

/**
 * The pact of the head of the consumer branch. It also lists itself under `pb:pacts`, so `get-pacts --consumer C
 * --branch B --latest` (which reads a collection) works too.
 */
export const handler = readHandler('getLatestBranchPact', async (request) => {
  const pact = await getLatestPact(request.services, param(request, 'provider'), param(request, 'consumer'), { branch: param(request, 'branch') });
  const body = pactResource(request.links, pact);
  return {
    status: 200,
    headers: { 'X-Pact-Consumer-Version': headerValue(pact.publication?.consumerVersion ?? '') },
    body: { ...body, _links: { ...body._links, ...(pact.publication === undefined ? {} : { 'pb:pacts': [pactLink(request.links, pact.publication)] }) } },
  };
});
