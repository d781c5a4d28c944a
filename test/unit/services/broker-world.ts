/**
 * A broker for service tests, on the in-memory repositories: the steps a CI pipeline takes (publish pacts from a
 * consumer branch, verify them from a provider build, record deployments and releases), each through the services'
 * public functions with the requests the CLIs send (as the request contracts read them), and the questions it asks
 * (can-i-deploy, pacts for verification). No database: a scenario runs in milliseconds.
 */
import type { Environment, PactPublication } from '../../../shared/domain/model.ts';
import type { MatrixReason, MatrixRow } from '../../../shared/domain/matrix/evaluate.ts';
import { ValidationMessages } from '../../../shared/domain/errors.ts';
import { parseCanIDeployQuery, parseMatrixQuery, type MatrixQuery } from '../../../shared/domain/matrix/query.ts';
import { readForVerificationRequest, type ForVerificationRequest } from '../../../shared/domain/verification/selectors.ts';
import { seedInitialTenant } from '../../../shared/services/tenants.ts';
import { listEnvironments } from '../../../shared/services/environments.ts';
import { publishContracts, type PublicationRequest } from '../../../shared/services/contracts.ts';
import { publishVerification } from '../../../shared/services/verifications.ts';
import { patchDeployedVersion, recordDeployment } from '../../../shared/services/deployments.ts';
import { patchReleasedVersion, recordRelease } from '../../../shared/services/releases.ts';
import { addVersionToBranch, createOrUpdateVersion, tagVersion } from '../../../shared/services/versions.ts';
import { evaluateMatrix, type MatrixResult } from '../../../shared/services/matrix.ts';
import { pactsForVerification, type PactToVerify } from '../../../shared/services/pacts-for-verification.ts';
import { memoryContext, type MemoryContext, type MemoryContextOptions } from '../../support/memory-repositories.ts';

/** A pact document whose content is its interactions (one GET per path). */
export function pact(consumer: string, provider: string, paths: readonly string[], metadata: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: paths.map((path) => ({ description: `a request for ${path}`, request: { method: 'GET', path }, response: { status: 200 } })),
    metadata: { pactSpecification: { version: '2.0.0' }, ...metadata },
  };
}

export interface Publication {
  readonly branch?: string;
  readonly tags?: readonly string[];
  readonly buildUrl?: string;
  /** Provider name → the paths of its pact (or a whole document). */
  readonly pacts: Readonly<Record<string, readonly string[] | Record<string, unknown>>>;
  readonly onConflict?: 'overwrite' | 'merge';
}

export type World = Awaited<ReturnType<typeof brokerWorld>>;

export async function brokerWorld(options: MemoryContextOptions = {}) {
  const context: MemoryContext = memoryContext(options);
  await seedInitialTenant(context);
  const environments = new Map((await listEnvironments(context)).map((environment) => [environment.name, environment]));
  const environment = (name: string): Environment => {
    const found = environments.get(name);
    if (found === undefined) throw new Error(`no environment ${name}`);
    return found;
  };
  const deployments = new Map<string, string>();
  const releases = new Map<string, string>();
  const slotKey = (pacticipant: string, version: string, environmentName: string, instance?: string) => JSON.stringify([pacticipant, version, environmentName, instance ?? null]);

  const world = {
    context,
    environment,

    /** `pact-broker publish`: the consumer version's pacts, with its branch and tags. */
    publish: (consumer: string, version: string, publication: Publication) => publishContracts(context, publicationRequest(consumer, version, publication)),

    /** The publication a consumer version made for a provider (it must exist). */
    async publicationOf(consumer: string, version: string, provider: string): Promise<PactPublication> {
      const found = await context.pacts.findPublication(consumer, version, provider);
      if (found === undefined) throw new Error(`${consumer} ${version} published no pact for ${provider}`);
      return found;
    },

    /**
     * A provider build verifying a consumer version's pact and publishing the result: the provider version is created
     * on its branch (and with its tags) first, as the verifier's `--provider-version-branch` does.
     */
    async verify(provider: string, providerVersion: string, consumer: string, consumerVersion: string, success: boolean, build: { branch?: string; tags?: readonly string[] } = {}) {
      if (build.branch !== undefined) await addVersionToBranch(context, provider, build.branch, providerVersion);
      for (const tag of build.tags ?? []) await tagVersion(context, provider, providerVersion, tag);
      const { sha } = await world.publicationOf(consumer, consumerVersion, provider);
      return publishVerification(context, provider, consumer, sha, { success, providerApplicationVersion: providerVersion });
    },

    /** A version created without contracts (a provider build, a version to deploy). */
    version: (pacticipant: string, version: string, branch?: string) =>
      branch === undefined ? createOrUpdateVersion(context, pacticipant, version, {}, 'merge') : addVersionToBranch(context, pacticipant, branch, version),

    async deploy(pacticipant: string, version: string, environmentName: string, applicationInstance?: string) {
      const { deployedVersion } = await recordDeployment(context, pacticipant, version, environment(environmentName).uuid, applicationInstance === undefined ? {} : { applicationInstance });
      deployments.set(slotKey(pacticipant, version, environmentName, applicationInstance), deployedVersion.uuid);
      return deployedVersion;
    },

    /** record-undeployment of a deployment this world recorded. */
    async undeploy(pacticipant: string, version: string, environmentName: string, applicationInstance?: string) {
      const uuid = deployments.get(slotKey(pacticipant, version, environmentName, applicationInstance));
      if (uuid === undefined) throw new Error(`${pacticipant} ${version} was not deployed to ${environmentName}`);
      return patchDeployedVersion(context, uuid, { currentlyDeployed: false });
    },

    async release(pacticipant: string, version: string, environmentName: string) {
      const { releasedVersion } = await recordRelease(context, pacticipant, version, environment(environmentName).uuid);
      releases.set(slotKey(pacticipant, version, environmentName), releasedVersion.uuid);
      return releasedVersion;
    },

    async endSupport(pacticipant: string, version: string, environmentName: string) {
      const uuid = releases.get(slotKey(pacticipant, version, environmentName));
      if (uuid === undefined) throw new Error(`${pacticipant} ${version} was not released to ${environmentName}`);
      return patchReleasedVersion(context, uuid, { currentlySupported: false });
    },

    /** `pact-broker can-i-deploy` as the CLI asks it (`/can-i-deploy?pacticipant=&version=&environment=|to=&ignore[]=`). */
    canIDeploy: (pacticipant: string, version: string, target: { environment: string } | { to: string }, ignore: readonly string[] = []): Promise<MatrixResult> =>
      evaluateMatrix(context, canIDeployQuery(pacticipant, version, target, ignore)),

    /** `/matrix` with its query pairs (`q[][pacticipant]=…`). */
    matrix: (pairs: readonly (readonly [string, string])[]) => {
      const { query, errors } = parseMatrixQuery(pairs);
      if (errors.length > 0) throw new ValidationMessages(errors);
      return evaluateMatrix(context, query);
    },

    /** `POST /pacts/provider/{provider}/for-verification` with the verifier's body. */
    forVerification: (provider: string, body: Record<string, unknown>): Promise<PactToVerify[]> => pactsForVerification(context, provider, forVerificationRequest(body)),
  };
  return world;
}

// Requests as the request contracts read them (the HTTP layer throws the same errors for bad input).

/** A publication request as `pact-broker publish` sends it, already decoded (the HTTP layer decodes the base64). */
export function publicationRequest(consumer: string, version: string, publication: Publication): PublicationRequest {
  return {
    pacticipant: consumer,
    version,
    ...(publication.branch === undefined ? {} : { branch: publication.branch }),
    tags: publication.tags ?? [],
    ...(publication.buildUrl === undefined ? {} : { buildUrl: publication.buildUrl }),
    contracts: Object.entries(publication.pacts).map(([provider, content]) => {
      const document = Array.isArray(content) ? pact(consumer, provider, content) : (content as Record<string, unknown>);
      return { consumer, provider, document, text: JSON.stringify(document), onConflict: publication.onConflict };
    }),
  };
}

/** The query `/can-i-deploy?pacticipant=&version=&environment=|to=&ignore[]=` asks. */
export function canIDeployQuery(pacticipant: string, version: string, target: { environment: string } | { to: string }, ignore: readonly string[] = []): MatrixQuery {
  const { query, errors } = parseCanIDeployQuery([
    ['pacticipant', pacticipant],
    ['version', version],
    'environment' in target ? ['environment', target.environment] : ['to', target.to],
    ...ignore.map((name): [string, string] => ['ignore[]', name]),
  ]);
  if (Object.keys(errors).length > 0) throw new Error(`bad can-i-deploy query: ${JSON.stringify(errors)}`);
  return query;
}

export function forVerificationRequest(body: Record<string, unknown>): ForVerificationRequest {
  const { request, errors } = readForVerificationRequest(body);
  if (errors.length > 0) throw new ValidationMessages(errors);
  return request;
}

// Answers as plain data, for table-driven expectations.

const versionText = (version: { readonly number: string } | null): string => version?.number ?? '(none)';

/** A matrix row as `Consumer 1 -> Provider 10`. */
export const rowText = (row: MatrixRow): string => `${row.consumerVersion.pacticipant} ${row.consumerVersion.number} -> ${row.provider} ${versionText(row.providerVersion)}`;

/** A reason as its kind, with the row it is about (when it has one). */
export function reasonText(reason: MatrixReason): string {
  switch (reason.kind) {
    case 'counterpartMissing':
    case 'verificationFailed':
    case 'comparisonPending':
    case 'verificationMissing':
      return `${reason.kind}: ${rowText(reason.row)}`;
    case 'specifiedNotFound':
      return `${reason.kind}: ${reason.resolved.selector.pacticipant} ${reason.resolved.selector.version ?? ''}`.trimEnd();
    case 'cannotIgnore':
      return `${reason.kind}: ${reason.ignore.pacticipant ?? ''}`;
    default:
      return reason.kind;
  }
}

export function decisionSummary(result: MatrixResult) {
  const { deployable, success, failed, unknown, ignored } = result.decision;
  return { deployable, success, failed, unknown, ...(ignored === undefined ? {} : { ignored }), reasons: result.decision.reasons.map(reasonText) };
}

/** A selected pact as `Consumer 1` with its reasons as `kind name`, pending and WIP. */
export function selectionSummary(pacts: readonly PactToVerify[]) {
  return pacts.map((selected) => ({
    pact: `${selected.publication.consumer} ${selected.publication.consumerVersion}`,
    reasons: selected.reasons.map((reason) => [reason.kind, reason.name, reason.consumer, reason.fallbackFrom].filter((part) => part !== undefined).join(' ')),
    ...(selected.pending === undefined ? {} : { pending: selected.pending }),
    ...(selected.wip ? { wip: true } : {}),
  }));
}
