/**
 * The verification status of an integration (docs/rules.md §5.4): what its latest pact's content was last checked
 * with, by a verification result or by a bi-directional comparison. Pure: the service fetches the results.
 */
import type { PactVersionResult, ProviderContract } from './model.ts';

export type VerificationStatus = 'success' | 'failed' | 'stale' | 'unverified';

/** A result as it counts for an integration: a comparison's success includes the provider's self-verification. */
export type CountedResult =
  | { readonly kind: 'verification'; readonly sha: string; readonly number: number; readonly providerVersion: string; readonly success: boolean; readonly at: string }
  | { readonly kind: 'comparison'; readonly sha: string; readonly oasSha: string; readonly providerVersion: string; readonly success: boolean; readonly at: string };

/**
 * How a result counts: a verification as it is. A comparison only while the provider version it was made for still
 * has that contract (`contract` is that version's, if any): it then succeeds exactly when the comparison found no error
 * and the provider's self-verification succeeded, as a bi-directional row of can-i-deploy does (§8.5). A comparison
 * that names no provider version (made before comparisons recorded it), or whose provider version is gone or has
 * published another contract since, does not count.
 */
export function countedResult(result: PactVersionResult, contract: ProviderContract | undefined): CountedResult | undefined {
  if (result.kind === 'verification') {
    return { kind: 'verification', sha: result.sha, number: result.number, providerVersion: result.providerVersion, success: result.success, at: result.at };
  }
  if (result.providerVersion === undefined || contract === undefined) return undefined;
  if (contract.provider !== result.provider || contract.providerVersion !== result.providerVersion || contract.sha !== result.oasSha) return undefined;
  return {
    kind: 'comparison',
    sha: result.sha,
    oasSha: result.oasSha,
    providerVersion: result.providerVersion,
    success: result.success && contract.selfVerification?.success === true,
    at: result.at,
  };
}

export interface IntegrationStatus {
  readonly status: VerificationStatus;
  /** The result the status comes from (an earlier content's, when stale). */
  readonly result?: CountedResult;
}

/**
 * The status from the newest results, each list newest first and holding only results that count: `ofIntegration`,
 * the integration's newest (any content), and `ofLatestContent`, the latest pact content's newest (needed only when
 * `ofIntegration` holds none of it: a result of that content older than every listed one of the integration).
 *
 * - the newest result of the latest pact's content decides: `success` or `failed`;
 * - without one, the integration's newest result (of an earlier content) makes it `stale`;
 * - without any, `unverified`.
 */
export function integrationStatus(latestSha: string, ofIntegration: readonly CountedResult[], ofLatestContent: readonly CountedResult[] = []): IntegrationStatus {
  const own = ofIntegration.find((result) => result.sha === latestSha) ?? ofLatestContent.find((result) => result.sha === latestSha);
  if (own !== undefined) return { status: own.success ? 'success' : 'failed', result: own };
  const earlier = ofIntegration.find((result) => result.sha !== latestSha);
  return earlier === undefined ? { status: 'unverified' } : { status: 'stale', result: earlier };
}
