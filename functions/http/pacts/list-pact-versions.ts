import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { firstValue } from '#http/query.ts';
import { formatTimestamp } from '#domain/time.ts';
import { pactHref, pactLink } from '#http/pact-representations.ts';
import { listPactVersions } from '#services/pacts.ts';
import { readPageSize } from '#services/versions.ts';
import { getPacticipant } from '#services/pacticipants.ts';

/** All versions of the pact between a consumer and a provider, newest first (`size`, 100 by default). */
export const handler = readHandler('listPactVersions', async (request) => {
  const provider = param(request, 'provider');
  const consumer = param(request, 'consumer');
  await Promise.all([getPacticipant(request.services, provider), getPacticipant(request.services, consumer)]);
  const publications = await listPactVersions(request.services, provider, consumer, readPageSize(firstValue(request.query, 'size'), 100));
  return ok({
    _embedded: {
      pacts: publications.map((publication) => ({
        createdAt: formatTimestamp(publication.updatedAt ?? publication.createdAt),
        _embedded: { consumerVersion: { number: publication.consumerVersion, _links: { self: { href: request.links.version(consumer, publication.consumerVersion) } } } },
        _links: { self: { href: pactHref(request.links, publication), title: 'Pact' } },
      })),
    },
    _links: {
      self: { href: request.requestUrl, title: `All versions of the pact between ${consumer} and ${provider}` },
      consumer: { href: request.links.pacticipant(consumer), title: consumer },
      provider: { href: request.links.pacticipant(provider), title: provider },
      'pact-versions': publications.map((publication) => ({ href: pactHref(request.links, publication), title: 'Pact', name: publication.consumerVersion })),
      'pb:pacts': publications.map((publication) => pactLink(request.links, publication)),
    },
  });
});
