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
import { NotFound, UnfinishedWork } from '#domain/errors.ts';
import * as pacticipants from '#storage/repositories/pacticipants.ts';
import * as versions from '#storage/repositories/versions.ts';
import * as pacts from '#storage/repositories/pacts.ts';
import * as contracts from '#storage/repositories/provider-contracts.ts';
import { deleteCurrentDeploymentsOfPacticipant, deleteDeploymentsOfVersion } from '#storage/repositories/deployments.ts';
import { deleteReleaseEntriesOfPacticipant, deleteReleasesOfVersion } from '#storage/repositories/releases.ts';
import { listEnvironments } from '#storage/repositories/environments.ts';
import { forEachBounded } from '#storage/repositories/support.ts';
import type { ServiceContext } from './context.ts';
import { pacticipantNotFound } from './pacticipants.ts';
import { versionNotFound } from './versions.ts';

/** Bounds on the work in flight at once (each unit makes a handful of requests, some of them batches). */
const VERSIONS_IN_FLIGHT = 8;
const INTEGRATIONS_IN_FLIGHT = 4;
const CONTENTS_IN_FLIGHT = 4;
/** Versions read from the versions index per page. */
const VERSION_PAGE = 50;

const unfinished = (what: string): UnfinishedWork =>
  new UnfinishedWork(`Deleting ${what} needs more than one request; what is deleted stays deleted: send the same DELETE again to continue`);

const pactNotFound = (): NotFound => new NotFound('The requested pact was not found');

/** A pact version (content) with everything in its partition (verification results, markers) and its comparisons. */
async function removePactVersion(context: ServiceContext, consumer: string, provider: string, sha: string): Promise<void> {
  await contracts.deleteComparisons(context.db, context.tenant, consumer, provider, sha);
  await pacts.deletePactVersion(context.db, context.tenant, consumer, provider, sha);
}

/**
 * A publication, and its content if no other consumer version's publication names it (`ifUnused`) or in any case
 * (`always`: the whole integration goes). The publication is deleted last.
 */
async function removePublication(context: ServiceContext, publication: PactPublication, content: 'ifUnused' | 'always'): Promise<void> {
  if (content === 'always' || !(await pacts.isPactVersionPublishedElsewhere(context.db, context.tenant, publication))) {
    await removePactVersion(context, publication.consumer, publication.provider, publication.sha);
  }
  await pacts.deletePublications(context.db, context.tenant, [publication]);
}

/**
 * Everything of one version, the version item last. `scope` says why: deleting the version alone (contents other
 * versions still publish stay), or deleting its pacticipant (every content it published or verified goes, since every
 * integration it is part of goes). Returns the provider contract content it named, if any.
 */
async function purgeVersion(context: ServiceContext, pacticipant: string, number: string, scope: 'version' | 'pacticipant'): Promise<string | undefined> {
  const { db, tenant } = context;
  const [publications, verifications, contract] = await Promise.all([
    pacts.listPublicationsOfConsumerVersion(db, tenant, pacticipant, number),
    pacts.listVerificationsOfProviderVersion(db, tenant, pacticipant, number),
    contracts.getProviderContract(db, tenant, pacticipant, number),
  ]);
  // Where it went: deployment and release records, and the "currently deployed/supported" pointers naming them.
  await Promise.all([deleteDeploymentsOfVersion(db, tenant, pacticipant, number), deleteReleasesOfVersion(db, tenant, pacticipant, number)]);
  // What it verified, as a provider version.
  if (scope === 'version') await pacts.deleteVerifications(db, tenant, verifications);
  else {
    const contents = [...new Map(verifications.map((result) => [JSON.stringify([result.consumer, result.sha]), result])).values()];
    await forEachBounded(contents, CONTENTS_IN_FLIGHT, (result) => removePactVersion(context, result.consumer, pacticipant, result.sha));
  }
  // What it published, as a consumer version.
  await forEachBounded(publications, CONTENTS_IN_FLIGHT, (publication) => removePublication(context, publication, scope === 'version' ? 'ifUnused' : 'always'));
  // Tags, branch memberships, provider contract, then the version.
  await versions.deleteVersionPartition(db, tenant, pacticipant, number);
  return contract?.sha;
}

/**
 * `DELETE /pacticipants/{p}/versions/{v}`: the version with its tags, branch memberships (a branch left without
 * versions stays, without a head, as in the reference), deployments and releases, the pacts it published (with their
 * contents when no other version publishes them) and the verification results it published as a provider version.
 */
export async function deleteVersion(context: ServiceContext, pacticipant: string, number: string): Promise<void> {
  if ((await versions.getVersion(context.db, context.tenant, pacticipant, number)) === undefined) throw versionNotFound(pacticipant, number);
  await purgeVersion(context, pacticipant, number, 'version');
}

/**
 * `DELETE /pacts/provider/{p}/consumer/{c}/version/{v}`: the consumer version's pact with the provider, and its content
 * (with the verification results of that content) when no other consumer version publishes it. Returns the pact that
 * is now the latest of the integration, if any (the reference's response links to it).
 */
export async function deletePact(context: ServiceContext, provider: string, consumer: string, consumerVersion: string): Promise<{ latest?: PactPublication }> {
  const publication = await pacts.getPublication(context.db, context.tenant, consumer, consumerVersion, provider);
  if (publication === undefined) throw pactNotFound();
  await removePublication(context, publication, 'ifUnused');
  // The index may show the deleted publication for a moment: skip it.
  const [latest] = (await pacts.newestPublicationsOfIntegration(context.db, context.tenant, consumer, provider, 2)).filter((candidate) => candidate.consumerVersion !== consumerVersion);
  return latest === undefined ? {} : { latest };
}

/** One integration of a pacticipant being deleted: all its contents and comparisons, all its pacts, then the integration. */
async function purgeIntegration(context: ServiceContext, consumer: string, provider: string, until: number, what: string): Promise<void> {
  const { db, tenant } = context;
  const [indexed, publications] = await Promise.all([pacts.listPactVersionShas(db, tenant, consumer, provider), pacts.listAllPublicationsOfIntegration(db, tenant, consumer, provider)]);
  const contents = [...new Set([...indexed, ...publications.map((publication) => publication.sha)])];
  if (!(await forEachBounded(contents, CONTENTS_IN_FLIGHT, (sha) => pacts.deletePactVersion(db, tenant, consumer, provider, sha), until))) throw unfinished(what);
  await contracts.deleteComparisons(db, tenant, consumer, provider);
  await pacts.deletePublications(db, tenant, publications);
  await pacts.deleteIntegration(db, tenant, consumer, provider);
}

/**
 * `DELETE /pacticipants/{p}`: the pacticipant and everything that belongs to it: every integration it is part of (as
 * consumer or provider) with all pact contents, verification results, comparisons and the pacts published for it by
 * other consumers; every version of it (as above); its provider contract contents; whatever "currently deployed" or
 * "currently supported" entries still name it; its branches; and, last, the pacticipant itself.
 */
export async function deletePacticipant(context: ServiceContext, name: string): Promise<void> {
  const { db, tenant } = context;
  if ((await pacticipants.getPacticipant(db, tenant, name)) === undefined) throw pacticipantNotFound(name);
  const until = context.deadline ?? Number.POSITIVE_INFINITY;
  const what = `pacticipant '${name}'`;

  const integrations = (await pacts.listIntegrations(db, tenant)).filter((integration) => integration.consumer === name || integration.provider === name);
  if (!(await forEachBounded(integrations, INTEGRATIONS_IN_FLIGHT, (integration) => purgeIntegration(context, integration.consumer, integration.provider, until, what), until))) throw unfinished(what);

  const contractContents = new Set(await contracts.listProviderContractContentShas(db, tenant, name));
  let start: Record<string, unknown> | undefined;
  do {
    const page = await versions.pageVersionNumbers(db, tenant, name, VERSION_PAGE, start);
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
  await forEachBounded([...contractContents], CONTENTS_IN_FLIGHT, (sha) => contracts.deleteProviderContractContent(db, tenant, name, sha));
  const environments = await listEnvironments(db, tenant);
  await forEachBounded(environments, 4, async (environment) => {
    await Promise.all([deleteCurrentDeploymentsOfPacticipant(db, tenant, environment.uuid, name), deleteReleaseEntriesOfPacticipant(db, tenant, environment.uuid, name)]);
  });
  await pacticipants.deletePacticipantPartition(db, tenant, name);
}
