/**
 * In-memory implementations of the service ports (`shared/services/ports.ts`), with the observable semantics of the
 * DynamoDB ones (`shared/storage/repositories/*.ts`): the same answers, the same order, `WriteConflict` on the same
 * conditional writes, the same "first write wins" items. `test/integration/repository-ports.test.ts` runs one table of
 * scenarios (and random operation sequences) against both, which is what makes this fake trustworthy; service tests
 * on it (`test/unit/services/`) need no database.
 *
 * Plain Maps keyed by the domain identity. Every value is copied on the way in and on the way out, so a caller can
 * never change what is stored by mutating an object. Where DynamoDB answers in the order of a sort key, the listing
 * here sorts the same way (see "Listing order").
 *
 * Not modelled: index reads lagging behind writes (DynamoDB's global indexes are eventually consistent; DynamoDB Local
 * and these Maps are not), a method's own steps interleaving with another writer's (each method here is atomic, so a
 * race is only seen between calls), item size limits, throttling, and damaged content (`UnreadableContent`).
 */
import { randomUUID } from 'node:crypto';
import type {
  Branch,
  BranchVersion,
  ComparisonJob,
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
} from '../../shared/domain/model.ts';
import type { ApiToken } from '../../shared/domain/auth.ts';
import type { Clock } from '../../shared/domain/time.ts';
import { WriteConflict } from '../../shared/domain/errors.ts';
import type { Webhook } from '../../shared/domain/webhooks/definition.ts';
import type { TriggeredWebhook, WebhookAttempt, WebhookEvent } from '../../shared/domain/webhooks/events.ts';
import { comparisonResultOrder, escapeComponent, sequenceKey, verificationResultOrder } from '../../shared/storage/keys.ts';
import type { ComparisonQueue } from '../../shared/queue/publisher.ts';
import { serviceContext, type ServiceContext } from '../../shared/services/context.ts';
import {
  comparisonLookupKey,
  latestVerificationRequestKey,
  type ComparisonKey,
  type OperatorRepositories,
  type Repositories,
  type TenantRepository,
  type VerifiedScope,
} from '../../shared/services/ports.ts';

// Storage: a Map per kind of item, keyed by its identity (a tuple).

type Identity = readonly (string | number | null)[];

class Table<K extends Identity, V> {
  private readonly rows = new Map<string, { readonly key: K; value: V }>();
  get(key: K): V | undefined {
    return this.rows.get(JSON.stringify(key))?.value;
  }
  has(key: K): boolean {
    return this.rows.has(JSON.stringify(key));
  }
  set(key: K, value: V): void {
    this.rows.set(JSON.stringify(key), { key, value });
  }
  delete(key: K): boolean {
    return this.rows.delete(JSON.stringify(key));
  }
  /** The rows whose identity and value satisfy `test`. */
  where(test: (key: K, value: V) => boolean = () => true): { key: K; value: V }[] {
    return [...this.rows.values()].filter((row) => test(row.key, row.value)).map((row) => ({ key: row.key, value: row.value }));
  }
  values(test?: (key: K, value: V) => boolean): V[] {
    return this.where(test).map((row) => row.value);
  }
  deleteWhere(test: (key: K, value: V) => boolean): void {
    for (const row of this.where(test)) this.delete(row.key);
  }
}

interface StoredVerification {
  readonly result: VerificationResult;
  readonly testResults?: Uint8Array;
}

/** One tenant's data. */
class TenantData {
  sequence = 0;
  seededAt: string | undefined;
  readonly pacticipants = new Table<[name: string], Pacticipant>();
  readonly branches = new Table<[pacticipant: string, branch: string], Branch>();
  readonly versions = new Table<[pacticipant: string, number: string], Version>();
  readonly tags = new Table<[pacticipant: string, version: string, tag: string], Tag>();
  readonly branchVersions = new Table<[pacticipant: string, branch: string, version: string], BranchVersion>();
  readonly environments = new Table<[uuid: string], Environment>();
  /** The environment name lock: which environment holds a name. */
  readonly environmentNames = new Table<[name: string], string>();
  readonly deployedVersions = new Table<[uuid: string], DeployedVersion>();
  /** The "currently deployed" pointer of each slot; `null` is the "no application instance" slot. */
  readonly currentDeployments = new Table<[environmentUuid: string, pacticipant: string, applicationInstance: string | null], CurrentDeployment>();
  readonly releasedVersions = new Table<[uuid: string], ReleasedVersion>();
  /** The release lock (one release per version and environment): the uuid of the record. */
  readonly releaseLocks = new Table<[environmentUuid: string, pacticipant: string, version: string], string>();
  readonly currentReleases = new Table<[environmentUuid: string, pacticipant: string, version: string], CurrentRelease>();
  readonly pactContents = new Table<[consumer: string, provider: string, sha: string], { readonly pactVersion: PactVersion; readonly text: string }>();
  readonly publications = new Table<[consumer: string, consumerVersion: string, provider: string], PactPublication>();
  readonly integrations = new Table<[consumer: string, provider: string], Integration>();
  readonly verifications = new Table<[consumer: string, provider: string, sha: string, number: number], StoredVerification>();
  readonly latestVerifications = new Table<[consumer: string, provider: string, sha: string, providerVersion: string], LatestVerification>();
  readonly verifiedMarkers = new Table<[consumer: string, provider: string, sha: string, scope: 'any' | 'branch' | 'tag', name: string], { readonly firstAt: string; readonly providerVersion: string }>();
  readonly providerContractContents = new Table<[provider: string, sha: string], { readonly text: string; readonly createdAt: string }>();
  readonly providerContracts = new Table<[provider: string, version: string], ProviderContract>();
  readonly comparisons = new Table<[consumer: string, provider: string, pactSha: string, oasSha: string], ComparisonResult>();
  readonly comparisonRequests = new Table<[consumer: string, provider: string, pactSha: string, oasSha: string], string>();
  /** A comparison's marker: in the pact content's partition in DynamoDB, so it goes with the content (not with the comparisons). */
  readonly comparisonMarkers = new Table<[consumer: string, provider: string, pactSha: string, comparedAt: string, oasSha: string], { readonly success: boolean; readonly providerVersion?: string }>();
  readonly webhooks = new Table<[uuid: string], Webhook>();
  /** The outbox: every webhook event recorded, in order (tests route them by hand). */
  readonly webhookEvents: WebhookEvent[] = [];
  readonly triggeredWebhooks = new Table<[id: string], TriggeredWebhook>();
  readonly webhookAttempts = new Table<[id: string, attempt: number], WebhookAttempt>();
}

/** Everything the fakes store: tenants by id, and the operator's tokens. Share one between contexts to share data. */
export class MemoryStore {
  private readonly tenants = new Map<string, TenantData>();
  readonly tokens = new Table<[tenant: string, tokenHash: string], ApiToken>();
  tenant(id: string): TenantData {
    let data = this.tenants.get(id);
    if (data === undefined) {
      data = new TenantData();
      this.tenants.set(id, data);
    }
    return data;
  }
}

/** A deep copy without `undefined` members (DynamoDB drops them: `removeUndefinedValues`); binary comes back as Uint8Array. */
function copy<T>(value: T): T {
  if (value instanceof Uint8Array) return new Uint8Array(value) as T;
  if (Array.isArray(value)) return value.filter((item) => item !== undefined).map(copy) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, inner]) => inner !== undefined).map(([key, inner]) => [key, copy(inner)])) as T;
  }
  return value;
}

const copyOrUndefined = <T>(value: T | undefined): T | undefined => (value === undefined ? undefined : copy(value));

/** What DynamoDB's SDK throws for a failed condition on a write outside the conditional ports (no WriteConflict there). */
function conditionalCheckFailed(): Error {
  const error = new Error('The conditional request failed');
  error.name = 'ConditionalCheckFailedException';
  return error;
}

// Listing order: DynamoDB returns a partition (or an index partition) in the UTF-8 byte order of its sort keys, in
// which names are escaped components joined by `#` (shared/storage/keys.ts). The listings below sort the same way, so
// names with `#`, `%`, spaces or characters beyond the BMP come back in the same order from both implementations.

const e = escapeComponent;
const byteOrder = (a: string, b: string): number => Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
function sortedBy<T>(items: readonly T[], order: (item: T) => string): T[] {
  return items.map((item) => ({ item, key: order(item) })).sort((a, b) => byteOrder(a.key, b.key)).map(({ item }) => item);
}
/** The "currently deployed/supported" listings: newest first by creation time, ties in the pointer partition's order. */
const newestFirst = <T extends { readonly createdAt: string }>(items: T[]): T[] => items.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
const slotOrder = (pointer: CurrentDeployment): string => `${e(pointer.pacticipant)}#${pointer.applicationInstance === undefined ? 'NO_INSTANCE' : `I#${e(pointer.applicationInstance)}`}`;
const lifecycleOrder = (record: { readonly environmentUuid: string; readonly createdAt: string; readonly uuid: string }): string => `${e(record.environmentUuid)}#${record.createdAt}#${record.uuid}`;
/** Newest first by sort key (byte order, descending), as a query with ScanIndexForward false answers. */
function newestBy<T>(items: readonly T[], order: (item: T) => string): T[] {
  return sortedBy(items, order).reverse();
}
/** The order of an integration's results index (keys.ts `verificationResultOrder`, `comparisonResultOrder`). */
const resultOrder = (result: PactVersionResult): string =>
  result.kind === 'verification' ? verificationResultOrder(result.at, result.number) : comparisonResultOrder(result.at, result.sha, result.oasSha);

/** Query `Limit`s below 1 are refused by DynamoDB (a ValidationException); so here. */
function checkLimit(limit: number): void {
  if (!(limit >= 1)) throw Object.assign(new Error('Limit must be greater than or equal to 1'), { name: 'ValidationException' });
}

const slotOf = (slot: DeploymentSlot): [string, string, string | null] => [slot.environmentUuid, slot.pacticipant, slot.applicationInstance ?? null];
const scopeOf = (scope: VerifiedScope): ['any' | 'branch' | 'tag', string] => (scope === 'any' ? ['any', ''] : 'branch' in scope ? ['branch', scope.branch] : ['tag', scope.tag]);
const comparisonOf = (key: ComparisonKey): [string, string, string, string] => [key.consumer, key.provider, key.pactSha, key.oasSha];

function tenantRepository(data: TenantData): TenantRepository {
  return {
    async nextSequence() {
      data.sequence += 1;
      return data.sequence;
    },
    async seed(environments, now) {
      if (data.seededAt !== undefined) return false;
      data.seededAt = now;
      // As the DynamoDB seeding: the environments and their name locks are written without conditions.
      for (const environment of environments) {
        data.environments.set([environment.uuid], copy(environment));
        data.environmentNames.set([environment.name], environment.uuid);
      }
      return true;
    },
    async exists() {
      return data.seededAt !== undefined;
    },
  };
}

/** One tenant's repositories. With no store, a fresh one (so every call starts empty). */
export function memoryRepositories(options: { store?: MemoryStore; tenant?: string } = {}): Repositories {
  const data = (options.store ?? new MemoryStore()).tenant(options.tenant ?? 'memory');
  const tenant = tenantRepository(data);

  const branchHead = (pacticipant: string, branch: string): BranchVersion | undefined =>
    data.branchVersions.values((key) => key[0] === pacticipant && key[1] === branch).reduce<BranchVersion | undefined>((head, member) => (head === undefined || member.sequence > head.sequence ? member : head), undefined);
  const versionsOf = (pacticipant: string): Version[] => data.versions.values((key) => key[0] === pacticipant).sort((a, b) => b.order - a.order);
  /** A publication as the integration index sees it: only whole publications are in the index. */
  /** Verification results and comparison markers as an integration's results (their identities start with consumer, provider, sha). */
  const verificationResultsWhere = (test: (key: Identity) => boolean): PactVersionResult[] =>
    data.verifications.values((key) => test(key)).map(({ result }) => ({ kind: 'verification', consumer: result.consumer, provider: result.provider, sha: result.sha, number: result.number, providerVersion: result.providerVersion, success: result.success, at: result.verifiedAt }));
  const comparisonMarkersWhere = (test: (key: Identity) => boolean): PactVersionResult[] =>
    data.comparisonMarkers.where((key) => test(key)).map(({ key, value }) => ({
      kind: 'comparison',
      consumer: key[0],
      provider: key[1],
      sha: key[2],
      oasSha: key[4],
      success: value.success,
      ...(value.providerVersion === undefined ? {} : { providerVersion: value.providerVersion }),
      at: key[3],
    }));
  const publicationsOf = (consumer: string, provider: string): PactPublication[] =>
    data.publications.values((_key, publication) => publication.consumer === consumer && publication.provider === provider).sort((a, b) => a.consumerVersionOrder - b.consumerVersionOrder);

  return {
    pacticipants: {
      async find(name) {
        return copyOrUndefined(data.pacticipants.get([name]));
      },
      async list() {
        return sortedBy(data.pacticipants.values(), (pacticipant) => pacticipant.name).map(copy);
      },
      async createIfMissing(pacticipant) {
        const existing = data.pacticipants.get([pacticipant.name]);
        if (existing !== undefined) return { created: false, pacticipant: copy(existing) };
        data.pacticipants.set([pacticipant.name], copy(pacticipant));
        return { created: true, pacticipant: copy(pacticipant) };
      },
      async update(name, changes, now, updateOptions = {}) {
        const existing = data.pacticipants.get([name]);
        if (existing === undefined) return undefined;
        const given = Object.entries(changes).filter(([, value]) => value !== undefined);
        // One conditional update: with `onlyIfUnset`, any given field already set refuses the whole update.
        if (updateOptions.onlyIfUnset && given.some(([field]) => (existing as unknown as Record<string, unknown>)[field] !== undefined)) return undefined;
        const next: Record<string, unknown> = { ...existing, updatedAt: now };
        for (const [field, value] of given) {
          if (value === null) delete next[field];
          else next[field] = value;
        }
        data.pacticipants.set([name], copy(next as unknown as Pacticipant));
        return copy(next as unknown as Pacticipant);
      },
      async deletePartition(name) {
        data.branches.deleteWhere((key) => key[0] === name);
        data.pacticipants.delete([name]);
      },
      async addLabel(name, label) {
        const stored = data.pacticipants.get([name]);
        if (stored === undefined) throw new WriteConflict();
        if (stored.labels?.includes(label)) return false;
        data.pacticipants.set([name], copy({ ...stored, labels: [...(stored.labels ?? []), label].sort() }));
        return true;
      },
      async removeLabel(name, label) {
        const stored = data.pacticipants.get([name]);
        if (stored === undefined || !stored.labels?.includes(label)) throw new WriteConflict();
        const labels = stored.labels.filter((candidate) => candidate !== label);
        const { labels: _previous, ...rest } = stored;
        data.pacticipants.set([name], copy(labels.length === 0 ? rest : { ...rest, labels }));
      },
      async listWithLabel(label) {
        return sortedBy(data.pacticipants.values((_key, pacticipant) => pacticipant.labels?.includes(label) === true), (pacticipant) => pacticipant.name).map((pacticipant) => pacticipant.name);
      },
    },

    versions: {
      async find(pacticipant, number) {
        return copyOrUndefined(data.versions.get([pacticipant, number]));
      },
      async findDetails(pacticipant, number) {
        const version = data.versions.get([pacticipant, number]);
        if (version === undefined) return undefined;
        const tags = sortedBy(data.tags.where((key) => key[0] === pacticipant && key[1] === number), (row) => e(row.key[2])).map((row) => copy(row.value));
        const branches = sortedBy(data.branchVersions.where((key) => key[0] === pacticipant && key[2] === number), (row) => e(row.key[1])).map((row) => ({
          ...copy(row.value),
          latest: branchHead(pacticipant, row.key[1])?.version === number,
        }));
        const pacts = sortedBy(data.publications.where((key) => key[0] === pacticipant && key[1] === number), (row) => e(row.key[2])).map((row) => copy(row.value));
        return { version: copy(version), tags, branches, pacts };
      },
      async findMany(refs) {
        const unique = new Map(refs.map((ref) => [JSON.stringify([ref.pacticipant, ref.number]), ref]));
        return [...unique.values()].flatMap((ref) => {
          const version = data.versions.get([ref.pacticipant, ref.number]);
          return version === undefined ? [] : [copy(version)];
        });
      },
      async findLatest(pacticipant, tag) {
        if (tag === undefined) return copyOrUndefined(versionsOf(pacticipant)[0]);
        const newest = data.tags.values((key) => key[0] === pacticipant && key[2] === tag).sort((a, b) => b.versionOrder - a.versionOrder)[0];
        return newest === undefined ? undefined : copyOrUndefined(data.versions.get([pacticipant, newest.version]));
      },
      async list(pacticipant, limit) {
        checkLimit(limit);
        return versionsOf(pacticipant).slice(0, limit).map(copy);
      },
      async listTaggedBefore(pacticipant, tag, beforeOrder, limit) {
        checkLimit(limit);
        return data.tags
          .values((key) => key[0] === pacticipant && key[2] === tag)
          .flatMap((entry) => {
            const version = data.versions.get([pacticipant, entry.version]);
            return version === undefined || !(version.order < beforeOrder) ? [] : [copy(version)];
          })
          .sort((a, b) => b.order - a.order)
          .slice(0, limit);
      },
      async listWith(pacticipant, selector) {
        const numbers =
          'tag' in selector
            ? data.tags.values((key) => key[0] === pacticipant && key[2] === selector.tag).map((tag) => tag.version)
            : data.branchVersions.values((key) => key[0] === pacticipant && key[1] === selector.branch).map((member) => member.version);
        return numbers
          .flatMap((number) => {
            const version = data.versions.get([pacticipant, number]);
            return version === undefined ? [] : [copy(version)];
          })
          .sort((a, b) => b.order - a.order);
      },
      async pageNumbers(pacticipant, limit, start) {
        checkLimit(limit);
        // The cursor is opaque to callers (DynamoDB's is a key); here it is the order of the last version returned.
        const before = typeof start?.['before'] === 'number' ? start['before'] : Number.POSITIVE_INFINITY;
        const page = versionsOf(pacticipant).filter((version) => version.order < before).slice(0, limit);
        const last = page.at(-1);
        // As DynamoDB: a full page has a continuation, even when nothing follows it.
        return page.length === limit && last !== undefined ? { numbers: page.map((version) => version.number), next: { before: last.order } } : { numbers: page.map((version) => version.number) };
      },
      async createIfMissing(pacticipant, number, fields, now) {
        const existing = data.versions.get([pacticipant, number]);
        if (existing !== undefined) return { created: false, version: copy(existing) };
        const order = await tenant.nextSequence();
        const version: Version = { pacticipant, number, order, ...(fields.buildUrl !== undefined ? { buildUrl: fields.buildUrl } : {}), createdAt: now };
        data.versions.set([pacticipant, number], copy(version));
        return { created: true, version: copy(version) };
      },
      async updateBuildUrl(pacticipant, number, buildUrl, now) {
        const existing = data.versions.get([pacticipant, number]);
        if (existing === undefined) throw conditionalCheckFailed();
        const { buildUrl: _previous, ...rest } = existing;
        const next: Version = { ...rest, updatedAt: now, ...(buildUrl === null ? {} : { buildUrl }) };
        data.versions.set([pacticipant, number], copy(next));
        return copy(next);
      },
      async deletePartition(pacticipant, number) {
        // Everything in the version's partition: tags, branch memberships, the pacts it published, its provider contract.
        data.tags.deleteWhere((key) => key[0] === pacticipant && key[1] === number);
        data.branchVersions.deleteWhere((key) => key[0] === pacticipant && key[2] === number);
        data.publications.deleteWhere((key) => key[0] === pacticipant && key[1] === number);
        data.providerContracts.delete([pacticipant, number]);
        data.versions.delete([pacticipant, number]);
      },

      async findTag(pacticipant, version, name) {
        return copyOrUndefined(data.tags.get([pacticipant, version, name]));
      },
      async putTagIfMissing(version, name, now) {
        const existing = data.tags.get([version.pacticipant, version.number, name]);
        if (existing !== undefined) return { created: false, tag: copy(existing) };
        const tag: Tag = { pacticipant: version.pacticipant, version: version.number, name, versionOrder: version.order, createdAt: now };
        data.tags.set([version.pacticipant, version.number, name], copy(tag));
        return { created: true, tag: copy(tag) };
      },
      async deleteTag(pacticipant, version, name) {
        return data.tags.delete([pacticipant, version, name]);
      },

      async findBranch(pacticipant, name) {
        return copyOrUndefined(data.branches.get([pacticipant, name]));
      },
      async listBranches(pacticipant) {
        return sortedBy(data.branches.values((key) => key[0] === pacticipant), (branch) => e(branch.name)).map(copy);
      },
      async findBranchVersion(pacticipant, branch, version) {
        return copyOrUndefined(data.branchVersions.get([pacticipant, branch, version]));
      },
      async findBranchHead(pacticipant, branch) {
        // The membership added last (the highest sequence), as the DynamoDB index orders them.
        return copyOrUndefined(branchHead(pacticipant, branch));
      },
      async addBranchVersion(version, branch, now) {
        const existing = data.branchVersions.get([version.pacticipant, branch, version.number]);
        if (existing !== undefined) return { created: false, branchVersion: copy(existing) };
        if (!data.branches.has([version.pacticipant, branch])) data.branches.set([version.pacticipant, branch], { pacticipant: version.pacticipant, name: branch, createdAt: now });
        const sequence = await tenant.nextSequence();
        const branchVersion: BranchVersion = { pacticipant: version.pacticipant, branch, version: version.number, sequence, createdAt: now };
        data.branchVersions.set([version.pacticipant, branch, version.number], copy(branchVersion));
        return { created: true, branchVersion: copy(branchVersion) };
      },
      async deleteBranchVersion(pacticipant, branch, version) {
        return data.branchVersions.delete([pacticipant, branch, version]);
      },
      async deleteBranch(pacticipant, branch) {
        const existed = data.branches.delete([pacticipant, branch]);
        const members = data.branchVersions.where((key) => key[0] === pacticipant && key[1] === branch);
        for (const member of members) data.branchVersions.delete(member.key);
        return existed || members.length > 0;
      },
    },

    pacts: {
      async findPactVersion(consumer, provider, sha) {
        return copyOrUndefined(data.pactContents.get([consumer, provider, sha])?.pactVersion);
      },
      async putPactContent(pactVersion, json) {
        // Stored once: the first complete copy stays.
        const key: [string, string, string] = [pactVersion.consumer, pactVersion.provider, pactVersion.sha];
        if (!data.pactContents.has(key)) data.pactContents.set(key, { pactVersion: copy(pactVersion), text: json });
      },
      async findPactContent(consumer, provider, sha) {
        return data.pactContents.get([consumer, provider, sha])?.text;
      },
      async listPactVersionShas(consumer, provider) {
        return sortedBy(data.pactContents.where((key) => key[0] === consumer && key[1] === provider).map((row) => row.key[2]), e);
      },
      async isPactVersionPublishedElsewhere(publication) {
        return publicationsOf(publication.consumer, publication.provider).some((other) => other.sha === publication.sha && other.consumerVersion !== publication.consumerVersion);
      },
      async deletePactVersion(consumer, provider, sha) {
        // The pact version's partition: its results, latest results and "verified" markers, and the content.
        const ofContent = (key: Identity) => key[0] === consumer && key[1] === provider && key[2] === sha;
        data.verifications.deleteWhere(ofContent);
        data.latestVerifications.deleteWhere(ofContent);
        data.verifiedMarkers.deleteWhere(ofContent);
        data.comparisonMarkers.deleteWhere(ofContent);
        data.pactContents.delete([consumer, provider, sha]);
      },

      async findPublication(consumer, consumerVersion, provider) {
        return copyOrUndefined(data.publications.get([consumer, consumerVersion, provider]));
      },
      async findPublications(refs) {
        const unique = new Map(refs.map((ref) => [JSON.stringify([ref.consumer, ref.consumerVersion, ref.provider]), ref]));
        return [...unique.values()].flatMap((ref) => {
          const publication = data.publications.get([ref.consumer, ref.consumerVersion, ref.provider]);
          return publication === undefined ? [] : [copy(publication)];
        });
      },
      async findLatestPublication(consumer, provider) {
        return copyOrUndefined(publicationsOf(consumer, provider).at(-1));
      },
      async listPublicationsOfConsumerVersion(consumer, consumerVersion) {
        return sortedBy(data.publications.where((key) => key[0] === consumer && key[1] === consumerVersion), (row) => e(row.key[2])).map((row) => copy(row.value));
      },
      async listPublicationsOfIntegration(consumer, provider, limit) {
        checkLimit(limit);
        return publicationsOf(consumer, provider).reverse().slice(0, limit).map(copy);
      },
      async listAllPublicationsOfIntegration(consumer, provider) {
        return publicationsOf(consumer, provider).map(copy);
      },
      async newestPublicationsOfIntegration(consumer, provider, count) {
        checkLimit(count);
        return publicationsOf(consumer, provider).reverse().slice(0, count).map(copy);
      },
      async putPublication(publication, previousRevision, event) {
        const key: [string, string, string] = [publication.consumer, publication.consumerVersion, publication.provider];
        const stored = data.publications.get(key);
        if (previousRevision === undefined ? stored !== undefined : stored?.revision !== previousRevision) throw new WriteConflict();
        data.publications.set(key, copy(publication));
        if (event !== undefined) data.webhookEvents.push(copy(event));
      },
      async deletePublications(publications) {
        for (const publication of publications) data.publications.delete([publication.consumer, publication.consumerVersion, publication.provider]);
      },

      async ensureIntegration(integration) {
        if (!data.integrations.has([integration.consumer, integration.provider])) data.integrations.set([integration.consumer, integration.provider], copy(integration));
      },
      async listIntegrations() {
        return sortedBy(data.integrations.where(), (row) => `${e(row.key[0])}#P#${e(row.key[1])}`).map((row) => copy(row.value));
      },
      async deleteIntegration(consumer, provider) {
        data.integrations.delete([consumer, provider]);
      },
    },

    verifications: {
      async put(result, testResults, event) {
        data.verifications.set([result.consumer, result.provider, result.sha, result.number], copy({ result, ...(testResults === undefined ? {} : { testResults }) }));
        if (event !== undefined) data.webhookEvents.push(copy(event));
        // The latest of the provider version is replaced only by a higher number.
        const key: [string, string, string, string] = [result.consumer, result.provider, result.sha, result.providerVersion];
        const latest = data.latestVerifications.get(key);
        if (latest === undefined || latest.number < result.number) {
          data.latestVerifications.set(key, { number: result.number, providerVersion: result.providerVersion, success: result.success, verifiedAt: result.verifiedAt });
        }
      },
      async find(consumer, provider, sha, number) {
        const stored = data.verifications.get([consumer, provider, sha, number]);
        return stored === undefined ? undefined : copy({ ...stored.result, ...(stored.testResults === undefined ? {} : { testResults: stored.testResults }) });
      },
      async findLatest(requests) {
        const found = new Map<string, LatestVerification>();
        for (const request of requests) {
          const latest = data.latestVerifications.get([request.consumer, request.provider, request.sha, request.providerVersion]);
          if (latest !== undefined) found.set(latestVerificationRequestKey(request), copy(latest));
        }
        return found;
      },
      async listLatestOfPactVersion(consumer, provider, sha) {
        return sortedBy(data.latestVerifications.where((key) => key[0] === consumer && key[1] === provider && key[2] === sha), (row) => e(row.key[3])).map((row) => copy(row.value));
      },
      async hasAny(provider, providerVersion) {
        return data.verifications.values((_key, stored) => stored.result.provider === provider && stored.result.providerVersion === providerVersion).length > 0;
      },
      async listOfProviderVersion(provider, providerVersion) {
        return data.verifications
          .values((_key, stored) => stored.result.provider === provider && stored.result.providerVersion === providerVersion)
          .map((stored) => copy(stored.result))
          .sort((a, b) => a.number - b.number);
      },
      async delete(results) {
        // The latest item of each result's provider version goes too (whichever result it names), then the results.
        for (const result of results) data.latestVerifications.delete([result.consumer, result.provider, result.sha, result.providerVersion]);
        for (const result of results) data.verifications.delete([result.consumer, result.provider, result.sha, result.number]);
      },
      async markVerified(consumer, provider, sha, scope, at, providerVersion) {
        const key: [string, string, string, 'any' | 'branch' | 'tag', string] = [consumer, provider, sha, ...scopeOf(scope)];
        if (!data.verifiedMarkers.has(key)) data.verifiedMarkers.set(key, { firstAt: at, providerVersion });
      },
      async findVerifiedSince(consumer, provider, sha, scope) {
        return data.verifiedMarkers.get([consumer, provider, sha, ...scopeOf(scope)])?.firstAt;
      },
      async listNewestResultsOfIntegration(consumer, provider, limit) {
        checkLimit(limit);
        const of = (key: Identity) => key[0] === consumer && key[1] === provider;
        return newestBy([...verificationResultsWhere(of), ...comparisonMarkersWhere(of)], resultOrder).slice(0, limit);
      },
      async listNewestResultsOfPactVersion(consumer, provider, sha, limit) {
        checkLimit(limit);
        // As the two queries of the content's partition: the newest verifications by number, comparisons by time.
        const of = (key: Identity) => key[0] === consumer && key[1] === provider && key[2] === sha;
        const verifications = newestBy(verificationResultsWhere(of), (result) => sequenceKey(result.kind === 'verification' ? result.number : 0)).slice(0, limit);
        const comparisons = newestBy(comparisonMarkersWhere(of), (result) => `${result.at}#${e(result.kind === 'comparison' ? result.oasSha : '')}`).slice(0, limit);
        return newestBy([...verifications, ...comparisons], resultOrder).slice(0, limit);
      },
    },

    environments: {
      async list() {
        return sortedBy(data.environments.values(), (environment) => e(environment.uuid)).map(copy);
      },
      async find(uuid) {
        return copyOrUndefined(data.environments.get([uuid]));
      },
      async create(environment) {
        if (data.environmentNames.has([environment.name]) || data.environments.has([environment.uuid])) throw new WriteConflict();
        data.environmentNames.set([environment.name], environment.uuid);
        data.environments.set([environment.uuid], copy(environment));
      },
      async replace(previous, next) {
        const renamed = previous.name !== next.name;
        // Conditional on the stored environment being as read (name, flags, last update), and for a rename on the locks.
        const stored = data.environments.get([next.uuid]);
        if (stored === undefined || stored.name !== previous.name || stored.displayName !== previous.displayName || stored.production !== previous.production || stored.updatedAt !== previous.updatedAt) throw new WriteConflict();
        if (renamed && (data.environmentNames.get([previous.name]) !== previous.uuid || data.environmentNames.has([next.name]))) throw new WriteConflict();
        data.environments.set([next.uuid], copy(next));
        if (renamed) {
          data.environmentNames.delete([previous.name]);
          data.environmentNames.set([next.name], next.uuid);
        }
      },
      async delete(environment) {
        if (!data.environments.has([environment.uuid]) || data.environmentNames.get([environment.name]) !== environment.uuid) throw new WriteConflict();
        data.environments.delete([environment.uuid]);
        data.environmentNames.delete([environment.name]);
      },
    },

    deployments: {
      async findCurrent(slot) {
        return copyOrUndefined(data.currentDeployments.get(slotOf(slot)));
      },
      async find(uuid) {
        return copyOrUndefined(data.deployedVersions.get([uuid]));
      },
      async listCurrent(environmentUuid, pacticipant) {
        const pointers = data.currentDeployments.values((key) => key[0] === environmentUuid && (pacticipant === undefined || key[1] === pacticipant));
        return newestFirst(sortedBy(pointers, slotOrder)).map(copy);
      },
      async listOfVersion(pacticipant, version, environmentUuid) {
        const records = data.deployedVersions.values((_key, record) => record.pacticipant === pacticipant && record.version === version && (environmentUuid === undefined || record.environmentUuid === environmentUuid));
        return sortedBy(records, lifecycleOrder).map(copy);
      },
      async listHistory(environmentUuid, limit) {
        checkLimit(limit);
        const records = data.deployedVersions.values((_key, record) => record.environmentUuid === environmentUuid);
        return newestBy(records, (record) => `${record.undeployedAt ?? record.createdAt}#${record.uuid}`).slice(0, limit).map(copy);
      },
      async commit(plan) {
        const { record, replaces } = plan;
        const slot = slotOf(record);
        const pointer = data.currentDeployments.get(slot);
        const replaced = replaces === undefined ? undefined : data.deployedVersions.get([replaces.deployedVersionUuid]);
        // One transaction: the new record, the pointer swap conditional on what the plan saw, the end of the replaced record.
        if (data.deployedVersions.has([record.uuid])) throw new WriteConflict();
        if (replaces === undefined ? pointer !== undefined : pointer?.deployedVersionUuid !== replaces.deployedVersionUuid) throw new WriteConflict();
        if (replaces !== undefined && (replaced === undefined || replaced.undeployedAt !== undefined)) throw new WriteConflict();
        data.deployedVersions.set([record.uuid], copy(record));
        data.currentDeployments.set(slot, {
          deployedVersionUuid: record.uuid,
          pacticipant: record.pacticipant,
          version: record.version,
          ...(record.versionOrder !== undefined ? { versionOrder: record.versionOrder } : {}),
          environmentUuid: record.environmentUuid,
          ...(record.applicationInstance !== undefined ? { applicationInstance: record.applicationInstance } : {}),
          createdAt: record.createdAt,
        });
        if (replaces !== undefined && replaced !== undefined) data.deployedVersions.set([replaces.deployedVersionUuid], { ...replaced, undeployedAt: record.createdAt, updatedAt: record.createdAt });
      },
      async end(record, at) {
        const stored = data.deployedVersions.get([record.uuid]);
        const slot = slotOf(record);
        const pointer = data.currentDeployments.get(slot);
        if (stored === undefined || stored.undeployedAt !== undefined) throw new WriteConflict();
        if (pointer !== undefined && pointer.deployedVersionUuid !== record.uuid) throw new WriteConflict();
        data.deployedVersions.set([record.uuid], { ...stored, undeployedAt: at, updatedAt: at });
        data.currentDeployments.delete(slot);
      },
      async deleteOfEnvironment(environmentUuid) {
        data.currentDeployments.deleteWhere((key) => key[0] === environmentUuid);
        data.deployedVersions.deleteWhere((_key, record) => record.environmentUuid === environmentUuid);
      },
      async deleteOfVersion(pacticipant, version) {
        const records = data.deployedVersions.values((_key, record) => record.pacticipant === pacticipant && record.version === version);
        for (const record of records) {
          if (data.currentDeployments.get(slotOf(record))?.deployedVersionUuid === record.uuid) data.currentDeployments.delete(slotOf(record));
        }
        for (const record of records) data.deployedVersions.delete([record.uuid]);
      },
      async deleteCurrentOfPacticipant(environmentUuid, pacticipant) {
        data.currentDeployments.deleteWhere((key) => key[0] === environmentUuid && key[1] === pacticipant);
      },
    },

    releases: {
      async find(uuid) {
        return copyOrUndefined(data.releasedVersions.get([uuid]));
      },
      async findOfVersion(pacticipant, version, environmentUuid) {
        const uuid = data.releaseLocks.get([environmentUuid, pacticipant, version]);
        return uuid === undefined ? undefined : copyOrUndefined(data.releasedVersions.get([uuid]));
      },
      async listCurrent(environmentUuid, pacticipant) {
        const pointers = data.currentReleases.values((key) => key[0] === environmentUuid && (pacticipant === undefined || key[1] === pacticipant));
        return newestFirst(sortedBy(pointers, (pointer) => `${e(pointer.pacticipant)}#V#${e(pointer.version)}`)).map(copy);
      },
      async listOfVersion(pacticipant, version, environmentUuid) {
        const records = data.releasedVersions.values((_key, record) => record.pacticipant === pacticipant && record.version === version && (environmentUuid === undefined || record.environmentUuid === environmentUuid));
        return sortedBy(records, lifecycleOrder).map(copy);
      },
      async listHistory(environmentUuid, limit) {
        checkLimit(limit);
        const records = data.releasedVersions.values((_key, record) => record.environmentUuid === environmentUuid);
        return newestBy(records, (record) => `${record.updatedAt ?? record.createdAt}#${record.uuid}`).slice(0, limit).map(copy);
      },
      async create(record) {
        const lock: [string, string, string] = [record.environmentUuid, record.pacticipant, record.version];
        if (data.releaseLocks.has(lock) || data.releasedVersions.has([record.uuid])) throw new WriteConflict();
        data.releaseLocks.set(lock, record.uuid);
        data.releasedVersions.set([record.uuid], copy(record));
        data.currentReleases.set(lock, currentRelease(record));
      },
      async resumeSupport(record, at) {
        const stored = data.releasedVersions.get([record.uuid]);
        if (stored?.supportEndedAt === undefined) throw new WriteConflict();
        const { supportEndedAt: _ended, ...supported } = stored;
        data.releasedVersions.set([record.uuid], { ...supported, updatedAt: at });
        // The pointer is written from the record given (unconditionally), as in the DynamoDB transaction.
        data.currentReleases.set([record.environmentUuid, record.pacticipant, record.version], currentRelease(record));
      },
      async endSupport(record, at) {
        const stored = data.releasedVersions.get([record.uuid]);
        const pointerKey: [string, string, string] = [record.environmentUuid, record.pacticipant, record.version];
        const pointer = data.currentReleases.get(pointerKey);
        if (stored === undefined || stored.supportEndedAt !== undefined) throw new WriteConflict();
        if (pointer !== undefined && pointer.releasedVersionUuid !== record.uuid) throw new WriteConflict();
        data.releasedVersions.set([record.uuid], { ...stored, supportEndedAt: at, updatedAt: at });
        data.currentReleases.delete(pointerKey);
      },
      async deleteOfEnvironment(environmentUuid) {
        const locks = data.releaseLocks.where((key) => key[0] === environmentUuid);
        data.currentReleases.deleteWhere((key) => key[0] === environmentUuid);
        for (const lock of locks) data.releasedVersions.delete([lock.value]);
        for (const lock of locks) data.releaseLocks.delete(lock.key);
      },
      async deleteOfVersion(pacticipant, version) {
        const records = data.releasedVersions.values((_key, record) => record.pacticipant === pacticipant && record.version === version);
        for (const record of records) {
          const key: [string, string, string] = [record.environmentUuid, record.pacticipant, record.version];
          if (data.currentReleases.get(key)?.releasedVersionUuid === record.uuid) data.currentReleases.delete(key);
          if (data.releaseLocks.get(key) === record.uuid) data.releaseLocks.delete(key);
        }
        for (const record of records) data.releasedVersions.delete([record.uuid]);
      },
      async deleteCurrentOfPacticipant(environmentUuid, pacticipant) {
        const ofPacticipant = (key: Identity) => key[0] === environmentUuid && key[1] === pacticipant;
        const locks = data.releaseLocks.where(ofPacticipant);
        data.currentReleases.deleteWhere(ofPacticipant);
        for (const lock of locks) data.releasedVersions.delete([lock.value]);
        for (const lock of locks) data.releaseLocks.delete(lock.key);
      },
    },

    providerContracts: {
      async putContent(provider, sha, text, at) {
        if (!data.providerContractContents.has([provider, sha])) data.providerContractContents.set([provider, sha], { text, createdAt: at });
      },
      async findContent(provider, sha) {
        return data.providerContractContents.get([provider, sha])?.text;
      },
      async listContentShas(provider) {
        return sortedBy(data.providerContractContents.where((key) => key[0] === provider).map((row) => row.key[1]), e);
      },
      async deleteContent(provider, sha) {
        data.providerContractContents.delete([provider, sha]);
      },
      async put(contract) {
        data.providerContracts.set([contract.provider, contract.providerVersion], copy(contract));
      },
      async find(provider, version) {
        return copyOrUndefined(data.providerContracts.get([provider, version]));
      },
      async findMany(refs) {
        const unique = new Map(refs.map((ref) => [JSON.stringify([ref.provider, ref.version]), ref]));
        return [...unique.values()].flatMap((ref) => {
          const contract = data.providerContracts.get([ref.provider, ref.version]);
          return contract === undefined ? [] : [copy(contract)];
        });
      },
    },

    comparisons: {
      async find(key) {
        return copyOrUndefined(data.comparisons.get(comparisonOf(key)));
      },
      async findMany(wanted) {
        const found = new Map<string, ComparisonResult>();
        for (const key of wanted) {
          const result = data.comparisons.get(comparisonOf(key));
          if (result !== undefined) found.set(comparisonLookupKey(result.consumer, result.provider, result.pactSha, result.oasSha), copy(result));
        }
        return found;
      },
      async put(result, event) {
        const key = comparisonOf(result);
        if (data.comparisons.has(key)) return false;
        data.comparisons.set(key, copy(result));
        data.comparisonMarkers.set([result.consumer, result.provider, result.pactSha, result.comparedAt, result.oasSha], copy({ success: result.success, providerVersion: result.providerVersion }));
        if (event !== undefined) data.webhookEvents.push(copy(event));
        return true;
      },
      async claimRequest(key, now, staleAfterMs) {
        const staleBefore = new Date(Date.parse(now) - staleAfterMs).toISOString();
        const requestedAt = data.comparisonRequests.get(comparisonOf(key));
        if (requestedAt !== undefined && !(requestedAt < staleBefore)) return false;
        data.comparisonRequests.set(comparisonOf(key), now);
        return true;
      },
      async releaseRequest(key) {
        data.comparisonRequests.delete(comparisonOf(key));
      },
      async delete(consumer, provider, pactSha) {
        const matches = (key: Identity) => key[0] === consumer && key[1] === provider && (pactSha === undefined || key[2] === pactSha);
        data.comparisons.deleteWhere(matches);
        data.comparisonRequests.deleteWhere(matches);
      },
    },

    webhooks: {
      async list() {
        return sortedBy(data.webhooks.values(), (webhook) => e(webhook.uuid)).map(copy);
      },
      async find(uuid) {
        return copyOrUndefined(data.webhooks.get([uuid]));
      },
      async put(webhook, previousRevision) {
        const stored = data.webhooks.get([webhook.uuid]);
        if (previousRevision === undefined ? stored !== undefined : stored?.revision !== previousRevision) throw new WriteConflict();
        data.webhooks.set([webhook.uuid], copy(webhook));
      },
      async delete(uuid) {
        if (!data.webhooks.delete([uuid])) throw new WriteConflict();
      },
    },
    webhookDeliveries: {
      async recordEvent(event) {
        if (data.webhookEvents.some((recorded) => recorded.id === event.id)) throw new WriteConflict();
        data.webhookEvents.push(copy(event));
      },
      async createTriggered(triggered) {
        if (data.triggeredWebhooks.has([triggered.id])) return false;
        data.triggeredWebhooks.set([triggered.id], copy(triggered));
        return true;
      },
      async findTriggered(id) {
        return copyOrUndefined(data.triggeredWebhooks.get([id]));
      },
      async listTriggeredByPublication(consumer, provider, consumerVersion) {
        const matching = data.triggeredWebhooks.values((_key, triggered) => triggered.subject.kind === 'pact' && triggered.subject.consumer === consumer && triggered.subject.provider === provider && triggered.subject.consumerVersion === consumerVersion);
        return sortedBy(matching, (triggered) => `${triggered.createdAt}#${triggered.id}`).map(copy);
      },
      async listTriggeredByVerification(consumer, provider, sha, number) {
        const matching = data.triggeredWebhooks.values(
          (_key, triggered) => triggered.subject.kind === 'verification' && triggered.subject.consumer === consumer && triggered.subject.provider === provider && triggered.subject.sha === sha && triggered.subject.number === number,
        );
        return sortedBy(matching, (triggered) => `${triggered.createdAt}#${triggered.id}`).map(copy);
      },
      async listTriggeredOfWebhook(uuid, limit) {
        checkLimit(limit);
        return sortedBy(data.triggeredWebhooks.values((_key, triggered) => triggered.webhookUuid === uuid), (triggered) => `${triggered.createdAt}#${triggered.id}`)
          .reverse()
          .slice(0, limit)
          .map(copy);
      },
      async claimAttempt(triggered, attempt, at) {
        if (data.webhookAttempts.has([triggered.id, attempt])) return false;
        data.webhookAttempts.set([triggered.id, attempt], { attempt, claimedAt: at, logs: '' });
        return true;
      },
      async findAttempt(id, attempt) {
        return copyOrUndefined(data.webhookAttempts.get([id, attempt]));
      },
      async listAttempts(id) {
        return data.webhookAttempts.values((key) => key[0] === id).sort((a, b) => a.attempt - b.attempt).map(copy);
      },
      async finishAttempt(triggered, attempt, next) {
        const claimed = data.webhookAttempts.get([triggered.id, attempt.attempt]);
        const stored = data.triggeredWebhooks.get([triggered.id]);
        if (claimed === undefined || claimed.finishedAt !== undefined || stored === undefined || !(stored.attempts < attempt.attempt)) throw new WriteConflict();
        data.webhookAttempts.set([triggered.id, attempt.attempt], copy(attempt));
        const { nextAttemptAt: _previous, ...rest } = stored;
        data.triggeredWebhooks.set([triggered.id], copy({ ...rest, status: next.status, attempts: attempt.attempt, updatedAt: next.at, ...(next.nextAttemptAt === undefined ? {} : { nextAttemptAt: next.nextAttemptAt }) }));
      },
    },
    tenant,
  };
}

function currentRelease(record: ReleasedVersion): CurrentRelease {
  return {
    releasedVersionUuid: record.uuid,
    pacticipant: record.pacticipant,
    version: record.version,
    ...(record.versionOrder !== undefined ? { versionOrder: record.versionOrder } : {}),
    environmentUuid: record.environmentUuid,
    createdAt: record.createdAt,
  };
}

/** The operator's repositories over a store: tokens across tenants, and any tenant's marker and sequence. */
export function memoryOperatorRepositories(store: MemoryStore = new MemoryStore()): OperatorRepositories {
  /** The listing's `sk` is what `revoke` takes back; it reads as the DynamoDB sort key does. */
  const skOf = (tokenHash: string): string => `TOKEN#${tokenHash}`;
  return {
    tokens: {
      async put(token, tokenHash) {
        if (store.tokens.has([token.tenant, tokenHash])) throw conditionalCheckFailed();
        store.tokens.set([token.tenant, tokenHash], copy(token));
      },
      async findByHash(tenant, tokenHash) {
        return copyOrUndefined(store.tokens.get([tenant, tokenHash]));
      },
      async list(tenant) {
        return sortedBy(store.tokens.where((key) => key[0] === tenant), (row) => row.key[1]).map((row) => ({ ...copy(row.value), sk: skOf(row.key[1]) }));
      },
      async revoke(tenant, sk, at) {
        const row = store.tokens.where((key) => key[0] === tenant && skOf(key[1]) === sk)[0];
        if (row === undefined || row.value.revokedAt !== undefined) return false;
        store.tokens.set(row.key, { ...row.value, revokedAt: at });
        return true;
      },
    },
    tenants: (tenant) => tenantRepository(store.tenant(tenant)),
  };
}

// Service contexts on the fakes.

/** A clock that moves `stepMs` on every reading (one second by default), from `start`. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z', stepMs = 1000): Clock {
  let current = Date.parse(start);
  return {
    now: () => {
      const value = new Date(current);
      current += stepMs;
      return value;
    },
  };
}

/** Ids `00000000-0000-4000-8000-000000000001`, `…0002`, …: UUID-shaped and predictable. */
export function sequentialIds(): () => string {
  let next = 0;
  return () => `00000000-0000-4000-8000-${String(++next).padStart(12, '0')}`;
}

/** A comparison queue that keeps what it was sent; `failing` makes the next sends throw (as an unreachable queue). */
export interface RecordingQueue extends ComparisonQueue {
  readonly sent: ComparisonJob[];
  failing: boolean;
}

export function recordingQueue(): RecordingQueue {
  const queue: RecordingQueue = {
    sent: [],
    failing: false,
    async send(jobs) {
      if (queue.failing) throw new Error('The comparison queue is unavailable');
      queue.sent.push(...jobs.map(copy));
    },
  };
  return queue;
}

export interface MemoryContextOptions {
  readonly tenant?: string;
  /** Share data between contexts (several tenants, or a second request on the same data). */
  readonly store?: MemoryStore;
  /** A clock of the caller's; otherwise a stepping clock from `start` by `stepMs` (2026-01-01, one second). */
  readonly clock?: Clock;
  readonly start?: string;
  readonly stepMs?: number;
  /** `sequential` (the default): predictable UUID-shaped ids; `random`: randomUUID. */
  readonly ids?: 'sequential' | 'random';
  readonly deadline?: number;
}

/** A service context on the fakes, with its comparison queue recording what was sent. */
export type MemoryContext = ServiceContext & { readonly comparisonQueue: RecordingQueue };

export function memoryContext(options: MemoryContextOptions = {}): MemoryContext {
  const tenant = options.tenant ?? 'memory';
  const comparisonQueue = recordingQueue();
  const context = serviceContext(memoryRepositories({ tenant, ...(options.store === undefined ? {} : { store: options.store }) }), tenant, {
    clock: options.clock ?? steppingClock(options.start, options.stepMs),
    newId: options.ids === 'random' ? randomUUID : sequentialIds(),
    comparisonQueue,
    ...(options.deadline === undefined ? {} : { deadline: options.deadline }),
  });
  // serviceContext keeps the queue it was given, so the context's queue is this recording one.
  return context as MemoryContext;
}
