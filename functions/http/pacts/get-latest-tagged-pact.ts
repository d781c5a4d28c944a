import { param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { pactResource } from '#http/pact-representations.ts';
import { headerValue } from '#http/hal.ts';
import { getLatestPact } from '#services/pacts.ts';

/** The pact of the latest consumer version with the tag; `X-Pact-Consumer-Version` names that version. */
export const handler = readHandler('getLatestTaggedPact', async (request) => {
  const pact = await getLatestPact(request.services, param(request, 'provider'), param(request, 'consumer'), { tag: param(request, 'tag') });
  return { status: 200, headers: { 'X-Pact-Consumer-Version': headerValue(pact.publication?.consumerVersion ?? '') }, body: pactResource(request.links, pact) };
});
