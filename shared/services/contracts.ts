/** Contract publication (`POST /contracts/publish`, and the older `PUT /pacts/…/version/{v}`); reading pacts back is in ./pacts.ts. */
import { createHash } from 'node:crypto';
import type { PactPublication, Version } from '#domain/model.ts';
import { ConflictWithNotices, ValidationFailed } from '#domain/errors.ts';
import { mergePacts, nameOf, parsePactText, verifiableContent, type PactDocument } from '#domain/pacts.ts';
import { FieldChecker, MAX_CONTRACT_BYTES, contractTooLarge, returnedBytes } from '#domain/validation.ts';
import { nowOf, type ServiceContext } from './context.ts';
import { ensurePacticipant, maybeSetMainBranch } from './pacticipants.ts';
import { withOptimisticRetry } from './retry.ts';
import { comparisonsForPact } from './comparisons.ts';
import { pactContentConflict, refused } from '#domain/messages.ts';
import { pactPublicationEvent, webhooksFor } from './webhook-events.ts';

export type OnConflict = 'overwrite' | 'merge' | undefined;

export interface ContractToPublish {
  readonly consumer: string;
  readonly provider: string;
  readonly document: PactDocument;
  /** The decoded text as sent; stored as it is, so it reads back byte for byte. */
  readonly text: string;
  readonly onConflict: OnConflict;
}

export const pactSha = (document: PactDocument): string => createHash('sha256').update(verifiableContent(document), 'utf8').digest('hex');


export interface PublicationRequest {
  readonly pacticipant: string;
  readonly version: string;
  readonly branch?: string;
  readonly tags: readonly string[];
  readonly buildUrl?: string;
  readonly contracts: readonly ContractToPublish[];
}

export interface PublishedPact {
  readonly publication: PactPublication;
  readonly outcome: 'created' | 'unchanged' | 'overwritten' | 'merged';
}

/** What each contract will become, decided before anything is written, so a conflict changes nothing. */
interface PlannedPact {
  readonly contract: ContractToPublish;
  readonly document: PactDocument;
  readonly text: string;
  readonly sha: string;
  readonly existing?: PactPublication;
  readonly outcome: PublishedPact['outcome'];
}

async function planPact(context: ServiceContext, consumerVersion: string, contract: ContractToPublish): Promise<PlannedPact> {
  const existing = await context.pacts.findPublication(contract.consumer, consumerVersion, contract.provider);
  const incomingSha = pactSha(contract.document);
  if (existing === undefined) return { contract, document: contract.document, text: contract.text, sha: incomingSha, outcome: 'created' };
  if (existing.sha === incomingSha) return { contract, document: contract.document, text: contract.text, sha: incomingSha, existing, outcome: 'unchanged' };
  if (contract.onConflict === 'merge') {
    const stored = await context.pacts.findPactContent(contract.consumer, contract.provider, existing.sha);
    const merged = mergePacts(stored === undefined ? {} : (JSON.parse(stored) as PactDocument), contract.document);
    const sha = pactSha(merged);
    return { contract, document: merged, text: JSON.stringify(merged), sha, existing, outcome: sha === existing.sha ? 'unchanged' : 'merged' };
  }
  if (contract.onConflict === 'overwrite') return { contract, document: contract.document, text: contract.text, sha: incomingSha, existing, outcome: 'overwritten' };
  throw new ConflictWithNotices(
    pactContentConflict(contract.consumer, consumerVersion, contract.provider),
    'contracts',
  );
}

/**
 * Publishes contracts for one consumer version: checks everything first (a 409 changes nothing), then creates the
 * pacticipants, version, branch and tags, stores each pact's content once per distinct content, and points the
 * consumer version's publication at it.
 */
export async function publishContracts(context: ServiceContext, request: PublicationRequest): Promise<{ version: Version; versionCreated: boolean; published: PublishedPact[] }> {
  // The providers whose pact's event this request has written: a round retried after a later pact lost a race finds
  // those pacts stored (unchanged) and must not fire `contract_published` for them again.
  const eventWritten = new Set<string>();
  return withOptimisticRetry(context, `the pacts of ${request.pacticipant} version ${request.version}`, async () => {
    const plans: PlannedPact[] = [];
    for (const contract of request.contracts) plans.push(await planPact(context, request.version, contract));
    // Checked on what would be stored (a merge can grow a pact), before anything is written.
    for (const plan of plans) {
      const bytes = returnedBytes(plan.text);
      if (bytes > MAX_CONTRACT_BYTES) throw ValidationFailed.of('contracts', refused.pactTooLarge(plan.contract.consumer, plan.contract.provider, contractTooLarge(bytes)));
    }

    const now = nowOf(context);
    const consumer = await ensurePacticipant(context, request.pacticipant);
    const { created: versionCreated, version } = await context.versions.createIfMissing(consumer.name, request.version, request.buildUrl === undefined ? {} : { buildUrl: request.buildUrl }, now);
    if (!versionCreated && request.buildUrl !== undefined && request.buildUrl !== version.buildUrl) {
      await context.versions.updateBuildUrl(consumer.name, request.version, request.buildUrl, now);
    }
    if (request.branch !== undefined) {
      const added = await context.versions.addBranchVersion(version, request.branch, now);
      if (added.created) await maybeSetMainBranch(context, consumer, request.branch);
    }
    for (const tag of request.tags) await context.versions.putTagIfMissing(version, tag, now);

    // Webhooks are read once; the version's tags and branch only when some webhook could fire (docs/webhooks.md §2.1).
    const webhooks = await context.webhooks.list();
    let eventContext: { tags: string[]; branch?: string } | undefined;
    const eventFacts = async () => {
      if (eventContext !== undefined) return eventContext;
      const details = versionCreated ? undefined : await context.versions.findDetails(consumer.name, version.number);
      const tags = [...new Set([...(details?.tags ?? []).map((tag) => tag.name), ...request.tags])];
      const branch = request.branch ?? details?.branches.at(-1)?.branch;
      eventContext = { tags, ...(branch === undefined ? {} : { branch }) };
      return eventContext;
    };
    const eventFor = async (publication: PactPublication, outcome: 'created' | 'changed' | 'unchanged') => {
      const listening = webhooksFor(webhooks, publication.consumer, publication.provider);
      if (listening.length === 0) return undefined;
      return pactPublicationEvent(context, { publication, outcome, ...(await eventFacts()), ...(request.buildUrl === undefined ? {} : { buildUrl: request.buildUrl }), webhooks: listening });
    };

    const published: PublishedPact[] = [];
    for (const plan of plans) {
      await ensurePacticipant(context, plan.contract.provider);
      await context.pacts.putPactContent({ consumer: consumer.name, provider: plan.contract.provider, sha: plan.sha, createdAt: now }, plan.text);
      await context.pacts.ensureIntegration({ consumer: consumer.name, provider: plan.contract.provider, createdAt: now });
      if (plan.outcome === 'unchanged' && plan.existing !== undefined) {
        // Nothing new is stored, but a publication still fires `contract_published`: its event is the one write.
        const event = eventWritten.has(plan.contract.provider) ? undefined : await eventFor(plan.existing, 'unchanged');
        if (event !== undefined) await context.webhookDeliveries.recordEvent(event);
        eventWritten.add(plan.contract.provider);
        published.push({ publication: plan.existing, outcome: 'unchanged' });
        continue;
      }
      const publication: PactPublication = {
        consumer: consumer.name,
        consumerVersion: version.number,
        consumerVersionOrder: version.order,
        provider: plan.contract.provider,
        sha: plan.sha,
        revision: (plan.existing?.revision ?? 0) + 1,
        createdAt: plan.existing?.createdAt ?? now,
        ...(plan.existing === undefined ? {} : { updatedAt: now }),
      };
      await context.pacts.putPublication(publication, plan.existing?.revision, await eventFor(publication, plan.existing === undefined ? 'created' : 'changed'));
      eventWritten.add(plan.contract.provider);
      published.push({ publication, outcome: plan.outcome });
    }
    return { version, versionCreated, published };
  }).then(async (result) => {
    // Pre-generate the comparisons with the provider contracts this pact is likely to meet (bi-directional contracts).
    for (const { publication } of result.published) await comparisonsForPact(context, publication);
    return result;
  });
}

/** The older `PUT /pacts/provider/{p}/consumer/{c}/version/{v}`: the body is the pact; a change overwrites. */
export async function publishPactDocument(context: ServiceContext, consumer: string, provider: string, consumerVersion: string, text: string): Promise<PublishedPact> {
  const checker = new FieldChecker({});
  const document = parsePactText(text, (message) => checker.add('pact', message));
  checker.done();
  const parsed = document as PactDocument;
  if (nameOf(parsed['consumer']) !== undefined && nameOf(parsed['consumer']) !== consumer) throw ValidationFailed.of('consumer.name', `must match the consumer in the path ('${consumer}')`);
  if (nameOf(parsed['provider']) !== undefined && nameOf(parsed['provider']) !== provider) throw ValidationFailed.of('provider.name', `must match the provider in the path ('${provider}')`);
  const result = await publishContracts(context, {
    pacticipant: consumer,
    version: consumerVersion,
    tags: [],
    contracts: [{ consumer, provider, document: parsed, text, onConflict: 'overwrite' }],
  });
  return result.published[0] as PublishedPact;
}
