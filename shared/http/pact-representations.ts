/** HAL shapes of pacts, pact collections and verification results (docs/wire-contract.md §11, §13). */
import { formatTimestamp } from '#domain/time.ts';
import type { PactPublication, VerificationResult } from '#domain/model.ts';
import type { PactWithContent } from '#services/pacts.ts';
import type { Links } from './hal.ts';

export const pactTitle = (consumer: string, consumerVersion: string | undefined, provider: string): string =>
  consumerVersion === undefined ? `Pact between ${consumer} and ${provider}` : `Pact between ${consumer} (${consumerVersion}) and ${provider}`;

export function pactHref(links: Links, publication: Pick<PactPublication, 'consumer' | 'provider' | 'consumerVersion'>): string {
  return links.url('pacts', 'provider', publication.provider, 'consumer', publication.consumer, 'version', publication.consumerVersion);
}

export function pactVersionHref(links: Links, consumer: string, provider: string, sha: string, metadata?: string): string {
  return links.url('pacts', 'provider', provider, 'consumer', consumer, 'pact-version', sha, ...(metadata === undefined ? [] : ['metadata', metadata]));
}

/** The pact JSON as published, with `createdAt` and the links verifiers and the CLIs follow. */
export function pactResource(links: Links, pact: PactWithContent, options: { metadata?: string; selfHref?: string } = {}) {
  const document = JSON.parse(pact.text) as Record<string, unknown>;
  const consumerVersion = pact.publication?.consumerVersion;
  const integration = links.url('pacts', 'provider', pact.provider, 'consumer', pact.consumer);
  const self = options.selfHref ?? (pact.publication ? pactHref(links, pact.publication) : pactVersionHref(links, pact.consumer, pact.provider, pact.sha, options.metadata));
  const pactVersion = pactVersionHref(links, pact.consumer, pact.provider, pact.sha);
  const consumerVersionHref = consumerVersion === undefined ? undefined : links.version(pact.consumer, consumerVersion);
  return {
    ...document,
    createdAt: formatTimestamp(pact.createdAt),
    _links: {
      self: { title: 'Pact', name: pactTitle(pact.consumer, consumerVersion, pact.provider), href: self },
      'pb:consumer': { title: 'Consumer', name: pact.consumer, href: links.pacticipant(pact.consumer) },
      ...(consumerVersion === undefined ? {} : { 'pb:consumer-version': { title: 'Consumer version', name: consumerVersion, href: consumerVersionHref } }),
      'pb:provider': { title: 'Provider', name: pact.provider, href: links.pacticipant(pact.provider) },
      'pb:pact-version': { title: 'Pact content version permalink', name: pact.sha, href: pactVersion },
      'pb:latest-pact-version': { title: 'Latest version of this pact', href: `${integration}/latest` },
      'pb:all-pact-versions': { title: 'All versions of this pact', href: `${integration}/versions` },
      'pb:latest-tagged-pact-version': { title: 'Latest tagged version of this pact', href: `${integration}/latest/{tag}`, templated: true },
      ...(consumerVersionHref === undefined ? {} : { 'pb:tag-version': { title: 'PUT to this resource to tag this consumer version', href: `${consumerVersionHref}/tags/{tag}`, templated: true } }),
      'pb:publish-verification-results': { title: 'Publish verification results', href: `${pactVersionHref(links, pact.consumer, pact.provider, pact.sha, options.metadata)}/verification-results` },
      'pb:latest-verification-results': { href: `${pactVersion}/verification-results/latest` },
      ...(consumerVersion === undefined
        ? {}
        : {
            'pb:matrix-for-consumer-version': {
              title: 'View matrix rows for the consumer version to which this pact belongs',
              href: `${links.base}/matrix?q%5B%5D%5Bpacticipant%5D=${encodeURIComponent(pact.consumer)}&q%5B%5D%5Bversion%5D=${encodeURIComponent(consumerVersion)}&latestby=cvpv`,
            },
          }),
      'pb:pact-webhooks': { title: `Webhooks for the pact between ${pact.consumer} and ${pact.provider}`, href: links.url('webhooks', 'provider', pact.provider, 'consumer', pact.consumer) },
      'pb:consumer-webhooks': { title: `Webhooks for all pacts with consumer ${pact.consumer}`, href: links.url('webhooks', 'consumer', pact.consumer) },
      ...(pact.publication === undefined ? {} : { 'pb:triggered-webhooks': { title: 'Webhooks triggered by the publication of this pact', href: `${pactHref(links, pact.publication)}/triggered-webhooks` } }),
      curies: [{ name: 'pb', href: `${links.base}/doc/{rel}?context=pact`, templated: true }],
    },
  };
}

export const pactLink = (links: Links, publication: PactPublication, deprecated = false) => ({
  href: pactHref(links, publication),
  title: `${deprecated ? 'DEPRECATED - please use the pb:pacts relation. ' : ''}${pactTitle(publication.consumer, publication.consumerVersion, publication.provider)}`,
  name: publication.consumer,
});

/** Provider-level collections: `pb:pacts` (and the deprecated `pacts` the verifier's legacy mode reads). */
export function providerPactsCollection(links: Links, provider: string, publications: readonly PactPublication[], title: string, selfHref: string) {
  return {
    _links: {
      self: { href: selfHref, title },
      'pb:provider': { href: links.pacticipant(provider), name: provider },
      'pb:pacts': publications.map((publication) => pactLink(links, publication)),
      provider: { href: links.pacticipant(provider), title: provider, name: 'DEPRECATED - please use the pb:provider relation' },
      pacts: publications.map((publication) => pactLink(links, publication, true)),
    },
  };
}

/** `GET /pacts/latest`: the latest pact of every integration. */
export function latestPactsCollection(links: Links, publications: readonly PactPublication[]) {
  const latestHref = (publication: PactPublication) => `${links.url('pacts', 'provider', publication.provider, 'consumer', publication.consumer)}/latest`;
  return {
    pacts: publications.map((publication) => ({
      createdAt: formatTimestamp(publication.updatedAt ?? publication.createdAt),
      _embedded: {
        consumer: {
          name: publication.consumer,
          _embedded: { version: { number: publication.consumerVersion, _links: { self: { title: 'Version', name: publication.consumerVersion, href: links.version(publication.consumer, publication.consumerVersion) } } } },
          _links: { self: { href: links.pacticipant(publication.consumer) } },
        },
        provider: { name: publication.provider, _links: { self: { href: links.pacticipant(publication.provider) } } },
      },
      _links: { self: [{ href: latestHref(publication) }, { href: pactHref(links, publication) }] },
    })),
    _links: {
      self: { href: links.url('pacts', 'latest') },
      'pb:pacts': publications.map((publication) => ({ href: latestHref(publication), title: `Latest pact between ${publication.consumer} and ${publication.provider}` })),
      pacts: publications.map((publication) => ({ href: latestHref(publication), title: `Latest pact between ${publication.consumer} and ${publication.provider}`, name: 'DEPRECATED - please use the pb:pacts relation' })),
      curies: [{ name: 'pb', href: `${links.base}/doc/{rel}?context=pacts`, templated: true }],
    },
  };
}

export function verificationHref(links: Links, result: Pick<VerificationResult, 'consumer' | 'provider' | 'sha' | 'number'>): string {
  return `${pactVersionHref(links, result.consumer, result.provider, result.sha)}/verification-results/${result.number}`;
}

export function verificationResource(links: Links, result: VerificationResult, testResults: unknown, consumerVersion?: string) {
  const pactName = pactTitle(result.consumer, consumerVersion, result.provider);
  return {
    providerName: result.provider,
    providerApplicationVersion: result.providerVersion,
    success: result.success,
    verificationDate: formatTimestamp(result.verifiedAt),
    ...(result.buildUrl === undefined ? {} : { buildUrl: result.buildUrl }),
    ...(testResults === undefined ? {} : { testResults }),
    ...(result.verifiedBy === undefined ? {} : { verifiedBy: result.verifiedBy }),
    _links: {
      self: { title: 'Verification result', name: `Verification result ${result.number} for ${pactName}`, href: verificationHref(links, result) },
      'pb:pact-version': { title: 'Pact', name: pactName, href: pactVersionHref(links, result.consumer, result.provider, result.sha) },
      'pb:triggered-webhooks': { title: 'Webhooks triggered by the publication of this verification result', href: `${verificationHref(links, result)}/triggered-webhooks` },
    },
  };
}

/** The body of a deleted pact, as the reference answers it: the index, and the integration's latest pact if one is left. */
export function pactDeletedResource(links: Links, provider: string, consumer: string, latest: PactPublication | undefined) {
  return {
    _links: {
      index: { href: links.base },
      ...(latest === undefined ? {} : { 'pb:latest-pact-version': { href: `${links.url('pacts', 'provider', provider, 'consumer', consumer)}/latest`, title: 'Latest pact' } }),
    },
  };
}
