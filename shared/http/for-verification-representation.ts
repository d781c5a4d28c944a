/** The pacts-for-verification response (docs/wire-contract.md §12.2): every item carries `notices` (the verifier requires it). */
import type { PactToVerify } from '#services/pacts-for-verification.ts';
import type { Links } from './hal.ts';
import { pactTitle } from './pact-representations.ts';

export function forVerificationResource(links: Links, provider: string, pacts: readonly PactToVerify[], extraNotices: readonly { when: string; text: string }[] = []) {
  return {
    _embedded: {
      pacts: pacts.map((pact) => ({
        shortDescription: pact.shortDescription,
        verificationProperties: {
          ...(pact.pending === undefined ? {} : { pending: pact.pending }),
          ...(pact.wip ? { wip: true } : {}),
          notices: [...extraNotices, ...pact.notices],
        },
        _links: {
          self: {
            href: pact.href,
            name: pactTitle(pact.publication.consumer, pact.publication.consumerVersion, pact.publication.provider),
          },
        },
      })),
    },
    _links: { self: { href: `${links.url('pacts', 'provider', provider)}/for-verification`, title: 'Pacts to be verified' } },
  };
}
