/**
 * Pacts for verification (`POST /pacts/provider/{p}/for-verification`): which pacts a provider build must verify,
 * why, and whether each is pending (docs/rules.md §6). Each consumer version selector has a resolver that reads what
 * it needs; the pure step `groupSelections` orders and merges their candidates; the HTTP layer words the notices.
 * Undeployed or support-ended versions stop being selected at once: the deployed and released selectors read the
 * "currently deployed/supported" pointers.
 */
import type { Environment, PactPublication, Version } from '#domain/model.ts';
import { NotFound, ValidationMessages } from '#domain/errors.ts';
import { missing, refused } from '#domain/messages.ts';
import type { ConsumerVersionSelector, ForVerificationRequest, SelectionReason } from '#domain/verification/selectors.ts';
import { groupSelections, selectionKey, type Candidate } from '#domain/verification/grouping.ts';
import type { ReadContext } from './context.ts';
import type { VerifiedScope } from './ports.ts';

/** A pact the provider must verify, as data: the publication, why it was chosen, pending and WIP. */
export interface PactToVerify {
  readonly publication: PactPublication;
  readonly reasons: readonly SelectionReason[];
  readonly pending?: boolean;
  readonly wip: boolean;
}

/** What every selector resolver reads from: the request's provider and consumers, with lookups memoised per request. */
interface SelectionScope {
  readonly context: ReadContext;
  readonly provider: string;
  readonly consumers: readonly string[];
  readonly environments: readonly Environment[];
  readonly request: ForVerificationRequest;
  /** The provider's pacts of these consumer versions (in the same order; undefined where none), in one batch read. */
  readonly publicationsOf: (versions: readonly ConsumerVersion[]) => Promise<(PactPublication | undefined)[]>;
  readonly pacticipantOf: (name: string) => Promise<{ mainBranch?: string } | undefined>;
  readonly branchHead: (consumer: string, branch: string) => Promise<string | undefined>;
}

type Found = (publication: PactPublication | undefined, reason: Omit<SelectionReason, 'consumerVersion'>) => void;

interface ConsumerVersion {
  readonly consumer: string;
  readonly number: string;
}

export async function pactsForVerification(context: ReadContext, provider: string, request: ForVerificationRequest): Promise<PactToVerify[]> {
  const [providerPacticipant, integrations, environments] = await Promise.all([
    context.pacticipants.find(provider),
    context.pacts.listIntegrations(),
    context.environments.list(),
  ]);
  if (providerPacticipant === undefined) throw new NotFound(missing.pacticipant(provider));
  const consumers = [...new Set(integrations.filter((integration) => integration.provider === provider).map((integration) => integration.consumer))].sort();
  const unknownEnvironments = request.selectors.map((selector) => selector.environment).filter((name): name is string => name !== undefined && !environments.some((environment) => environment.name === name));
  if (unknownEnvironments.length > 0) throw new ValidationMessages(unknownEnvironments.map(refused.unknownSelectorEnvironment));

  // Memoised per request: several selectors (and environments) often point at the same versions.
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, load: () => Promise<T>): Promise<T> => {
    let value = memo.get(key) as Promise<T> | undefined;
    if (value === undefined) {
      value = load();
      memo.set(key, value);
    }
    return value;
  };
  const scope: SelectionScope = {
    context,
    provider,
    consumers,
    environments,
    request,
    publicationsOf: (versions) => {
      // Memoised per consumer version; the ones not asked for yet are read together.
      const key = (version: ConsumerVersion) => `pub:${version.consumer}\u0000${version.number}`;
      const unread = [...new Map(versions.filter((version) => !memo.has(key(version))).map((version) => [key(version), version])).values()];
      if (unread.length > 0) {
        const batch = context.pacts
          .findPublications(unread.map((version) => ({ consumer: version.consumer, consumerVersion: version.number, provider })))
          .then((found) => new Map(found.map((publication) => [key({ consumer: publication.consumer, number: publication.consumerVersion }), publication])));
        for (const version of unread) memo.set(key(version), batch.then((byKey) => byKey.get(key(version))));
      }
      return Promise.all(versions.map((version) => memo.get(key(version)) as Promise<PactPublication | undefined>));
    },
    pacticipantOf: (name) => once(`p:${name}`, () => context.pacticipants.find(name)),
    branchHead: (consumer, branch) => once(`head:${consumer}\u0000${branch}`, async () => (await context.versions.findBranchHead(consumer, branch))?.version),
  };

  const selectors: ConsumerVersionSelector[] = request.defaults ? [{ mainBranch: true }, { deployed: true }, { released: true }] : [...request.selectors];
  const candidates = (await Promise.all(selectors.map((selector, selectorIndex) => resolveSelector(scope, selector, selectorIndex)))).flat();
  const selected = groupSelections(candidates);

  const results: PactToVerify[] = await Promise.all(
    selected.map(async ({ publication, reasons }) => {
      const pending = request.includePendingStatus ? await isPending(context, publication, request) : undefined;
      return { publication, reasons, ...(pending === undefined ? {} : { pending }), wip: false };
    }),
  );
  if (request.includeWipPactsSince !== undefined && (request.providerVersionBranch !== undefined || request.providerVersionTags.length > 0)) {
    results.push(...(await wipPacts(scope, new Set(selected.map(({ publication }) => selectionKey(publication))))));
  }
  return results;
}

/** The candidates one selector chooses (any order: `groupSelections` puts them in order). */
async function resolveSelector(scope: SelectionScope, selector: ConsumerVersionSelector, selectorIndex: number): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const found: Found = (publication, reason) => {
    if (publication !== undefined) candidates.push({ publication, reason: { ...reason, consumerVersion: publication.consumerVersion }, selectorIndex });
  };
  const targets = selector.consumer === undefined ? scope.consumers : scope.consumers.filter((consumer) => consumer === selector.consumer);
  const named = selector.consumer === undefined ? {} : { consumer: selector.consumer };
  if (selector.mainBranch) await resolveMainBranch(scope, targets, named, found);
  else if (selector.branch !== undefined || selector.matchingBranch) await resolveBranch(scope, selector, targets, named, found);
  else if (selector.tag !== undefined && selector.latest) await resolveLatestTag(scope, selector, selector.tag, targets, found);
  else if (selector.tag !== undefined) await resolveTag(scope, selector.tag, targets, named, found);
  else if (selector.latest) for (const consumer of targets) found(await scope.context.pacts.findLatestPublication(consumer, scope.provider), { kind: 'latest', ...named });
  else await resolveEnvironments(scope, selector, targets, named, found);
  return candidates;
}

async function resolveMainBranch(scope: SelectionScope, targets: readonly string[], named: { consumer?: string }, found: Found): Promise<void> {
  const heads = await Promise.all(
    targets.map(async (consumer) => {
      const mainBranch = (await scope.pacticipantOf(consumer))?.mainBranch;
      return { consumer, mainBranch, head: mainBranch === undefined ? undefined : await scope.branchHead(consumer, mainBranch) };
    }),
  );
  const onBranch = heads.filter((entry): entry is { consumer: string; mainBranch: string; head: string } => entry.mainBranch !== undefined && entry.head !== undefined);
  const publications = await scope.publicationsOf(onBranch.map((entry) => ({ consumer: entry.consumer, number: entry.head })));
  onBranch.forEach((entry, index) => found(publications[index], { kind: 'mainBranch', name: entry.mainBranch, ...named }));
  if (!scope.request.defaults) return;
  // Defaults for a consumer without a main branch: its latest pact.
  const withoutMainBranch = heads.filter((entry) => entry.mainBranch === undefined).map((entry) => entry.consumer);
  const latest = await Promise.all(withoutMainBranch.map((consumer) => scope.context.pacts.findLatestPublication(consumer, scope.provider)));
  withoutMainBranch.forEach((consumer, index) => found(latest[index], { kind: 'latest', consumer }));
}

async function resolveBranch(scope: SelectionScope, selector: ConsumerVersionSelector, targets: readonly string[], named: { consumer?: string }, found: Found): Promise<void> {
  const branch = selector.branch ?? (scope.request.providerVersionBranch as string);
  const onBranch = await headsWithPublications(scope, targets, branch);
  for (const entry of onBranch) found(entry.publication, { kind: 'branch', name: branch, ...named });
  if (selector.fallbackBranch === undefined) return;
  const fallbackBranch = selector.fallbackBranch;
  const missing = onBranch.filter((entry) => entry.publication === undefined).map((entry) => entry.consumer);
  for (const entry of await headsWithPublications(scope, missing, fallbackBranch)) found(entry.publication, { kind: 'fallbackBranch', name: fallbackBranch, fallbackFrom: branch, ...named });
}

/** Each consumer's head of the branch and the provider's pact of it (undefined where either is missing). */
async function headsWithPublications(scope: SelectionScope, consumers: readonly string[], branch: string): Promise<{ consumer: string; publication: PactPublication | undefined }[]> {
  const heads = await Promise.all(consumers.map(async (consumer) => ({ consumer, head: await scope.branchHead(consumer, branch) })));
  const withHead = heads.filter((entry): entry is { consumer: string; head: string } => entry.head !== undefined);
  const publications = await scope.publicationsOf(withHead.map((entry) => ({ consumer: entry.consumer, number: entry.head })));
  const byConsumer = new Map(withHead.map((entry, index) => [entry.consumer, publications[index]]));
  return consumers.map((consumer) => ({ consumer, publication: byConsumer.get(consumer) }));
}

/** The latest version with the tag of each consumer; only when none has one, the fallback tag's. */
async function resolveLatestTag(scope: SelectionScope, selector: ConsumerVersionSelector, tag: string, targets: readonly string[], found: Found): Promise<void> {
  const tagged = await latestTaggedPublications(scope, targets, tag);
  for (const publication of tagged) found(publication, { kind: 'latestTag', name: tag });
  if (tagged.some((publication) => publication !== undefined) || selector.fallbackTag === undefined) return;
  const fallbackTag = selector.fallbackTag;
  for (const publication of await latestTaggedPublications(scope, targets, fallbackTag)) found(publication, { kind: 'fallbackTag', name: fallbackTag, fallbackFrom: tag });
}

async function latestTaggedPublications(scope: SelectionScope, consumers: readonly string[], tag: string): Promise<(PactPublication | undefined)[]> {
  const versions = await Promise.all(consumers.map(async (consumer) => ({ consumer, version: await scope.context.versions.findLatest(consumer, tag) })));
  const withVersion = versions.filter((entry) => entry.version !== undefined).map((entry) => ({ consumer: entry.consumer, number: (entry.version as Version).number }));
  return scope.publicationsOf(withVersion);
}

async function resolveTag(scope: SelectionScope, tag: string, targets: readonly string[], named: { consumer?: string }, found: Found): Promise<void> {
  const tagged = (await Promise.all(targets.map(async (consumer) => (await scope.context.versions.listWith(consumer, { tag })).map((version) => ({ consumer, number: version.number }))))).flat();
  for (const publication of await scope.publicationsOf(tagged)) found(publication, { kind: 'tag', name: tag, ...named });
}

/** deployed / released / deployedOrReleased / environment: what the pointers say now. */
async function resolveEnvironments(scope: SelectionScope, selector: ConsumerVersionSelector, targets: readonly string[], named: { consumer?: string }, found: Found): Promise<void> {
  const wantDeployed = selector.deployed === true || selector.deployedOrReleased === true || (selector.environment !== undefined && selector.released !== true);
  const wantReleased = selector.released === true || selector.deployedOrReleased === true || (selector.environment !== undefined && selector.deployed !== true);
  const kind = selector.environment !== undefined && !selector.deployed && !selector.released ? 'environment' : undefined;
  const lists = await Promise.all(
    scope.environments
      .filter((candidate) => selector.environment === undefined || candidate.name === selector.environment)
      .flatMap((environment) => [
        wantDeployed ? scope.context.deployments.listCurrent(environment.uuid).then((entries) => entries.map((entry) => ({ entry, environment, entryKind: 'deployed' as const }))) : Promise.resolve([]),
        wantReleased ? scope.context.releases.listCurrent(environment.uuid).then((entries) => entries.map((entry) => ({ entry, environment, entryKind: 'released' as const }))) : Promise.resolve([]),
      ]),
  );
  const entries = lists.flat().filter(({ entry }) => targets.includes(entry.pacticipant));
  const publications = await scope.publicationsOf(entries.map(({ entry }) => ({ consumer: entry.pacticipant, number: entry.version })));
  entries.forEach(({ environment, entryKind }, index) => found(publications[index], { kind: kind ?? entryKind, name: environment.name, ...named }));
}

/**
 * Pending unless the content was verified successfully by a provider version on the provider branch (or with one of
 * the tags), or by any provider version before that branch existed. With neither branch nor tags: unless ever verified.
 */
async function isPending(context: ReadContext, publication: PactPublication, request: ForVerificationRequest): Promise<boolean> {
  const since = (scope: VerifiedScope) => context.verifications.findVerifiedSince(publication.consumer, publication.provider, publication.sha, scope);
  if (request.providerVersionBranch !== undefined) {
    if ((await since({ branch: request.providerVersionBranch })) !== undefined) return false;
    const anyAt = await since('any');
    const branch = await context.versions.findBranch(publication.provider, request.providerVersionBranch);
    return !(anyAt !== undefined && branch !== undefined && anyAt < branch.createdAt);
  }
  if (request.providerVersionTags.length > 0) {
    for (const tag of request.providerVersionTags) if ((await since({ tag })) === undefined) return true;
    return false;
  }
  return (await since('any')) === undefined;
}

/** Work-in-progress pacts: heads of consumer branches published since the date and not yet accepted on the provider branch. */
async function wipPacts(scope: SelectionScope, selected: ReadonlySet<string>): Promise<PactToVerify[]> {
  const { context, request } = scope;
  // Every consumer's branch heads and their pacts, consumers side by side and each consumer's pacts in one batch read
  // (heads and pacts the selectors read already come from the request's memo).
  const heads = await Promise.all(
    scope.consumers.map(async (consumer) => {
      const branches = await context.versions.listBranches(consumer);
      const withHead = (await Promise.all(branches.map(async (branch) => ({ branch: branch.name, head: await scope.branchHead(consumer, branch.name) })))).filter(
        (entry): entry is { branch: string; head: string } => entry.head !== undefined,
      );
      const publications = await scope.publicationsOf(withHead.map((entry) => ({ consumer, number: entry.head })));
      return withHead.map((entry, index) => ({ branch: entry.branch, publication: publications[index] }));
    }),
  );
  // In consumer then branch order, each content once (pending depends on the content only, so the first branch decides).
  const candidates: { publication: PactPublication; branch: string }[] = [];
  const seen = new Set(selected);
  for (const { branch, publication } of heads.flat()) {
    if (publication === undefined || publication.createdAt < (request.includeWipPactsSince as string)) continue;
    const key = selectionKey(publication);
    if (seen.has(key)) continue;
    seen.add(key);
    candidates.push({ publication, branch });
  }
  const pending = await Promise.all(candidates.map((candidate) => isPending(context, candidate.publication, request)));
  const found = candidates.filter((_, index) => pending[index]);
  return found.map(({ publication, branch }) => ({ publication, reasons: [{ kind: 'branch', name: branch, consumer: publication.consumer, consumerVersion: publication.consumerVersion }], pending: true, wip: true }));
}
