/** The API calls of the contract page (through ../api.ts, so only the browser loads this module). */
import { ApiError, getJson, path } from '../api.ts';
import type { HalLinks, MatrixResponse, MatrixRow } from '../model.ts';
import { linksOf } from '../model.ts';
import type { ComparisonResource, ProviderContractResource } from './comparison.ts';

export interface PactResource {
  readonly createdAt?: string;
  readonly _links?: HalLinks;
  readonly [key: string]: unknown;
}

export const pactPath = (consumer: string, provider: string, version: string): string => path('pacts', 'provider', provider, 'consumer', consumer, 'version', version);

export const loadPact = (consumer: string, provider: string, version: string, signal: AbortSignal): Promise<PactResource> => getJson<PactResource>(pactPath(consumer, provider, version), signal);

/** The pact content's SHA, from its permalink. */
export function pactShaOf(pact: PactResource): string | undefined {
  const link = linksOf(pact._links, 'pb:pact-version')[0];
  return link?.name ?? link?.href.split('/').pop();
}

export interface VerificationResource {
  readonly providerName?: string;
  readonly providerApplicationVersion: string;
  readonly success: boolean;
  readonly verificationDate: string;
  readonly buildUrl?: string;
}

export interface VerificationStatus {
  readonly latest: VerificationResource | null;
  readonly rows: readonly MatrixRow[];
  /** Why the matrix could not be read (the latest verification is still shown). */
  readonly matrixError?: Error;
}

/** The matrix query for this consumer version with this provider (one row per provider version). */
export const matrixQuery = (consumer: string, version: string, provider: string): string =>
  `q%5B%5D%5Bpacticipant%5D=${encodeURIComponent(consumer)}&q%5B%5D%5Bversion%5D=${encodeURIComponent(version)}&q%5B%5D%5Bpacticipant%5D=${encodeURIComponent(provider)}&latestby=cvpv`;

/** The latest verification of this content (none: a 404) and the matrix rows of this consumer version with the provider. */
export async function loadVerificationStatus(pact: PactResource, consumer: string, provider: string, version: string, signal: AbortSignal): Promise<VerificationStatus> {
  const latestLink = linksOf(pact._links, 'pb:latest-verification-results')[0];
  const latest = latestLink === undefined
    ? Promise.resolve(null)
    : getJson<VerificationResource>(latestLink.href, signal).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 404) return null;
        throw error;
      });
  const matrix = getJson<MatrixResponse>(`/matrix?${matrixQuery(consumer, version, provider)}`, signal).then(
    (response) => ({ rows: response.matrix.filter((row) => row.consumer.version.number === version && row.provider.name === provider) }),
    (error: Error) => ({ rows: [] as MatrixRow[], matrixError: error }),
  );
  const [latestResult, matrixResult] = await Promise.all([latest, matrix]);
  return { latest: latestResult, ...matrixResult };
}

/** The bi-directional rows: one per provider version whose contract this pact was (or is being) compared with. */
export const comparisonRows = (rows: readonly MatrixRow[]): MatrixRow[] =>
  rows
    .filter((row) => row.verificationType === 'BDCT' && row.provider.version !== null)
    .sort((a, b) => (b.verificationResult?.verifiedAt ?? '9').localeCompare(a.verificationResult?.verifiedAt ?? '9'));

export interface Comparison {
  readonly result: ComparisonResource;
  readonly contract: ProviderContractResource;
}

/** A comparison result (the row's link, else its address) and the provider contract it compared with. */
export async function loadComparison(row: MatrixRow, consumer: string, provider: string, sha: string | undefined, signal: AbortSignal): Promise<Comparison> {
  const providerVersion = row.provider.version?.number ?? '';
  const contractPath = path('contracts', 'provider', provider, 'version', providerVersion);
  const resultHref = linksOf(row.verificationResult?._links, 'self')[0]?.href ?? `${contractPath}${path('consumer', consumer, 'pact-version', sha ?? '')}/verification-results`;
  const [result, contract] = await Promise.all([getJson<ComparisonResource>(resultHref, signal), getJson<ProviderContractResource>(contractPath, signal)]);
  return { result, contract };
}

export interface PactVersionItem {
  readonly number: string;
  readonly createdAt: string;
}

/** Every version of this pact, newest first. */
export async function loadPactVersions(consumer: string, provider: string, signal: AbortSignal): Promise<PactVersionItem[]> {
  const body = await getJson<{ _embedded?: { pacts?: { createdAt: string; _embedded: { consumerVersion: { number: string } } }[] } }>(`${path('pacts', 'provider', provider, 'consumer', consumer, 'versions')}`, signal);
  return (body._embedded?.pacts ?? []).map((item) => ({ number: item._embedded.consumerVersion.number, createdAt: item.createdAt }));
}
