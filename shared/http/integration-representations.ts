/** HAL shape of the integrations collection (docs/wire-contract.md §11.6). */
import { formatTimestamp } from '#domain/time.ts';
import type { CountedResult } from '#domain/integrations.ts';
import type { IntegrationSummary } from '#services/integrations.ts';
import type { Links } from './hal.ts';
import { pactHref, verificationHref } from './pact-representations.ts';
import { comparisonHref } from './provider-contract-representations.ts';

const pacticipant = (links: Links, name: string) => ({ name, _links: { self: { href: links.pacticipant(name) } } });

function latestVerification(links: Links, integration: IntegrationSummary, result: CountedResult) {
  const { consumer, provider } = integration;
  const href =
    result.kind === 'verification'
      ? verificationHref(links, { consumer, provider, sha: result.sha, number: result.number })
      : comparisonHref(links, provider, result.providerVersion, consumer, result.sha);
  return {
    kind: result.kind,
    success: result.success,
    providerVersion: result.providerVersion,
    verifiedAt: formatTimestamp(result.at),
    _links: { self: { href } },
  };
}

export function integrationsCollection(links: Links, integrations: readonly IntegrationSummary[]) {
  return {
    _embedded: {
      integrations: integrations.map((integration) => ({
        consumer: pacticipant(links, integration.consumer),
        provider: pacticipant(links, integration.provider),
        latestPact: {
          consumerVersion: integration.latestPact.consumerVersion,
          pactVersionSha: integration.latestPact.sha,
          createdAt: formatTimestamp(integration.latestPact.updatedAt ?? integration.latestPact.createdAt),
          _links: { self: { href: pactHref(links, integration.latestPact) } },
        },
        verificationStatus: integration.status,
        ...(integration.result === undefined ? {} : { latestVerification: latestVerification(links, integration, integration.result) }),
      })),
    },
    _links: { self: { href: links.url('integrations'), title: 'Integrations' } },
  };
}
