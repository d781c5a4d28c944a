/**
 * The storage the use cases need, as interfaces (ports). Every repository is already bound to one tenant: a service
 * never names the tenant or the client, so it cannot read or write another tenant's data by mistake. The DynamoDB
 * implementations live in `#storage/repositories/` (bound per request in `#storage/repositories/index.ts`); the
 * in-memory ones in `test/support/memory-repositories.ts` let service tests run without a database.
 *
 * Naming: `find*` answers undefined (or an empty collection) when nothing is stored; `list*` answers a list;
 * `*IfMissing` creates unless present and says which happened. Writes guarded by a condition throw `WriteConflict`
 * (from `#domain/errors.ts`) when another writer got there first; they are all safe to retry.
 */
import type {
  Branch,
  BranchVersion,
  ComparisonResult,
  CurrentDeployment,
  CurrentRelease,
  DeployedVersion,
  DeploymentSlot,
  Environment,
  Integration,
  LatestVerification,
  Pacticipant,
  PactPublication,
  PactVersion,
  PactVersionResult,
  ProviderContract,
  ReleasedVersion,
  Tag,
  VerificationResult,
  Version,
  VersionDetails,
} from '#domain/model.ts';
import type { ApiToken } from '#domain/auth.ts';
import type { Webhook } from '#domain/webhooks/definition.ts';
import type { TriggeredWebhook, TriggeredWebhookStatus, WebhookAttempt, WebhookEvent } from '#domain/webhooks/events.ts';
import type { DeploymentPlan } from '#domain/deployments/rules.ts';

export type PacticipantChanges = Partial<Record<'displayName' | 'mainBranch' | 'repositoryUrl' | 'repositoryName' | 'repositoryNamespace', string | null>>;

export interface PacticipantRepository {
  find(name: string): Promise<Pacticipant | undefined>;
  list(): Promise<Pacticipant[]>;
  createIfMissing(pacticipant: Pacticipant): Promise<{ created: boolean; pacticipant: Pacticipant }>;
  /** Sets the fields (null removes one); undefined when the pacticipant does not exist, or with `onlyIfUnset` when any of the fields is already set (nothing is changed). */
  update(name: string, changes: PacticipantChanges, now: string, options?: { onlyIfUnset?: boolean }): Promise<Pacticipant | undefined>;
  /** Removes the pacticipant's own partition (its versions are removed separately). */
  deletePartition(name: string): Promise<void>;
  /** False when it had the label already; WriteConflict when the pacticipant does not exist. */
  addLabel(name: string, label: string, now: string): Promise<boolean>;
  /** WriteConflict when the pacticipant does not have the label. */
  removeLabel(name: string, label: string): Promise<void>;
  /** The names of the pacticipants with the label. */
  listWithLabel(label: string): Promise<string[]>;
}

export type VersionSelector = { tag: string } | { branch: string };

export interface VersionRepository {
  find(pacticipant: string, number: string): Promise<Version | undefined>;
  /** The version with its tags, branches and pact publications. */
  findDetails(pacticipant: string, number: string): Promise<VersionDetails | undefined>;
  /** The versions that exist among `refs` (any order). */
  findMany(refs: readonly { pacticipant: string; number: string }[]): Promise<Version[]>;
  /** The newest version by creation order, optionally only those with `tag`. */
  findLatest(pacticipant: string, tag?: string): Promise<Version | undefined>;
  /** Newest first, at most `limit`. */
  list(pacticipant: string, limit: number): Promise<Version[]>;
  /** Every version with the tag or on the branch, newest first. */
  listWith(pacticipant: string, selector: VersionSelector): Promise<Version[]>;
  /** The newest `limit` versions with the tag created before the version of order `beforeOrder`, newest first. */
  listTaggedBefore(pacticipant: string, tag: string, beforeOrder: number, limit: number): Promise<Version[]>;
  /** One page of version numbers, newest first, for walking every version. */
  pageNumbers(pacticipant: string, limit: number, start?: Record<string, unknown>): Promise<{ numbers: string[]; next?: Record<string, unknown> }>;
  /** Its order is fixed at creation; either way answers the stored version. */
  createIfMissing(pacticipant: string, number: string, fields: { buildUrl?: string }, now: string): Promise<{ created: boolean; version: Version }>;
  updateBuildUrl(pacticipant: string, number: string, buildUrl: string | null, now: string): Promise<Version>;
  deletePartition(pacticipant: string, number: string): Promise<void>;

  findTag(pacticipant: string, version: string, name: string): Promise<Tag | undefined>;
  putTagIfMissing(version: Version, name: string, now: string): Promise<{ created: boolean; tag: Tag }>;
  /** False when there was no such tag. */
  deleteTag(pacticipant: string, version: string, name: string): Promise<boolean>;

  findBranch(pacticipant: string, name: string): Promise<Branch | undefined>;
  listBranches(pacticipant: string): Promise<Branch[]>;
  findBranchVersion(pacticipant: string, branch: string, version: string): Promise<BranchVersion | undefined>;
  /** The version added to the branch most recently (by membership order: an older version added later is the head). */
  findBranchHead(pacticipant: string, branch: string): Promise<BranchVersion | undefined>;
  addBranchVersion(version: Version, branch: string, now: string): Promise<{ created: boolean; branchVersion: BranchVersion }>;
  deleteBranchVersion(pacticipant: string, branch: string, version: string): Promise<boolean>;
  deleteBranch(pacticipant: string, branch: string): Promise<boolean>;
}

export interface PublicationRef {
  readonly consumer: string;
  readonly consumerVersion: string;
  readonly provider: string;
}

export interface PactRepository {
  findPactVersion(consumer: string, provider: string, sha: string): Promise<PactVersion | undefined>;
  putPactContent(pactVersion: PactVersion, json: string): Promise<void>;
  findPactContent(consumer: string, provider: string, sha: string): Promise<string | undefined>;
  listPactVersionShas(consumer: string, provider: string): Promise<string[]>;
  /** Whether another consumer version than `publication`'s also published that content. */
  isPactVersionPublishedElsewhere(publication: Pick<PactPublication, 'consumer' | 'provider' | 'consumerVersion' | 'sha'>): Promise<boolean>;
  deletePactVersion(consumer: string, provider: string, sha: string): Promise<void>;

  findPublication(consumer: string, consumerVersion: string, provider: string): Promise<PactPublication | undefined>;
  /** Many publications at once (one batch read per 100); absent ones are left out, in no particular order. */
  findPublications(refs: readonly PublicationRef[]): Promise<PactPublication[]>;
  findLatestPublication(consumer: string, provider: string): Promise<PactPublication | undefined>;
  listPublicationsOfConsumerVersion(consumer: string, consumerVersion: string): Promise<PactPublication[]>;
  /** Newest first, at most `limit`. */
  listPublicationsOfIntegration(consumer: string, provider: string, limit: number): Promise<PactPublication[]>;
  listAllPublicationsOfIntegration(consumer: string, provider: string): Promise<PactPublication[]>;
  /** The newest `count` publications by consumer version order. */
  newestPublicationsOfIntegration(consumer: string, provider: string, count: number): Promise<PactPublication[]>;
  /** Conditional on the revision read before (or on there being none): WriteConflict when it changed. */
  putPublication(publication: PactPublication, previousRevision: number | undefined, event?: WebhookEvent): Promise<void>;
  deletePublications(publications: readonly PactPublication[]): Promise<void>;

  ensureIntegration(integration: Integration): Promise<void>;
  listIntegrations(): Promise<Integration[]>;
  deleteIntegration(consumer: string, provider: string): Promise<void>;
}

export interface LatestVerificationRequest {
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly providerVersion: string;
}

/** The key of `VerificationRepository.findLatest`'s answer for one request. */
export const latestVerificationRequestKey = (request: LatestVerificationRequest): string => JSON.stringify([request.consumer, request.provider, request.sha, request.providerVersion]);

/** Where a successful verification counts for the pending rules: a provider branch, a provider tag, or anywhere. */
export type VerifiedScope = { branch: string } | { tag: string } | 'any';

export interface VerificationRepository {
  /** With an event, the result and the event are written in one transaction. */
  put(result: VerificationResult, testResults: Uint8Array | undefined, event?: WebhookEvent): Promise<void>;
  find(consumer: string, provider: string, sha: string, number: number): Promise<(VerificationResult & { testResults?: Uint8Array }) | undefined>;
  /** The latest verification for each (pact version, provider version) asked for; missing ones are absent. */
  findLatest(requests: readonly LatestVerificationRequest[]): Promise<Map<string, LatestVerification>>;
  /** Every latest-per-provider-version verification of one pact version. */
  listLatestOfPactVersion(consumer: string, provider: string, sha: string): Promise<LatestVerification[]>;
  hasAny(provider: string, providerVersion: string): Promise<boolean>;
  listOfProviderVersion(provider: string, providerVersion: string): Promise<VerificationResult[]>;
  delete(results: readonly VerificationResult[]): Promise<void>;
  /** Records the first successful verification of the pact version in `scope` (later ones keep the first time). */
  markVerified(consumer: string, provider: string, sha: string, scope: VerifiedScope, at: string, providerVersion: string): Promise<void>;
  findVerifiedSince(consumer: string, provider: string, sha: string, scope: VerifiedScope): Promise<string | undefined>;
  /**
   * The integration's newest results, verifications and comparisons alike, whatever content they were for: newest first
   * (by time; on a tie verifications first, by number), at most `limit`. Results stored before this index existed
   * (verification results published before it) are not listed.
   */
  listNewestResultsOfIntegration(consumer: string, provider: string, limit: number): Promise<PactVersionResult[]>;
  /** The newest results of one pact content: its `limit` newest verifications and comparisons, merged in the order above, at most `limit`. */
  listNewestResultsOfPactVersion(consumer: string, provider: string, sha: string, limit: number): Promise<PactVersionResult[]>;
}

export interface EnvironmentRepository {
  list(): Promise<Environment[]>;
  find(uuid: string): Promise<Environment | undefined>;
  /** WriteConflict when the name is taken. */
  create(environment: Environment): Promise<void>;
  /** A rename moves the name lock in the same transaction; WriteConflict when the new name is taken or the stored environment is no longer `previous` (name, flags or last update). */
  replace(previous: Environment, next: Environment): Promise<void>;
  delete(environment: Environment): Promise<void>;
}

export interface DeploymentRepository {
  findCurrent(slot: DeploymentSlot): Promise<CurrentDeployment | undefined>;
  find(uuid: string): Promise<DeployedVersion | undefined>;
  listCurrent(environmentUuid: string, pacticipant?: string): Promise<CurrentDeployment[]>;
  listOfVersion(pacticipant: string, version: string, environmentUuid?: string): Promise<DeployedVersion[]>;
  /**
   * The environment's deployment records by their latest event (`undeployedAt` when undeployed, else `createdAt`),
   * newest first (ties by uuid, descending), at most `limit`: every event after the last record's latest event is in them.
   */
  listHistory(environmentUuid: string, limit: number): Promise<DeployedVersion[]>;
  /** Applies a deployment plan in one transaction, conditional on the slot being as the plan saw it (WriteConflict otherwise). */
  commit(plan: Extract<DeploymentPlan, { kind: 'deploy' }>): Promise<void>;
  end(record: DeployedVersion, at: string): Promise<void>;
  deleteOfEnvironment(environmentUuid: string): Promise<void>;
  deleteOfVersion(pacticipant: string, version: string): Promise<void>;
  deleteCurrentOfPacticipant(environmentUuid: string, pacticipant: string): Promise<void>;
}

export interface ReleaseRepository {
  find(uuid: string): Promise<ReleasedVersion | undefined>;
  findOfVersion(pacticipant: string, version: string, environmentUuid: string): Promise<ReleasedVersion | undefined>;
  listCurrent(environmentUuid: string, pacticipant?: string): Promise<CurrentRelease[]>;
  listOfVersion(pacticipant: string, version: string, environmentUuid?: string): Promise<ReleasedVersion[]>;
  /**
   * The environment's release records by their latest event (`updatedAt`: end of support or release again, else
   * `createdAt`), newest first (ties by uuid, descending), at most `limit`. A record released before this index existed
   * is listed once it changes again.
   */
  listHistory(environmentUuid: string, limit: number): Promise<ReleasedVersion[]>;
  /** WriteConflict when the version is already released to the environment. */
  create(record: ReleasedVersion): Promise<void>;
  resumeSupport(record: ReleasedVersion, at: string): Promise<void>;
  endSupport(record: ReleasedVersion, at: string): Promise<void>;
  deleteOfEnvironment(environmentUuid: string): Promise<void>;
  deleteOfVersion(pacticipant: string, version: string): Promise<void>;
  deleteCurrentOfPacticipant(environmentUuid: string, pacticipant: string): Promise<void>;
}

export interface ProviderVersionRef {
  readonly provider: string;
  readonly version: string;
}

export interface ProviderContractRepository {
  putContent(provider: string, sha: string, text: string, at: string): Promise<void>;
  findContent(provider: string, sha: string): Promise<string | undefined>;
  listContentShas(provider: string): Promise<string[]>;
  deleteContent(provider: string, sha: string): Promise<void>;
  put(contract: ProviderContract): Promise<void>;
  find(provider: string, version: string): Promise<ProviderContract | undefined>;
  /** The contracts of many provider versions, of any providers, at once; versions without one are left out. */
  findMany(refs: readonly ProviderVersionRef[]): Promise<ProviderContract[]>;
}

export interface ComparisonKey {
  readonly consumer: string;
  readonly provider: string;
  readonly pactSha: string;
  readonly oasSha: string;
}

/** The key of `ComparisonRepository.findMany`'s answer for one comparison. */
export const comparisonLookupKey = (consumer: string, provider: string, pactSha: string, oasSha: string): string => JSON.stringify([consumer, provider, pactSha, oasSha]);

export interface ComparisonRepository {
  find(key: ComparisonKey): Promise<ComparisonResult | undefined>;
  findMany(wanted: readonly ComparisonKey[]): Promise<Map<string, ComparisonResult>>;
  /** Written once: false when a result was already stored. */
  /** False when a result exists already (nothing written); with an event, both in one transaction. */
  put(result: ComparisonResult, event?: WebhookEvent): Promise<boolean>;
  /** True for the one caller that may request the comparison now (none pending, or the pending one older than `staleAfterMs`). */
  claimRequest(key: ComparisonKey, now: string, staleAfterMs: number): Promise<boolean>;
  releaseRequest(key: ComparisonKey): Promise<void>;
  /** Every comparison of the integration, or only those of one pact version. */
  delete(consumer: string, provider: string, pactSha?: string): Promise<void>;
}

export interface TenantRepository {
  /** The tenant's next creation order (strictly increasing, never reused). */
  nextSequence(): Promise<number>;
  /** Creates the tenant with its environments; false (and nothing written) when it exists. */
  seed(environments: readonly Environment[], now: string): Promise<boolean>;
  exists(): Promise<boolean>;
}

export interface WebhookRepository {
  /** Every webhook of the tenant (one partition: a tenant has tens, not thousands). */
  list(): Promise<Webhook[]>;
  find(uuid: string): Promise<Webhook | undefined>;
  /** Creates (`previousRevision` undefined: only when the uuid is free) or replaces the revision read; WriteConflict otherwise. */
  put(webhook: Webhook, previousRevision: number | undefined): Promise<void>;
  /** WriteConflict when there is no such webhook. */
  delete(uuid: string): Promise<void>;
}

/** Webhook events, triggered webhooks and their attempts: each step a conditional write, so running it twice does it once. */
export interface WebhookDeliveryRepository {
  /** An event on its own (when no other write carries it). */
  recordEvent(event: WebhookEvent): Promise<void>;
  /** False when it exists already. */
  createTriggered(triggered: TriggeredWebhook): Promise<boolean>;
  findTriggered(id: string): Promise<TriggeredWebhook | undefined>;
  listTriggeredByPublication(consumer: string, provider: string, consumerVersion: string): Promise<TriggeredWebhook[]>;
  listTriggeredByVerification(consumer: string, provider: string, sha: string, number: number): Promise<TriggeredWebhook[]>;
  /** Newest first, at most `limit`. */
  listTriggeredOfWebhook(uuid: string, limit: number): Promise<TriggeredWebhook[]>;
  /** False when that attempt was claimed before. */
  claimAttempt(triggered: TriggeredWebhook, attempt: number, at: string): Promise<boolean>;
  findAttempt(id: string, attempt: number): Promise<WebhookAttempt | undefined>;
  listAttempts(id: string): Promise<WebhookAttempt[]>;
  /** The attempt's outcome and the new status, together and once (WriteConflict when already recorded). */
  finishAttempt(triggered: TriggeredWebhook, attempt: WebhookAttempt, next: { status: TriggeredWebhookStatus; nextAttemptAt?: string; at: string }): Promise<void>;
}

/** The methods of a repository that only read: what a read route's role may call (its IAM policy allows no write). */
export type ReadMethods<T> = Pick<T, Extract<keyof T, `find${string}` | `list${string}` | `has${string}` | 'pageNumbers' | 'isPactVersionPublishedElsewhere' | 'exists' | 'newestPublicationsOfIntegration'>>;

/** The methods that write (every other one). */
export type WriteMethods<T> = Omit<T, keyof ReadMethods<T>>;

/** What read routes get: every repository, its reading methods only, so a read use case cannot write by type. */
export type ReadRepositories = { readonly [K in keyof Repositories]: ReadMethods<Repositories[K]> };

/** The writing methods of every repository (the rest of `Repositories`). */
export type WriteRepositories = { readonly [K in keyof Repositories]: WriteMethods<Repositories[K]> };

/** Everything a tenant's use cases store, bound to that tenant. */
export interface Repositories {
  readonly pacticipants: PacticipantRepository;
  readonly versions: VersionRepository;
  readonly pacts: PactRepository;
  readonly verifications: VerificationRepository;
  readonly environments: EnvironmentRepository;
  readonly deployments: DeploymentRepository;
  readonly releases: ReleaseRepository;
  readonly providerContracts: ProviderContractRepository;
  readonly comparisons: ComparisonRepository;
  readonly webhooks: WebhookRepository;
  readonly webhookDeliveries: WebhookDeliveryRepository;
  readonly tenant: TenantRepository;
}

/** The operator's view, across tenants: only the admin API and the authorizer have it. */
export interface TokenRepository {
  put(token: ApiToken, tokenHash: string): Promise<void>;
  findByHash(tenant: string, tokenHash: string): Promise<ApiToken | undefined>;
  list(tenant: string): Promise<(ApiToken & { readonly sk: string })[]>;
  /** False when there was no such token. */
  revoke(tenant: string, sk: string, at: string): Promise<boolean>;
}

export interface OperatorRepositories {
  readonly tokens: TokenRepository;
  readonly tenants: (tenant: string) => TenantRepository;
}
