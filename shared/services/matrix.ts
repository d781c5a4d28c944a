/**
 * can-i-deploy and the matrix: fetch the facts (a bounded number of DynamoDB requests: per specified version, per
 * counterpart and per environment entry, never per history item), then decide with the pure rules.
 */
import type { PactPublication, ProviderContract, Version } from '#domain/model.ts';
import { requestComparisonsFromRead } from './comparisons.ts';
import { ValidationMessages } from '#domain/errors.ts';
import { describeComparisonFailure, refused } from '#domain/messages.ts';
import type { IgnoreSelector, MatrixQuery, MatrixSelector } from '#domain/matrix/query.ts';
import {
  buildRows,
  decide,
  targetPactsNeeded,
  verificationsNeeded,
  verificationLookupKey,
  versionLookupKey,
  type Decision,
  type MatrixFacts,
  type MatrixRow,
  type PactRef,
  type ResolvedSpecified,
  type VerificationRef,
  type VersionRef,
} from '#domain/matrix/evaluate.ts';
import type { ReadContext } from './context.ts';
import { comparisonLookupKey, latestVerificationRequestKey, type LatestVerificationRequest } from './ports.ts';

const pactRef = (publication: PactPublication): PactRef => ({
  consumer: publication.consumer,
  consumerVersion: publication.consumerVersion,
  provider: publication.provider,
  sha: publication.sha,
  createdAt: publication.updatedAt ?? publication.createdAt,
});

const toRef = (version: Version): VersionRef => ({ pacticipant: version.pacticipant, number: version.number, order: version.order });

export interface MatrixResult {
  readonly facts: MatrixFacts;
  readonly rows: readonly MatrixRow[];
  readonly decision: Decision;
}

/** Versions of each pacticipant deployed (any instance) or released-and-supported in an environment. */
async function environmentContents(context: ReadContext, environmentUuid: string): Promise<Map<string, VersionRef[]>> {
  const [deployments, releases] = await Promise.all([
    context.deployments.listCurrent(environmentUuid),
    context.releases.listCurrent(environmentUuid),
  ]);
  const entries = [...deployments, ...releases];
  // Pointers written by this broker carry the version's order; older ones need a lookup.
  const missing = entries.filter((entry) => entry.versionOrder === undefined).map((entry) => ({ pacticipant: entry.pacticipant, number: entry.version }));
  const looked = missing.length === 0 ? [] : await context.versions.findMany(missing);
  const orders = new Map(looked.map((version) => [versionLookupKey(version.pacticipant, version.number), version.order]));
  const refs: VersionRef[] = entries.flatMap((entry) => {
    const order = entry.versionOrder ?? orders.get(versionLookupKey(entry.pacticipant, entry.version));
    return order === undefined ? [] : [{ pacticipant: entry.pacticipant, number: entry.version, order }];
  });
  const byPacticipant = new Map<string, VersionRef[]>();
  for (const ref of refs.sort((a, b) => b.order - a.order)) {
    const list = byPacticipant.get(ref.pacticipant) ?? [];
    if (!list.some((existing) => existing.number === ref.number)) list.push(ref);
    byPacticipant.set(ref.pacticipant, list);
  }
  return byPacticipant;
}

async function resolveSelector(context: ReadContext, selector: MatrixSelector & { pacticipant: string }, environmentsReady: Promise<Map<string, string>>): Promise<ResolvedSpecified> {
  // The version lookup does not depend on the pacticipant lookup: run both at once.
  const [pacticipant, byNumber] = await Promise.all([
    context.pacticipants.find(selector.pacticipant),
    selector.version === undefined ? Promise.resolve(undefined) : context.versions.find(selector.pacticipant, selector.version),
  ]);
  const base = { selector, pacticipantExists: pacticipant !== undefined, ...(pacticipant?.mainBranch ? { mainBranch: pacticipant.mainBranch } : {}) };
  if (pacticipant === undefined) return { ...base, versions: [] };
  const p = selector.pacticipant;
  let found: Version[] = [];
  if (selector.version !== undefined) {
    found = byNumber === undefined ? [] : [byNumber];
  } else if (selector.environment !== undefined) {
    const uuid = (await environmentsReady).get(selector.environment);
    const contents = uuid === undefined ? new Map<string, VersionRef[]>() : await environmentContents(context, uuid);
    return { ...base, versions: contents.get(p) ?? [] };
  } else {
    const branch = selector.mainBranch ? pacticipant.mainBranch : selector.branch;
    if (selector.mainBranch && branch === undefined) found = [];
    else if (branch !== undefined) {
      if (selector.latest) {
        const head = await context.versions.findBranchHead(p, branch);
        const version = head === undefined ? undefined : await context.versions.find(p, head.version);
        found = version === undefined ? [] : [version];
      } else found = await context.versions.listWith(p, { branch });
    } else if (selector.tag !== undefined && !selector.latest) found = await context.versions.listWith(p, { tag: selector.tag });
    else if (selector.latest) {
      const version = await context.versions.findLatest(p, selector.tag);
      found = version === undefined ? [] : [version];
    } else {
      // The name alone: every version (as the reference resolves it); the CLIs always send more than the name.
      found = await context.versions.list(p, 10_000);
    }
  }
  return { ...base, versions: found.map(toRef) };
}

export async function evaluateMatrix(context: ReadContext, query: MatrixQuery): Promise<MatrixResult> {
  // Independent reads first, all at once: environments, integrations, the target environment's contents, the selectors.
  const environmentsReady = context.environments.list().then((list) => new Map(list.map((environment) => [environment.name, environment.uuid])));
  const integrationsReady = context.pacts.listIntegrations();
  const targetContentsReady = environmentsReady.then((environments) => {
    const uuid = query.target.environment === undefined ? undefined : environments.get(query.target.environment);
    return uuid === undefined ? undefined : environmentContents(context, uuid);
  });
  // Marked handled now: a validation error below may leave them unawaited, which must not crash the process.
  void integrationsReady.catch(() => undefined);
  void targetContentsReady.catch(() => undefined);
  const named = query.selectors.filter((selector): selector is MatrixSelector & { pacticipant: string } => selector.pacticipant !== undefined);
  const [environments, specified] = await Promise.all([environmentsReady, Promise.all(named.map((selector) => resolveSelector(context, selector, environmentsReady)))]);
  const errors: string[] = [];
  for (const resolved of specified) if (!resolved.pacticipantExists) errors.push(refused.unknownPacticipant(resolved.selector.pacticipant));
  for (const name of [query.target.environment, ...named.map((selector) => selector.environment)]) {
    if (name !== undefined && !environments.has(name)) errors.push(refused.unknownEnvironment(name));
  }
  if (errors.length > 0) throw new ValidationMessages([...new Set(errors)]);

  const pactsOfConsumerVersion = new Map<string, PactRef[]>();
  const loadPacts = async (refs: readonly VersionRef[]) => {
    await Promise.all(
      refs
        .filter((ref) => !pactsOfConsumerVersion.has(versionLookupKey(ref.pacticipant, ref.number)))
        .map(async (ref) => {
          pactsOfConsumerVersion.set(versionLookupKey(ref.pacticipant, ref.number), []);
          const publications = await context.pacts.listPublicationsOfConsumerVersion(ref.pacticipant, ref.number);
          pactsOfConsumerVersion.set(versionLookupKey(ref.pacticipant, ref.number), publications.map(pactRef));
        }),
    );
  };
  await loadPacts(specified.flatMap((resolved) => resolved.versions));

  const integrations = await integrationsReady;
  const consumersOf = new Map<string, string[]>();
  for (const integration of integrations) consumersOf.set(integration.provider, [...(consumersOf.get(integration.provider) ?? []), integration.consumer]);

  // The counterparts: providers of the specified consumer versions, consumers of the specified pacticipants.
  const specifiedNames = new Set(specified.map((resolved) => resolved.selector.pacticipant));
  const counterparts = new Set<string>();
  for (const resolved of specified) {
    for (const version of resolved.versions) for (const pact of pactsOfConsumerVersion.get(versionLookupKey(version.pacticipant, version.number)) ?? []) counterparts.add(pact.provider);
    for (const consumer of consumersOf.get(resolved.selector.pacticipant) ?? []) counterparts.add(consumer);
  }
  for (const name of specifiedNames) counterparts.delete(name);

  const targetVersions = new Map<string, VersionRef[]>();
  const { target } = query;
  if (target.environment !== undefined) {
    const contents = (await targetContentsReady) ?? new Map<string, VersionRef[]>();
    for (const counterpart of counterparts) targetVersions.set(counterpart, contents.get(counterpart) ?? []);
  } else if (target.tag !== undefined || target.latest || target.mainBranch) {
    await Promise.all(
      [...counterparts].map(async (counterpart) => {
        let version: Version | undefined;
        if (target.mainBranch) {
          const mainBranch = (await context.pacticipants.find(counterpart))?.mainBranch;
          const head = mainBranch === undefined ? undefined : await context.versions.findBranchHead(counterpart, mainBranch);
          version = head === undefined ? undefined : await context.versions.find(counterpart, head.version);
        } else version = await context.versions.findLatest(counterpart, target.tag);
        targetVersions.set(counterpart, version === undefined ? [] : [toRef(version)]);
      }),
    );
  }
  // The target's pacts the rows can use, in one batch read (not a query per counterpart version).
  const [targetPacts, unknownIgnores] = await Promise.all([context.pacts.findPublications(targetPactsNeeded({ query, specified, consumersOf, targetVersions })), findUnknownIgnores(context, query.ignore)]);
  for (const publication of targetPacts) {
    const key = versionLookupKey(publication.consumer, publication.consumerVersion);
    pactsOfConsumerVersion.set(key, [...(pactsOfConsumerVersion.get(key) ?? []), pactRef(publication)]);
  }

  // Then the verifications those rows need, in one batch read.
  const draft = { query, specified, pactsOfConsumerVersion, consumersOf, targetVersions, unknownIgnores };
  const wanted = verificationsNeeded(draft);
  const latest = await context.verifications.findLatest(wanted);
  const verifications = new Map<string, VerificationRef>();
  for (const request of wanted) {
    const found = latest.get(latestVerificationRequestKey(request));
    if (found !== undefined) verifications.set(verificationLookupKey(request.consumer, request.provider, request.sha, request.providerVersion), found);
  }
  // Rows without a verification result may be bi-directional: the provider version published an OpenAPI contract.
  const unverified = wanted.filter((request) => !verifications.has(verificationLookupKey(request.consumer, request.provider, request.sha, request.providerVersion)));
  const pendingComparisons = new Set<string>();
  for (const [key, reference] of await comparisonVerifications(context, unverified, pendingComparisons)) verifications.set(key, reference);
  const facts: MatrixFacts = { ...draft, verifications, pendingComparisons };
  const rows = buildRows(facts);
  return { facts, rows, decision: decide(facts, rows) };
}

/**
 * BDCT rows: the comparison of each pact with the provider version's OpenAPI contract, successful only if the
 * comparison found no error and the provider's self-verification succeeded. A missing comparison is requested (once)
 * and its row stays unknown, listed in `pending`.
 */
async function comparisonVerifications(
  context: ReadContext,
  rows: readonly LatestVerificationRequest[],
  pending: Set<string>,
): Promise<Map<string, VerificationRef>> {
  const found = new Map<string, VerificationRef>();
  if (rows.length === 0) return found;
  // One batch read for every provider's versions.
  const contracts = await context.providerContracts.findMany(rows.map((row) => ({ provider: row.provider, version: row.providerVersion })));
  const contractsOf = new Map<string, ProviderContract>(contracts.map((contract) => [JSON.stringify([contract.provider, contract.providerVersion]), contract]));
  const bdctRows = rows.flatMap((row) => {
    const contract = contractsOf.get(JSON.stringify([row.provider, row.providerVersion]));
    return contract === undefined ? [] : [{ row, contract }];
  });
  if (bdctRows.length === 0) return found;
  const results = await context.comparisons.findMany(bdctRows.map(({ row, contract }) => ({ consumer: row.consumer, provider: row.provider, pactSha: row.sha, oasSha: contract.sha })));
  const missing: { consumer: string; provider: string; pactSha: string; oasSha: string; providerVersion: string }[] = [];
  for (const { row, contract } of bdctRows) {
    const key = verificationLookupKey(row.consumer, row.provider, row.sha, row.providerVersion);
    const result = results.get(comparisonLookupKey(row.consumer, row.provider, row.sha, contract.sha));
    if (result === undefined) {
      pending.add(key);
      missing.push({ consumer: row.consumer, provider: row.provider, pactSha: row.sha, oasSha: contract.sha, providerVersion: row.providerVersion });
      continue;
    }
    const selfVerified = contract.selfVerification?.success === true;
    found.set(key, {
      number: 0,
      success: result.success && selfVerified,
      verifiedAt: result.comparedAt,
      providerVersion: row.providerVersion,
      type: 'BDCT',
      ...(result.success && selfVerified ? {} : { failureDetail: describeComparisonFailure(result, contract) }),
    });
  }
  await requestComparisonsFromRead(context, missing);
  return found;
}


async function findUnknownIgnores(context: ReadContext, ignore: readonly IgnoreSelector[]): Promise<IgnoreSelector[]> {
  const unknown: IgnoreSelector[] = [];
  for (const selector of ignore) {
    if (selector.pacticipant === undefined) continue;
    const exists = selector.version === undefined
      ? (await context.pacticipants.find(selector.pacticipant)) !== undefined
      : (await context.versions.find(selector.pacticipant, selector.version)) !== undefined;
    if (!exists) unknown.push(selector);
  }
  return unknown;
}
