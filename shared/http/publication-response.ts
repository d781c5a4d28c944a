/** The response to a contract publication: what the CLI prints (notices), mirrored as the deprecated `logs`. */
import type { Notice, PublicationRequest, PublishedPact } from '#services/contracts.ts';
import type { Version } from '#domain/model.ts';
import type { Links } from './hal.ts';
import { pactHref, pactTitle } from './pact-representations.ts';

function versionNotice(request: PublicationRequest, created: boolean): string {
  const parts: string[] = [];
  if (request.branch !== undefined) parts.push(`with branch ${request.branch}`);
  if (request.tags.length > 0) parts.push(`${parts.length > 0 ? 'and ' : 'with '}tags ${request.tags.join(', ')}`);
  return `${created ? 'Created' : 'Updated'} ${request.pacticipant} version ${request.version}${parts.length > 0 ? ` ${parts.join(' ')}` : ''}`;
}

function pactNotice(published: PublishedPact): string {
  const { consumer, consumerVersion, provider } = published.publication;
  switch (published.outcome) {
    case 'created':
      return `Pact successfully published for ${consumer} version ${consumerVersion} and provider ${provider}.`;
    case 'unchanged':
      return `Pact successfully republished for ${consumer} version ${consumerVersion} and provider ${provider} with no content changes.`;
    case 'overwritten':
      return `Pact with changed content published over existing content for ${consumer} version ${consumerVersion} and provider ${provider}. This is not recommended in normal circumstances as it may cause unexpected results, because can-i-deploy may rely on results for the earlier content.`;
    case 'merged':
      return `Pact content merged with existing content for ${consumer} version ${consumerVersion} and provider ${provider}.`;
  }
}

export function publicationResponse(links: Links, request: PublicationRequest, result: { version: Version; versionCreated: boolean; published: PublishedPact[] }) {
  const consumer = request.pacticipant;
  const notices: Notice[] = [{ type: 'debug', text: versionNotice(request, result.versionCreated) }];
  if (request.branch === undefined) {
    notices.push({ type: 'prompt', text: '  Next steps:\n    Configure the version branch to be the value of your repository branch.' });
  }
  for (const published of result.published) {
    notices.push({ type: published.outcome === 'overwritten' ? 'warning' : 'success', text: pactNotice(published) });
    notices.push({ type: 'debug', text: `  View the published pact at ${pactHref(links, published.publication)}` });
  }
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
