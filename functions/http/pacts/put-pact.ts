import { createdOrOk, param } from '#http/api-handler.ts';
import { writeHandler } from '#http/write-handler.ts';
import { pactHref } from '#http/pact-representations.ts';
import { pactResource } from '#http/pact-representations.ts';
import { publishPactDocument } from '#services/contracts.ts';
import { getPactForConsumerVersion } from '#services/pacts.ts';

/** The older publication: the body is the pact itself. 201 new, 200 replaced or unchanged. */
export const handler = writeHandler('putPact', async (request) => {
  const provider = param(request, 'provider');
  const consumer = param(request, 'consumer');
  const version = param(request, 'version');
  const published = await publishPactDocument(request.services, consumer, provider, version, JSON.stringify(request.body));
  const pact = await getPactForConsumerVersion(request.services, provider, consumer, version);
  return createdOrOk(published.outcome === 'created', pactHref(request.links, published.publication), pactResource(request.links, pact));
});
