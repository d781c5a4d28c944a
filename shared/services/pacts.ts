/** Reading pacts back: one consumer version's, the latest (by tag or branch), one content, and the listings. */
import type { PactPublication } from '#domain/model.ts';
import { NotFound } from '#domain/errors.ts';
import { missing } from '#domain/messages.ts';
import type { ReadContext } from './context.ts';

export interface PactWithContent {
  readonly publication?: PactPublication;
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly createdAt: string;
  readonly text: string;
}

const pactNotFound = (): NotFound => new NotFound(missing.pact());

async function withContent(context: ReadContext, publication: PactPublication): Promise<PactWithContent> {
  const text = await context.pacts.findPactContent(publication.consumer, publication.provider, publication.sha);
  if (text === undefined) throw pactNotFound();
  return { publication, consumer: publication.consumer, provider: publication.provider, sha: publication.sha, createdAt: publication.updatedAt ?? publication.createdAt, text };
}

export async function getPactForConsumerVersion(context: ReadContext, provider: string, consumer: string, consumerVersion: string): Promise<PactWithContent> {
  const publication = await context.pacts.findPublication(consumer, consumerVersion, provider);
  if (publication === undefined) throw pactNotFound();
  return withContent(context, publication);
}

/** The latest pact between the two (optionally of the latest consumer version with a tag, or the head of a branch). */
export async function getLatestPact(context: ReadContext, provider: string, consumer: string, selector: { tag?: string; branch?: string } = {}): Promise<PactWithContent> {
  if (selector.tag === undefined && selector.branch === undefined) {
    const latest = await context.pacts.findLatestPublication(consumer, provider);
    if (latest === undefined) throw pactNotFound();
    return withContent(context, latest);
  }
  const version =
    selector.branch !== undefined
      ? (await context.versions.findBranchHead(consumer, selector.branch))?.version
      : (await context.versions.findLatest(consumer, selector.tag))?.number;
  if (version === undefined) throw pactNotFound();
  return getPactForConsumerVersion(context, provider, consumer, version);
}

export async function getPactVersion(context: ReadContext, provider: string, consumer: string, sha: string): Promise<PactWithContent> {
  const pactVersion = await context.pacts.findPactVersion(consumer, provider, sha);
  const text = pactVersion === undefined ? undefined : await context.pacts.findPactContent(consumer, provider, sha);
  if (pactVersion === undefined || text === undefined) throw pactNotFound();
  return { consumer, provider, sha, createdAt: pactVersion.createdAt, text };
}

/** The latest pact of every integration of the tenant (optionally only those of one provider), by consumer name. */
export async function listLatestPublications(context: ReadContext, filter: { provider?: string; tag?: string } = {}): Promise<PactPublication[]> {
  const integrations = (await context.pacts.listIntegrations()).filter((integration) => filter.provider === undefined || integration.provider === filter.provider);
  const found = await Promise.all(
    integrations.map(async (integration) => {
      if (filter.tag === undefined) return context.pacts.findLatestPublication(integration.consumer, integration.provider);
      const version = await context.versions.findLatest(integration.consumer, filter.tag);
      return version === undefined ? undefined : context.pacts.findPublication(integration.consumer, version.number, integration.provider);
    }),
  );
  return found.filter((publication): publication is PactPublication => publication !== undefined).sort((a, b) => a.consumer.localeCompare(b.consumer) || a.provider.localeCompare(b.provider));
}

/**
 * Pacts of a provider by consumer branch (what `get-pacts` asks for): for each consumer (or one), the pacts of the
 * versions on a branch (`branch` undefined: each consumer's main branch), or only of the branch heads.
 */
export async function listPactsByBranch(
  context: ReadContext,
  provider: string,
  options: { branch?: string; latest: boolean; consumer?: string },
): Promise<PactPublication[]> {
  const consumers = options.consumer !== undefined ? [options.consumer] : [...new Set((await context.pacts.listIntegrations()).filter((integration) => integration.provider === provider).map((integration) => integration.consumer))];
  const found = await Promise.all(
    consumers.map(async (consumer) => {
      const branch = options.branch ?? (await context.pacticipants.find(consumer))?.mainBranch;
      if (branch === undefined) return [];
      const numbers = options.latest
        ? [(await context.versions.findBranchHead(consumer, branch))?.version].filter((number): number is string => number !== undefined)
        : (await context.versions.listWith(consumer, { branch })).map((version) => version.number);
      return context.pacts.findPublications(numbers.map((consumerVersion) => ({ consumer, consumerVersion, provider })));
    }),
  );
  return found.flat().sort((a, b) => a.consumer.localeCompare(b.consumer) || b.consumerVersionOrder - a.consumerVersionOrder);
}

/** Every consumer version's pact with the provider, newest first (at most `limit`). */
export async function listPactVersions(context: ReadContext, provider: string, consumer: string, limit: number): Promise<PactPublication[]> {
  return context.pacts.listPublicationsOfIntegration(consumer, provider, limit);
}
