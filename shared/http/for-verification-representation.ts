/** The pacts-for-verification response (docs/wire-contract.md §12.2): every item carries `notices` (the verifier requires it). */
import type { PactToVerify } from '#services/pacts-for-verification.ts';
import type { ForVerificationRequest } from '#domain/verification/selectors.ts';
import { selectionShortDescription, verificationNotices, type VerificationNotice } from '#domain/messages.ts';
import type { Links } from './hal.ts';
import { encodePactMetadata } from '#domain/pact-metadata.ts';
import { pactTitle, pactVersionHref } from './pact-representations.ts';

/** The opaque token in the pact URL that says how it was selected (the verifier echoes it back when it publishes). */
export const selectionMetadata = (pact: PactToVerify): string =>
  encodePactMetadata({ cv: pact.publication.consumerVersion, ...(pact.wip ? { w: true } : {}), ...(pact.pending === undefined ? {} : { p: pact.pending }) });

export function forVerificationResource(links: Links, provider: string, request: ForVerificationRequest, pacts: readonly PactToVerify[], extraNotices: readonly VerificationNotice[] = []) {
  return {
    _embedded: {
      pacts: pacts.map((pact) => {
        const href = pactVersionHref(links, pact.publication.consumer, pact.publication.provider, pact.publication.sha, selectionMetadata(pact));
        return {
          shortDescription: selectionShortDescription(pact.reasons, pact.wip),
          verificationProperties: {
            ...(pact.pending === undefined ? {} : { pending: pact.pending }),
            ...(pact.wip ? { wip: true } : {}),
            notices: [...extraNotices, ...verificationNotices(pact, provider, request, href)],
          },
          _links: { self: { href, name: pactTitle(pact.publication.consumer, pact.publication.consumerVersion, pact.publication.provider) } },
        };
      }),
    },
    _links: { self: { href: `${links.url('pacts', 'provider', provider)}/for-verification`, title: 'Pacts to be verified' } },
  };
}
