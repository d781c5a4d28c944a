/**
 * The integrations of a tenant (`GET /integrations`): every consumer/provider pair with a pact, its latest pact, and
 * what that pact's content was last checked with (docs/rules.md §5.4). A bounded number of DynamoDB requests per
 * integration, never per history item: its latest publication and one page of its results index, then, only for an
 * integration whose latest content is not among those results, one page each of that content's verifications and
 * comparisons; the provider contracts the comparisons need are read in batches for all integrations at once.
 */
import type { PactPublication, PactVersionResult, ProviderContract } from '#domain/model.ts';
import { countedResult, integrationStatus, type CountedResult, type IntegrationStatus } from '#domain/integrations.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import type { ReadContext } from './context.ts';

export interface IntegrationSummary extends IntegrationStatus {
  readonly consumer: string;
  readonly provider: string;
  readonly latestPact: PactPublication;
}

/**
 * Results read per list (of the integration, of the latest content): a comparison that no longer counts (its provider
 * version is gone or has another contract) is skipped, so a few are read to find one that does.
 */
const RESULTS_LOOKED_AT = 5;
const INTEGRATIONS_IN_FLIGHT = 16;

const contractKey = (provider: string, version: string): string => JSON.stringify([provider, version]);

interface Pending {
  readonly latest: PactPublication;
  readonly ofIntegration: readonly PactVersionResult[];
  ofLatestContent?: readonly PactVersionResult[];
}

export async function listIntegrationSummaries(context: ReadContext): Promise<IntegrationSummary[]> {
  const integrations = await context.pacts.listIntegrations();
  const pending: Pending[] = [];
  await forEachBounded(integrations, INTEGRATIONS_IN_FLIGHT, async ({ consumer, provider }) => {
    const [latest, ofIntegration] = await Promise.all([
      context.pacts.findLatestPublication(consumer, provider),
      context.verifications.listNewestResultsOfIntegration(consumer, provider, RESULTS_LOOKED_AT),
    ]);
    // An integration whose pacts were all deleted is not listed.
    if (latest !== undefined) pending.push({ latest, ofIntegration });
  });

  const contracts = new Map<string, ProviderContract>();
  const loadContracts = async (results: readonly PactVersionResult[]) => {
    const wanted = results.flatMap((result) => (result.kind === 'comparison' && result.providerVersion !== undefined && !contracts.has(contractKey(result.provider, result.providerVersion)) ? [{ provider: result.provider, version: result.providerVersion }] : []));
    if (wanted.length === 0) return;
    for (const contract of await context.providerContracts.findMany(wanted)) contracts.set(contractKey(contract.provider, contract.providerVersion), contract);
  };
  const counted = (results: readonly PactVersionResult[]): CountedResult[] =>
    results.flatMap((result) => {
      const found = countedResult(result, result.kind === 'comparison' && result.providerVersion !== undefined ? contracts.get(contractKey(result.provider, result.providerVersion)) : undefined);
      return found === undefined ? [] : [found];
    });

  await loadContracts(pending.flatMap((entry) => entry.ofIntegration));
  // The latest content's own results, where the integration's newest do not include one that counts.
  const unresolved = pending.filter((entry) => !counted(entry.ofIntegration).some((result) => result.sha === entry.latest.sha));
  await forEachBounded(unresolved, INTEGRATIONS_IN_FLIGHT, async (entry) => {
    entry.ofLatestContent = await context.verifications.listNewestResultsOfPactVersion(entry.latest.consumer, entry.latest.provider, entry.latest.sha, RESULTS_LOOKED_AT);
  });
  await loadContracts(unresolved.flatMap((entry) => entry.ofLatestContent ?? []));

  return pending
    .map((entry) => ({
      consumer: entry.latest.consumer,
      provider: entry.latest.provider,
      latestPact: entry.latest,
      ...integrationStatus(entry.latest.sha, counted(entry.ofIntegration), counted(entry.ofLatestContent ?? [])),
    }))
    .sort((a, b) => a.consumer.localeCompare(b.consumer) || a.provider.localeCompare(b.provider));
}
