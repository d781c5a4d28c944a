/** HAL shapes of provider contracts and their comparison results (docs/wire-contract.md §15, docs/rules.md §8.2). */
import type { ComparisonResult, ProviderContract, Version } from '#domain/model.ts';
import { formatTimestamp } from '#domain/time.ts';
import type { Links } from './hal.ts';
import { providerContractNotices } from '#domain/messages.ts';

export const providerContractHref = (links: Links, provider: string, version: string): string => links.url('contracts', 'provider', provider, 'version', version);

export const comparisonHref = (links: Links, provider: string, providerVersion: string, consumer: string, pactSha: string): string =>
  `${providerContractHref(links, provider, providerVersion)}/consumer/${encodeURIComponent(consumer)}/pact-version/${encodeURIComponent(pactSha)}/verification-results`;

export function publicationOfProviderContractResource(links: Links, version: Version, request: { provider: string; branch?: string; tags: readonly string[] }, comparisonsRequested: number) {
  const versionHref = links.version(request.provider, version.number);
  return {
    notices: providerContractNotices(request.provider, version.number, comparisonsRequested),
    _embedded: { version: { number: version.number, _links: { self: { href: versionHref } } } },
    _links: {
      self: { href: providerContractHref(links, request.provider, version.number), title: 'Provider contract' },
      'pb:pacticipant-version-tags': request.tags.map((tag) => ({ title: 'Tag', name: tag, href: `${versionHref}/tags/${encodeURIComponent(tag)}` })),
      ...(request.branch === undefined ? {} : { 'pb:branch-version': { title: 'Branch version', name: request.branch, href: links.url('pacticipants', request.provider, 'branches', request.branch, 'versions', version.number) } }),
    },
  };
}

export function providerContractResource(links: Links, contract: ProviderContract, text: string) {
  return {
    provider: contract.provider,
    providerVersion: contract.providerVersion,
    specification: contract.specification,
    contentType: contract.contentType,
    content: text,
    sha: contract.sha,
    ...(contract.selfVerification === undefined ? {} : { selfVerificationResults: contract.selfVerification }),
    createdAt: formatTimestamp(contract.createdAt),
    _links: {
      self: { href: providerContractHref(links, contract.provider, contract.providerVersion), title: 'Provider contract' },
      'pb:pacticipant-version': { href: links.version(contract.provider, contract.providerVersion), title: 'Provider version' },
    },
  };
}

/** PactFlow's shape: the cross-contract (comparison) result and the provider's self-verification, and both together. */
export function comparisonResource(links: Links, contract: ProviderContract, result: ComparisonResult | undefined, consumer: string, pactSha: string) {
  const selfSuccess = contract.selfVerification?.success ?? false;
  return {
    summary: { success: result === undefined ? null : result.success && selfSuccess, ...(result === undefined ? { status: 'pending' } : {}) },
    crossContractVerificationResults:
      result === undefined
        ? null
        : {
            success: result.success,
            results: {
              errors: result.errors,
              warnings: result.warnings,
              ...(result.success ? {} : { failureReason: `Mock file "pact" is not compatible with spec file "oas"` }),
            },
            verificationDate: formatTimestamp(result.comparedAt),
            verifier: result.engine,
            verifierVersion: result.engineVersion,
          },
    providerContractVerificationResults: { success: selfSuccess, ...(contract.selfVerification ?? {}) },
    _links: {
      self: { href: comparisonHref(links, contract.provider, contract.providerVersion, consumer, pactSha), title: 'Comparison of a pact with a provider contract' },
      'pb:provider-contract': { href: providerContractHref(links, contract.provider, contract.providerVersion) },
    },
  };
}
