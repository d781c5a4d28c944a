/**
 * The webhook events a publication or a verification result records (docs/webhooks.md §2). The event is decided
 * before the write and stored in the write's own transaction, so it exists exactly when the write does. Tenants
 * without a webhook that could match pay one query and store nothing; the costlier facts (previous pacts, provider
 * versions still to verify) are read only when some webhook listens for the event that needs them.
 */
import type { ComparisonJob, ComparisonResult, PactPublication, VerificationResult } from '#domain/model.ts';
import type { Webhook, WebhookEventName } from '#domain/webhooks/definition.ts';
import { pactPublicationEvents, verificationEvents, type PactPublicationFacts, type RequiredProviderVersion, type WebhookEvent } from '#domain/webhooks/events.ts';
import { nowOf, type ReadContext } from './context.ts';

/** How many earlier versions of a tag (or untagged ones) are searched for the previous pact: bounds the reads. */
const PREVIOUS_PACT_SEARCH = 10;

/** Of the tenant's webhooks, the enabled ones that could fire for a pact between these two (labels are matched when the event is routed). */
export function webhooksFor(webhooks: readonly Webhook[], consumer: string, provider: string): Webhook[] {
  const couldMatch = (scope: Webhook['consumer'], name: string) => scope === undefined || 'label' in scope || scope.name === name;
  return webhooks.filter((webhook) => webhook.enabled && couldMatch(webhook.consumer, consumer) && couldMatch(webhook.provider, provider));
}

const listensTo = (webhooks: readonly Webhook[], name: WebhookEventName): boolean => webhooks.some((webhook) => webhook.events.includes(name));

/** The previous pact's content for each of the consumer version's tags, or of the previous untagged version. */
async function previousShas(context: ReadContext, publication: PactPublication, tags: readonly string[]): Promise<(string | null)[]> {
  const { consumer, provider, consumerVersionOrder } = publication;
  const firstPublished = async (numbers: readonly string[]): Promise<string | null> => {
    if (numbers.length === 0) return null;
    const found = await context.pacts.findPublications(numbers.map((number) => ({ consumer, consumerVersion: number, provider })));
    for (const number of numbers) {
      const match = found.find((candidate) => candidate.consumerVersion === number);
      if (match !== undefined) return match.sha;
    }
    return null;
  };
  if (tags.length > 0) {
    return Promise.all(
      tags.map(async (tag) => {
        const tagged = await context.versions.listTaggedBefore(consumer, tag, consumerVersionOrder, PREVIOUS_PACT_SEARCH);
        return firstPublished(tagged.map((version) => version.number));
      }),
    );
  }
  const earlier = (await context.pacts.newestPublicationsOfIntegration(consumer, provider, PREVIOUS_PACT_SEARCH + 1)).filter((candidate) => candidate.consumerVersionOrder < consumerVersionOrder);
  earlier.sort((a, b) => b.consumerVersionOrder - a.consumerVersionOrder);
  for (const candidate of earlier) {
    const details = await context.versions.findDetails(consumer, candidate.consumerVersion);
    if (details !== undefined && details.tags.length === 0) return [candidate.sha];
  }
  return [null];
}

/**
 * The provider versions that should verify a content and have not (docs/webhooks.md §2.1): the head of the provider's
 * main branch, and every version currently deployed or released and supported.
 */
export async function requiredProviderVersions(context: ReadContext, consumer: string, provider: string, sha: string): Promise<RequiredProviderVersion[]> {
  const candidates = new Map<string, { branch?: string; descriptions: string[] }>();
  const add = (number: string, description: string, branch?: string) => {
    const entry = candidates.get(number) ?? { descriptions: [] };
    if (branch !== undefined) entry.branch = branch;
    if (!entry.descriptions.includes(description)) entry.descriptions.push(description);
    candidates.set(number, entry);
  };
  const pacticipant = await context.pacticipants.find(provider);
  if (pacticipant === undefined) return [];
  if (pacticipant.mainBranch !== undefined) {
    const head = await context.versions.findBranchHead(provider, pacticipant.mainBranch);
    const number = head?.version ?? (await context.versions.findLatest(provider, pacticipant.mainBranch))?.number;
    if (number !== undefined) add(number, 'latest from main branch', pacticipant.mainBranch);
  }
  const environments = await context.environments.list();
  await Promise.all(
    environments.map(async (environment) => {
      const [deployed, released] = await Promise.all([context.deployments.listCurrent(environment.uuid, provider), context.releases.listCurrent(environment.uuid, provider)]);
      for (const entry of deployed) add(entry.version, `deployed in ${environment.name}`);
      for (const entry of released) add(entry.version, `released in ${environment.name}`);
    }),
  );
  if (candidates.size === 0) return [];
  const verified = await context.verifications.findLatest([...candidates.keys()].map((providerVersion) => ({ consumer, provider, sha, providerVersion })));
  const verifiedVersions = new Set([...verified.values()].map((latest) => latest.providerVersion));
  const survivors = [...candidates].filter(([number]) => !verifiedVersions.has(number));
  // A version chosen as the main branch's head reports that branch; any other its own last branch (the reference's rule).
  return Promise.all(
    survivors.map(async ([number, entry]) => {
      const branch = entry.branch ?? (await context.versions.findDetails(provider, number))?.branches.at(-1)?.branch;
      return { number, ...(branch === undefined ? {} : { branch }), descriptions: entry.descriptions };
    }),
  );
}

export interface PactEventInput {
  readonly publication: PactPublication;
  readonly outcome: PactPublicationFacts['outcome'];
  /** The consumer version's tags once published, and the branch the publication named. */
  readonly tags: readonly string[];
  readonly branch?: string;
  readonly buildUrl?: string;
  /** From `webhooksFor(consumer, provider)`. */
  readonly webhooks: readonly Webhook[];
}

/** The event a pact publication records, or undefined when no webhook could fire for it (none matches the pair, or none listens to what fired). */
export async function pactPublicationEvent(context: ReadContext, input: PactEventInput): Promise<WebhookEvent | undefined> {
  const { publication, webhooks } = input;
  if (webhooks.length === 0) return undefined;
  const required = listensTo(webhooks, 'contract_requiring_verification_published') ? await requiredProviderVersions(context, publication.consumer, publication.provider, publication.sha) : [];
  const previous = input.outcome === 'created' && listensTo(webhooks, 'contract_content_changed') ? await previousShas(context, publication, input.tags) : [];
  const names = pactPublicationEvents({ outcome: input.outcome, previousShas: previous, sha: publication.sha, requiredProviderVersions: required });
  // A webhook that could match the pair but listens to none of these names (verifications only, say) runs for nothing.
  if (!names.some((name) => listensTo(webhooks, name))) return undefined;
  return {
    id: context.newId(),
    names,
    subject: {
      kind: 'pact',
      consumer: publication.consumer,
      provider: publication.provider,
      consumerVersion: publication.consumerVersion,
      sha: publication.sha,
      consumerVersionTags: [...input.tags],
      ...(input.branch === undefined ? {} : { consumerVersionBranch: input.branch }),
      ...(input.buildUrl === undefined ? {} : { buildUrl: input.buildUrl }),
      ...(required.length === 0 ? {} : { requiredProviderVersions: required }),
    },
    occurredAt: nowOf(context),
    baseUrl: context.baseUrl ?? '',
  };
}

/** How far back the newest consumer version with a verified content is looked for. */
const CONSUMER_VERSION_SEARCH = 50;

/** The event a verification result records, or undefined when no webhook could fire for it (none matches the pair, or none listens to what fired). */
export async function verificationEvent(context: ReadContext, result: VerificationResult, options: { consumerVersion?: string } = {}): Promise<WebhookEvent | undefined> {
  const webhooks = webhooksFor(await context.webhooks.list(), result.consumer, result.provider);
  const names = verificationEvents(result.success);
  if (!names.some((name) => listensTo(webhooks, name))) return undefined;
  let consumerVersion = options.consumerVersion;
  if (consumerVersion === undefined) {
    const newest = await context.pacts.listPublicationsOfIntegration(result.consumer, result.provider, CONSUMER_VERSION_SEARCH);
    consumerVersion = newest.find((publication) => publication.sha === result.sha)?.consumerVersion;
  }
  return {
    id: context.newId(),
    names,
    subject: {
      kind: 'verification',
      consumer: result.consumer,
      provider: result.provider,
      sha: result.sha,
      number: result.number,
      providerVersion: result.providerVersion,
      success: result.success,
      ...(result.buildUrl === undefined ? {} : { buildUrl: result.buildUrl }),
      ...(consumerVersion === undefined ? {} : { consumerVersion }),
    },
    occurredAt: nowOf(context),
    baseUrl: context.baseUrl ?? '',
  };
}

/**
 * The event a bi-directional comparison records: what a verification result fires (docs/webhooks.md §2.2), for the
 * provider version whose contract was compared; undefined when no webhook listens.
 */
export async function comparisonEvent(context: ReadContext, result: ComparisonResult, job: Pick<ComparisonJob, 'providerVersion' | 'baseUrl'>): Promise<WebhookEvent | undefined> {
  const names = verificationEvents(result.success);
  const webhooks = webhooksFor(await context.webhooks.list(), result.consumer, result.provider);
  if (!webhooks.some((webhook) => names.some((name) => webhook.events.includes(name)))) return undefined;
  const newest = await context.pacts.listPublicationsOfIntegration(result.consumer, result.provider, CONSUMER_VERSION_SEARCH);
  const consumerVersion = newest.find((publication) => publication.sha === result.pactSha)?.consumerVersion;
  return {
    id: context.newId(),
    names,
    subject: {
      kind: 'comparison',
      consumer: result.consumer,
      provider: result.provider,
      sha: result.pactSha,
      oasSha: result.oasSha,
      success: result.success,
      ...(job.providerVersion === undefined ? {} : { providerVersion: job.providerVersion }),
      ...(consumerVersion === undefined ? {} : { consumerVersion }),
    },
    occurredAt: nowOf(context),
    baseUrl: job.baseUrl ?? context.baseUrl ?? '',
  };
}
