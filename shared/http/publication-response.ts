/** The response to a contract publication: what the CLI prints (notices), mirrored as the deprecated `logs`. */
import type { PublicationRequest, PublishedPact } from '#services/contracts.ts';
import { publicationNotices } from '#domain/messages.ts';
import type { Version } from '#domain/model.ts';
import type { Links } from './hal.ts';
import { pactHref, pactTitle } from './pact-representations.ts';

export function publicationResponse(links: Links, request: PublicationRequest, result: { version: Version; versionCreated: boolean; published: PublishedPact[] }) {
  const consumer = request.pacticipant;
  const notices = publicationNotices(request, result, (published) => pactHref(links, published.publication));
  const versionHref = links.version(consumer, result.version.number);
  return {
    notices,
    logs: notices.map((notice) => ({ level: notice.type, message: notice.text, deprecationWarning: 'Replaced by notices' })),
    _embedded: {
      pacticipant: { name: consumer, _links: { self: { href: links.pacticipant(consumer) } } },
      version: { number: result.version.number, _links: { self: { title: 'Version', name: result.version.number, href: versionHref } } },
    },
    _links: {
      'pb:pacticipant': { title: 'Pacticipant', name: consumer, href: links.pacticipant(consumer) },
      'pb:pacticipant-version': { title: 'Pacticipant version', name: result.version.number, href: versionHref },
      'pb:pacticipant-version-tags': request.tags.map((tag) => ({ title: 'Tag', name: tag, href: `${versionHref}/tags/${encodeURIComponent(tag)}` })),
      'pb:contracts': result.published.map((published) => ({
        title: 'Pact',
        name: pactTitle(published.publication.consumer, published.publication.consumerVersion, published.publication.provider),
        href: pactHref(links, published.publication),
      })),
    },
  };
}
