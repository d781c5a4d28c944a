/**
 * Deleting a pacticipant, a version or a pact, with the reference broker's cascades (pact_broker
 * `pacticipants/service.rb` + `domain/pacticipant.rb#before_destroy`, `versions/service.rb#delete` +
 * `domain/version.rb#delete`, `pacts/service.rb#delete`).
 *
 * Every cascade deletes what depends on a thing before the thing itself, and the thing the route names (the
 * pacticipant, the version, the publication) last: until then it is still found, so a deletion cut off anywhere (by
 * the function's timeout, a network error) is finished by the same request again, and once it is gone a repeat is a
 * 404, as in the reference. Everything is found from the named thing through the key design (shared/storage/README.md),
 * never by scanning. A pacticipant with a long history may need several requests: the work stops before the
 * function's deadline with a 503 (Retry-After), and each retry continues where the last one stopped.
 */
import type { PactPublication } from '#domain/model.ts';
import { NotFound, UnfinishedWork, WriteConflict } from '#domain/errors.ts';
import { forEachBounded } from '#domain/concurrency.ts';
import type { ServiceContext } from './context.ts';
import { pacticipantNotFound } from './pacticipants.ts';
import { versionNotFound } from './versions.ts';
import { missing } from '#domain/messages.ts';
import { namedConsumer, namedProvider } from '#domain/webhooks/definition.ts';

/** Bounds on the work in flight at once (each unit makes a handful of requests, some of them batches). */
const VERSIONS_IN_FLIGHT = 8;
const INTEGRATIONS_IN_FLIGHT = 4;
const CONTENTS_IN_FLIGHT = 4;
/** Versions read from the versions index per page. */
const VERSION_PAGE = 50;

const unfinished = (what: string): UnfinishedWork =>
  new UnfinishedWork(`Deleting ${what} needs more than one request; what is deleted stays deleted: send the same DELETE again to continue`);

const pactNotFound = (): NotFound => new NotFound(missing.pact());

/** A pact version (content) with everything in its partition (verification results, markers) and its comparisons. */
async function removePactVersion(context: ServiceContext, consumer: string, provider: string, sha: string): Promise<void> {
  await context.comparisons.delete(consumer, provider, sha);
  await context.pacts.deletePactVersion(consumer, provider, sha);
}

/**
 * A publication, and its content if no other consumer version's publication names it (`ifUnused`) or in any case
 * (`always`: the whole integration goes). The publication is deleted last.
 */
async function removePublication(context: ServiceContext, publication: PactPublication, content: 'ifUnused' | 'always'): Promise<void> {
  if (content === 'always' || !(await context.pacts.isPactVersionPublishedElsewhere(publication))) {
    await removePactVersion(context, publication.consumer, publication.provider, publication.sha);
  }
  await context.pacts.deletePublications([publication]);
}

/**
 * Everything of one version, the version item last. `scope` says why: deleting the version alone (contents other
 * versions still publish stay), or deleting its pacticipant (every content it published or verified goes, since every
 * integration it is part of goes). Returns the provider contract content it named, if any.
 */
async function purgeVersion(context: ServiceContext, pacticipant: string, number: string, scope: 'version' | 'pacticipant'): Promise<string | undefined> {
  const [publications, verifications, contract] = await Promise.all([
    context.pacts.listPublicationsOfConsumerVersion(pacticipant, number),
    context.verifications.listOfProviderVersion(pacticipant, number),
    context.providerContracts.find(pacticipant, number),
  ]);
  // Where it went: deployment and release records, and the "currently deployed/supported" pointers naming them.
  await Promise.all([context.deployments.deleteOfVersion(pacticipant, number), context.releases.deleteOfVersion(pacticipant, number)]);
  // What it verified, as a provider version.
  if (scope === 'version') await context.verifications.delete(verifications);
  else {
    const contents = [...new Map(verifications.map((result) => [JSON.stringify([result.consumer, result.sha]), result])).values()];
    await forEachBounded(contents, CONTENTS_IN_FLIGHT, (result) => removePactVersion(context, result.consumer, pacticipant, result.sha));
  }
  // What it published, as a consumer version.
  await forEachBounded(publications, CONTENTS_IN_FLIGHT, (publication) => removePublication(context, publication, scope === 'version' ? 'ifUnused' : 'always'));
  // Tags, branch memberships, provider contract, then the version.
  await context.versions.deletePartition(pacticipant, number);
  return contract?.sha;
}

/**
 * `DELETE /pacticipants/{p}/versions/{v}`: the version with its tags, branch memberships (a branch left without
 * versions stays, without a head, as in the reference), deployments and releases, the pacts it published (with their
 * contents when no other version publishes them) and the verification results it published as a provider version.
 */
export async function deleteVersion(context: ServiceContext, pacticipant: string, number: string): Promise<void> {
  if ((await context.versions.find(pacticipant, number)) === undefined) throw versionNotFound(pacticipant, number);
  await purgeVersion(context, pacticipant, number, 'version');
}

/**
 * `DELETE /pacts/provider/{p}/consumer/{c}/version/{v}`: the consumer version's pact with the provider, and its content
 * (with the verification results of that content) when no other consumer version publishes it. Returns the pact that
 * is now the latest of the integration, if any (the reference's response links to it).
 */
export async function deletePact(context: ServiceContext, provider: string, consumer: string, consumerVersion: string): Promise<{ latest?: PactPublication }> {
  const publication = await context.pacts.findPublication(consumer, consumerVersion, provider);
  if (publication === undefined) throw pactNotFound();
  await removePublication(context, publication, 'ifUnused');
  // The index may show the deleted publication for a moment: skip it.
  const [latest] = (await context.pacts.newestPublicationsOfIntegration(consumer, provider, 2)).filter((candidate) => candidate.consumerVersion !== consumerVersion);
  return latest === undefined ? {} : { latest };
}

/** One integration of a pacticipant being deleted: all its contents and comparisons, all its pacts, then the integration. */
async function purgeIntegration(context: ServiceContext, consumer: string, provider: string, until: number, what: string): Promise<void> {
  const [indexed, publications] = await Promise.all([context.pacts.listPactVersionShas(consumer, provider), context.pacts.listAllPublicationsOfIntegration(consumer, provider)]);
  const contents = [...new Set([...indexed, ...publications.map((publication) => publication.sha)])];
  if (!(await forEachBounded(contents, CONTENTS_IN_FLIGHT, (sha) => context.pacts.deletePactVersion(consumer, provider, sha), until))) throw unfinished(what);
  await context.comparisons.delete(consumer, provider);
  await context.pacts.deletePublications(publications);
  await context.pacts.deleteIntegration(consumer, provider);
}

/**
 * `DELETE /pacticipants/{p}`: the pacticipant and everything that belongs to it: every integration it is part of (as
 * consumer or provider) with all pact contents, verification results, comparisons and the pacts published for it by
 * other consumers; every version of it (as above); its provider contract contents; whatever "currently deployed" or
 * "currently supported" entries still name it; its branches; and, last, the pacticipant itself.
 */
export async function deletePacticipant(context: ServiceContext, name: string): Promise<void> {
  if ((await context.pacticipants.find(name)) === undefined) throw pacticipantNotFound(name);
  const until = context.deadline ?? Number.POSITIVE_INFINITY;
  const what = `pacticipant '${name}'`;

  const integrations = (await context.pacts.listIntegrations()).filter((integration) => integration.consumer === name || integration.provider === name);
  if (!(await forEachBounded(integrations, INTEGRATIONS_IN_FLIGHT, (integration) => purgeIntegration(context, integration.consumer, integration.provider, until, what), until))) throw unfinished(what);

  const contractContents = new Set(await context.providerContracts.listContentShas(name));
  let start: Record<string, unknown> | undefined;
  do {
    const page = await context.versions.pageNumbers(name, VERSION_PAGE, start);
    const complete = await forEachBounded(
      page.numbers,
      VERSIONS_IN_FLIGHT,
      async (number) => {
        const sha = await purgeVersion(context, name, number, 'pacticipant');
        if (sha !== undefined) contractContents.add(sha);
      },
      until,
    );
    if (!complete) throw unfinished(what);
    start = page.next;
  } while (start !== undefined);

  if (Date.now() >= until) throw unfinished(what);
  await forEachBounded([...contractContents], CONTENTS_IN_FLIGHT, (sha) => context.providerContracts.deleteContent(name, sha));
  const environments = await context.environments.list();
  await forEachBounded(environments, 4, async (environment) => {
    await Promise.all([context.deployments.deleteCurrentOfPacticipant(environment.uuid, name), context.releases.deleteCurrentOfPacticipant(environment.uuid, name)]);
  });
  // Webhooks naming the pacticipant go with it, as in the reference (their executions expire; pending retries stop).
  const webhooks = (await context.webhooks.list()).filter((webhook) => namedConsumer(webhook) === name || namedProvider(webhook) === name);
  await forEachBounded(webhooks, 4, async (webhook) => {
    try {
      await context.webhooks.delete(webhook.uuid);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error; // deleted meanwhile
    }
  });
  await context.pacticipants.deletePartition(name);
}
