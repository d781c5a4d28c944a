/**
 * Bi-directional contract comparisons: which ones to pre-generate when a contract is published, enqueueing them
 * once, and running one (the worker's job).
 */
import type { ComparisonJob, PactPublication, ProviderContract } from '#domain/model.ts';
import { selectComparisonTargets, type CounterpartCandidate } from '#domain/comparisons/targets.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { comparisonLookupKey } from './ports.ts';

/** An enqueued comparison with no result after this long is enqueued again (its message was lost or dead-lettered). */
const REQUEST_STALE_AFTER_MS = 10 * 60 * 1000;


type Pair = Omit<ComparisonJob, 'tenant'>;

/** The pairs of `pairs` (each once) that have no comparison result yet. */
const uniquePairs = (pairs: readonly Pair[]): Pair[] => [...new Map(pairs.map((pair) => [comparisonLookupKey(pair.consumer, pair.provider, pair.pactSha, pair.oasSha), pair])).values()];

async function notYetCompared(context: ReadContext, pairs: readonly Pair[]): Promise<Pair[]> {
  const unique = uniquePairs(pairs);
  if (unique.length === 0) return [];
  const existing = await context.comparisons.findMany(unique);
  return unique.filter((pair) => !existing.has(comparisonLookupKey(pair.consumer, pair.provider, pair.pactSha, pair.oasSha)));
}

const jobOf = (context: ReadContext, pair: Pair): ComparisonJob => ({ tenant: context.tenantId, ...pair, ...(context.baseUrl === undefined ? {} : { baseUrl: context.baseUrl }) });

/**
 * Enqueues the comparisons not made yet, from a write route: each pair is claimed first, so concurrent publications
 * enqueue it once.
 */
export async function requestComparisons(context: ServiceContext, pairs: readonly Pair[]): Promise<number> {
  const missing = await notYetCompared(context, pairs);
  const now = nowOf(context);
  const claimed: ComparisonJob[] = [];
  for (const pair of missing) {
    if (await context.comparisons.claimRequest(pair, now, REQUEST_STALE_AFTER_MS)) claimed.push(jobOf(context, pair));
  }
  try {
    await context.comparisonQueue.send(claimed);
  } catch (error) {
    // Not sent: give the claims back so a retry (or can-i-deploy) enqueues them, rather than waiting for them to go stale.
    await Promise.all(claimed.map((job) => context.comparisons.releaseRequest(job)));
    throw error;
  }
  return claimed.length;
}

/**
 * Enqueues comparisons the caller has just found without a result, from a read route (can-i-deploy, a comparison's
 * resource), which may not write: it sends without claiming and without reading the results again; the queue's
 * deduplication and the worker's "already compared" check make duplicates cheap.
 */
export async function requestComparisonsFromRead(context: ReadContext, missing: readonly Pair[]): Promise<number> {
  const unique = uniquePairs(missing);
  await context.comparisonQueue.send(unique.map((pair) => jobOf(context, pair)));
  return unique.length;
}

/** The versions of each pacticipant deployed or released in any environment (one pacticipant's, or everyone's). */
async function liveVersions(context: ServiceContext, pacticipant?: string): Promise<Map<string, Set<string>>> {
  const environments = await context.environments.list();
  const live = new Map<string, Set<string>>();
  await Promise.all(
    environments.map(async (environment) => {
      const [deployed, released] = await Promise.all([
        context.deployments.listCurrent(environment.uuid, pacticipant),
        context.releases.listCurrent(environment.uuid, pacticipant),
      ]);
      for (const entry of [...deployed, ...released]) {
        const versionsOf = live.get(entry.pacticipant) ?? new Set<string>();
        versionsOf.add(entry.version);
        live.set(entry.pacticipant, versionsOf);
      }
    }),
  );
  return live;
}

/**
 * A pacticipant's versions that are likely to meet the new contract: deployed/released anywhere, branch heads.
 * `liveOfAll` (everyone's deployed and released versions, read once) spares a walk over many pacticipants the
 * per-environment reads.
 */
async function candidateVersions(context: ServiceContext, pacticipant: string, liveOfAll?: Promise<Map<string, Set<string>>>): Promise<{ version: string; deployedOrReleased: boolean; mainBranchHead: boolean; branchHead: boolean }[]> {
  const [liveByPacticipant, record, branches] = await Promise.all([
    liveOfAll ?? liveVersions(context, pacticipant),
    context.pacticipants.find(pacticipant),
    context.versions.listBranches(pacticipant),
  ]);
  const live = liveByPacticipant.get(pacticipant) ?? new Set<string>();
  const heads = await Promise.all(branches.map(async (branch) => ({ branch: branch.name, head: (await context.versions.findBranchHead(pacticipant, branch.name))?.version })));
  const byVersion = new Map<string, { version: string; deployedOrReleased: boolean; mainBranchHead: boolean; branchHead: boolean }>();
  const entry = (version: string) => byVersion.get(version) ?? { version, deployedOrReleased: false, mainBranchHead: false, branchHead: false };
  for (const version of live) byVersion.set(version, { ...entry(version), deployedOrReleased: true });
  for (const { branch, head } of heads) {
    if (head === undefined) continue;
    byVersion.set(head, { ...entry(head), branchHead: true, mainBranchHead: entry(head).mainBranchHead || branch === record?.mainBranch });
  }
  return [...byVersion.values()];
}

/** After a provider contract is published: compare it with the pacts of its consumers' likely versions. */
export async function comparisonsForProviderContract(context: ServiceContext, contract: ProviderContract): Promise<number> {
  const consumers = [...new Set((await context.pacts.listIntegrations()).filter((integration) => integration.provider === contract.provider).map((integration) => integration.consumer))];
  const pairs: Pair[] = [];
  // Consumers side by side (a provider may have hundreds), what is deployed and released read once for all of them.
  const live = liveVersions(context);
  await forEachBounded(consumers, CONSUMERS_IN_PARALLEL, async (consumer) => {
    const candidates = await candidateVersions(context, consumer, live);
    const publications = new Map(
      (await context.pacts.findPublications(candidates.map((candidate) => ({ consumer, consumerVersion: candidate.version, provider: contract.provider })))).map((publication) => [publication.consumerVersion, publication]),
    );
    const withPacts = candidates.flatMap((candidate): (CounterpartCandidate & { publication: PactPublication })[] => {
      const publication = publications.get(candidate.version);
      return publication === undefined ? [] : [{ ...candidate, publishedAt: publication.updatedAt ?? publication.createdAt, publication }];
    });
    for (const version of selectComparisonTargets(withPacts, nowOf(context), recentWindowDays())) {
      const publication = withPacts.find((candidate) => candidate.version === version)?.publication as PactPublication;
      pairs.push({ consumer, provider: contract.provider, pactSha: publication.sha, oasSha: contract.sha, providerVersion: contract.providerVersion });
    }
  });
  return requestComparisons(context, pairs);
}

const CONSUMERS_IN_PARALLEL = 8;

/** After a pact is published: compare it with the provider contracts of the provider's likely versions. */
export async function comparisonsForPact(context: ServiceContext, publication: PactPublication): Promise<number> {
  const candidates = await candidateVersions(context, publication.provider);
  const found = new Map((await context.providerContracts.findMany(candidates.map((candidate) => ({ provider: publication.provider, version: candidate.version })))).map((contract) => [contract.providerVersion, contract]));
  const withContracts = candidates.flatMap((candidate) => {
    const contract = found.get(candidate.version);
    return contract === undefined ? [] : [{ ...candidate, publishedAt: contract.createdAt, contract }];
  });
  const pairs = selectComparisonTargets(withContracts, nowOf(context), recentWindowDays()).map((version) => ({
    consumer: publication.consumer,
    provider: publication.provider,
    pactSha: publication.sha,
    oasSha: (withContracts.find((candidate) => candidate.version === version)?.contract as ProviderContract).sha,
    providerVersion: version,
  }));
  return requestComparisons(context, pairs);
}

/** COMPARISON_RECENT_BRANCH_DAYS: how recent a feature branch head must be to be pre-compared (7 days by default). */
function recentWindowDays(): number {
  const configured = Number(process.env['COMPARISON_RECENT_BRANCH_DAYS']);
  return Number.isFinite(configured) && configured > 0 ? configured : 7;
}
