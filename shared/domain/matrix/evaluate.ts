/**
 * The matrix and can-i-deploy as pure functions over facts the service has fetched (docs/rules.md §7):
 * `buildRows` joins the pacts of the versions involved with the latest verification of each (pact content, provider
 * version) pair, and `decide` turns the rows into `deployable` true / false / null with reasons a person can act on.
 *
 * Deliberate improvements over the reference broker:
 * - when an environment is targeted, every counterpart version deployed or released there gets its own row, whatever
 *   `latestby` says, in both directions (reference #903; docs/rules.md §7.5, §7.6): a co-resident version that never verified is unknown;
 * - `deployable` is null only while waiting for a verification result can still change the answer: a failed row, a
 *   dependency with no version in the target, or a missing specified version make it false at once, so polling with
 *   `--retry-while-unknown` ends as soon as it can;
 * - no limit truncates the evidence for a decision.
 */
import type { IgnoreSelector, MatrixQuery, MatrixSelector, MatrixTarget } from './query.ts';

export interface VersionRef {
  readonly pacticipant: string;
  readonly number: string;
  readonly order: number;
}

export interface PactRef {
  readonly consumer: string;
  readonly consumerVersion: string;
  readonly provider: string;
  readonly sha: string;
  readonly createdAt: string;
}

export interface VerificationRef {
  readonly number: number;
  readonly success: boolean;
  readonly verifiedAt: string;
  readonly providerVersion: string;
  /** CDCT: a verification result; BDCT: a comparison of the pact with the provider's OpenAPI contract. */
  readonly type?: 'CDCT' | 'BDCT';
  /** Why it failed, in words a person can act on (BDCT: which interactions, paths and mismatches). */
  readonly failureDetail?: string;
}

/** A specified selector with the versions it matched (none when it matched nothing). */
export interface ResolvedSpecified {
  readonly selector: MatrixSelector & { readonly pacticipant: string };
  readonly versions: readonly VersionRef[];
  readonly pacticipantExists: boolean;
  /** The main branch's name, for descriptions of mainBranch selectors. */
  readonly mainBranch?: string;
}

export interface MatrixFacts {
  readonly query: MatrixQuery;
  readonly specified: readonly ResolvedSpecified[];
  /** Pacts published by each consumer version involved, by `versionKey`. */
  readonly pactsOfConsumerVersion: ReadonlyMap<string, readonly PactRef[]>;
  /** Consumers that ever had a pact with each specified pacticipant. */
  readonly consumersOf: ReadonlyMap<string, readonly string[]>;
  /** The versions of each counterpart in the target (deployed or released in the environment, latest, …). */
  readonly targetVersions: ReadonlyMap<string, readonly VersionRef[]>;
  /** The latest verification per (consumer, provider, content, provider version), by `verificationKey`. */
  readonly verifications: ReadonlyMap<string, VerificationRef>;
  /** Ignore selectors that name something unknown (a warning each). */
  readonly unknownIgnores?: readonly IgnoreSelector[];
  /** Rows (by `verificationKey`) whose provider has an OpenAPI contract but whose comparison is still being made. */
  readonly pendingComparisons?: ReadonlySet<string>;
}

export const versionKey = (pacticipant: string, number: string): string => JSON.stringify([pacticipant, number]);
export const verificationKey = (consumer: string, provider: string, sha: string, providerVersion: string): string => JSON.stringify([consumer, provider, sha, providerVersion]);

export interface MatrixRow {
  readonly consumerVersion: VersionRef;
  readonly providerVersion: VersionRef | null;
  /** The provider's name (also when no provider version is in the target). */
  readonly provider: string;
  readonly pact: PactRef;
  readonly verification: VerificationRef | null;
  /** The counterpart has no version in the target at all: a dependency missing there. */
  readonly counterpartMissing: boolean;
  /** The provider version has an OpenAPI contract whose comparison with this pact is not made yet. */
  readonly comparisonPending: boolean;
  readonly consumerDescription: string;
  readonly providerDescription: string;
  readonly ignored: boolean;
}

// Descriptions (docs/rules.md §7.9)

function describeSpecified(resolved: ResolvedSpecified, version: VersionRef | undefined, oneOfMany: boolean): string {
  const { selector } = resolved;
  const p = selector.pacticipant;
  const found = version === undefined ? undefined : version.number;
  if (selector.latest && selector.tag) return found ? `the latest version of ${p} with tag ${selector.tag} (${found})` : `the latest version of ${p} with tag ${selector.tag} (no such version exists)`;
  if (selector.mainBranch) {
    if (found) return `${selector.latest ? 'the latest version' : oneOfMany ? 'one of the versions' : 'the version'} of ${p} from branch ${resolved.mainBranch ?? 'main'} (${found})`;
    return `${selector.latest ? 'the latest version' : 'any version'} of ${p} from the main branch (no versions exist for this branch)`;
  }
  if (selector.branch) {
    if (selector.latest) return found ? `the latest version of ${p} from branch ${selector.branch} (${found})` : `the latest version of ${p} from branch ${selector.branch} (no such version exists)`;
    return found ? `${oneOfMany ? 'one of the versions' : 'the version'} of ${p} from branch ${selector.branch} (${found})` : `a version of ${p} from branch ${selector.branch} (no such version exists)`;
  }
  if (selector.latest) return found ? `the latest version of ${p} (${found})` : `the latest version of ${p} (no such version exists)`;
  if (selector.tag) return found ? `a version of ${p} with tag ${selector.tag} (${found})` : `a version of ${p} with tag ${selector.tag} (no such version exists)`;
  if (selector.environment) {
    return found
      ? `${oneOfMany ? 'one of the versions' : 'the version'} of ${p} currently in ${selector.environment} (${found})`
      : `a version of ${p} currently in ${selector.environment} (no version is currently recorded as deployed/released in this environment)`;
  }
  if (selector.version) return found ? `version ${selector.version} of ${p}` : `version ${selector.version} of ${p} (no such version exists)`;
  return found ? `version ${found} of ${p}` : `any version of ${p}`;
}

function describeInferred(target: MatrixTarget, pacticipant: string, version: VersionRef | undefined, oneOfMany: boolean): string {
  const found = version?.number;
  if (target.environment !== undefined) {
    return found
      ? `${oneOfMany ? 'one of the versions' : 'the version'} of ${pacticipant} currently in ${target.environment} (${found})`
      : `a version of ${pacticipant} currently in ${target.environment} (no version is currently recorded as deployed/released in this environment)`;
  }
  if (target.tag !== undefined) return found ? `the latest version of ${pacticipant} with tag ${target.tag} (${found})` : `the latest version of ${pacticipant} with tag ${target.tag} (no such version exists)`;
  if (target.mainBranch) return found ? `the latest version of ${pacticipant} from the main branch (${found})` : `the latest version of ${pacticipant} from the main branch (no versions exist for this branch)`;
  return found ? `the latest version of ${pacticipant} (${found})` : `the latest version of ${pacticipant} (no such version exists)`;
}

/** Why a specified selector matched nothing. */
export function doesNotExist(resolved: ResolvedSpecified): string {
  const { selector } = resolved;
  const p = selector.pacticipant;
  if (selector.tag) return `No version with tag ${selector.tag} exists for ${p}`;
  if (selector.branch) return `No version of ${p} from branch ${selector.branch} exists`;
  if (selector.mainBranch) return `No version of ${p} from the main branch exists`;
  if (selector.environment) return `No version of ${p} is currently recorded as deployed or released in environment ${selector.environment}`;
  if (selector.version) return `No pacts or verifications have been published for version ${selector.version} of ${p}`;
  return `No pacts or verifications have been published for ${p}`;
}

const hasTarget = (target: MatrixTarget): boolean => target.environment !== undefined || target.tag !== undefined || target.mainBranch === true || target.latest === true;

function isIgnored(ignore: readonly IgnoreSelector[], pacticipant: string, version: string | undefined): boolean {
  return ignore.some((selector) => selector.pacticipant === pacticipant && (selector.version === undefined || selector.version === version));
}

/**
 * The rows: one per (pact, provider version) between a specified version and its counterparts. A consumer's pact
 * with a provider that has no version in the target is one row with no provider version (a missing dependency).
 */
/** A pact the rows need from a version in the target: the counterpart consumer version's pact with a specified pacticipant. */
export interface TargetPactNeeded {
  readonly consumer: string;
  readonly consumerVersion: string;
  readonly provider: string;
}

/**
 * The first "which facts do I need" step: the only pacts of target versions a row can use are those of counterpart
 * consumers with a specified pacticipant (rows with counterpart providers use the specified version's own pacts).
 */
export function targetPactsNeeded(facts: Pick<MatrixFacts, 'query' | 'specified' | 'consumersOf' | 'targetVersions'>): TargetPactNeeded[] {
  if (!hasTarget(facts.query.target)) return [];
  const specifiedNames = new Set(facts.specified.map((resolved) => resolved.selector.pacticipant));
  const needed = new Map<string, TargetPactNeeded>();
  for (const resolved of facts.specified) {
    const provider = resolved.selector.pacticipant;
    for (const consumer of facts.consumersOf.get(provider) ?? []) {
      if (specifiedNames.has(consumer)) continue;
      for (const version of facts.targetVersions.get(consumer) ?? []) needed.set(JSON.stringify([consumer, version.number, provider]), { consumer, consumerVersion: version.number, provider });
    }
  }
  return [...needed.values()];
}

/** A verification the rows need: the latest of one pact version by one provider version. */
export interface VerificationNeeded {
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly providerVersion: string;
}

/** The second step: every (pact, provider version) pair that will be a row, given all facts but the verifications. */
export function verificationsNeeded(facts: Omit<MatrixFacts, 'verifications' | 'pendingComparisons'>): VerificationNeeded[] {
  return buildRows({ ...facts, verifications: new Map() }).flatMap((row) =>
    row.providerVersion === null ? [] : [{ consumer: row.pact.consumer, provider: row.pact.provider, sha: row.pact.sha, providerVersion: row.providerVersion.number }],
  );
}

export function buildRows(facts: MatrixFacts): MatrixRow[] {
  const { query } = facts;
  const targeted = hasTarget(query.target);
  const specifiedByName = new Map<string, { resolved: ResolvedSpecified; versions: readonly VersionRef[] }>();
  for (const resolved of facts.specified) specifiedByName.set(resolved.selector.pacticipant, { resolved, versions: resolved.versions });
  const rows: MatrixRow[] = [];
  const seen = new Set<string>();
  const push = (row: MatrixRow) => {
    const key = JSON.stringify([row.consumerVersion.pacticipant, row.consumerVersion.number, row.provider, row.providerVersion?.number ?? null, row.pact.sha]);
    if (seen.has(key)) return;
    seen.add(key);
    rows.push(row);
  };
  const verificationOf = (pact: PactRef, providerVersion: string) => facts.verifications.get(verificationKey(pact.consumer, pact.provider, pact.sha, providerVersion)) ?? null;
  const pendingOf = (pact: PactRef, providerVersion: string) => facts.pendingComparisons?.has(verificationKey(pact.consumer, pact.provider, pact.sha, providerVersion)) === true;
  const ignoredRow = (consumer: VersionRef, provider: string, providerVersion: VersionRef | null) =>
    isIgnored(query.ignore, consumer.pacticipant, consumer.number) || isIgnored(query.ignore, provider, providerVersion?.number);

  for (const resolved of facts.specified) {
    const oneOfMany = resolved.versions.length > 1;
    for (const version of resolved.versions) {
      const selfDescription = describeSpecified(resolved, version, oneOfMany);
      // As consumer: each provider it has a pact with.
      for (const pact of facts.pactsOfConsumerVersion.get(versionKey(version.pacticipant, version.number)) ?? []) {
        const specifiedProvider = specifiedByName.get(pact.provider);
        let counterparts: readonly VersionRef[] | undefined;
        let describe: (counterpart: VersionRef | undefined, many: boolean) => string;
        if (specifiedProvider !== undefined) {
          counterparts = specifiedProvider.versions;
          describe = (counterpart, many) => describeSpecified(specifiedProvider.resolved, counterpart, many);
        } else if (targeted) {
          counterparts = facts.targetVersions.get(pact.provider) ?? [];
          describe = (counterpart, many) => describeInferred(query.target, pact.provider, counterpart, many);
        } else continue; // Several selectors and no target: only integrations between the specified versions count.
        if (counterparts.length === 0) {
          push({
            consumerVersion: version,
            providerVersion: null,
            provider: pact.provider,
            pact,
            verification: null,
            counterpartMissing: true,
            comparisonPending: false,
            consumerDescription: selfDescription,
            providerDescription: describe(undefined, false),
            ignored: ignoredRow(version, pact.provider, null),
          });
          continue;
        }
        for (const providerVersion of counterparts) {
          push({
            consumerVersion: version,
            providerVersion,
            provider: pact.provider,
            pact,
            verification: verificationOf(pact, providerVersion.number),
            counterpartMissing: false,
            comparisonPending: pendingOf(pact, providerVersion.number),
            consumerDescription: selfDescription,
            providerDescription: describe(providerVersion, counterparts.length > 1),
            ignored: ignoredRow(version, pact.provider, providerVersion),
          });
        }
      }
      // As provider: each consumer version in the target that has a pact with it.
      if (!targeted) continue;
      for (const consumer of facts.consumersOf.get(version.pacticipant) ?? []) {
        if (specifiedByName.has(consumer)) continue; // Covered from the consumer's side.
        const consumerVersions = facts.targetVersions.get(consumer) ?? [];
        for (const consumerVersion of consumerVersions) {
          const pact = (facts.pactsOfConsumerVersion.get(versionKey(consumer, consumerVersion.number)) ?? []).find((candidate) => candidate.provider === version.pacticipant);
          if (pact === undefined) continue; // That consumer version does not depend on this provider.
          push({
            consumerVersion,
            providerVersion: version,
            provider: version.pacticipant,
            pact,
            verification: verificationOf(pact, version.number),
            counterpartMissing: false,
            comparisonPending: pendingOf(pact, version.number),
            consumerDescription: describeInferred(query.target, consumer, consumerVersion, consumerVersions.length > 1),
            providerDescription: selfDescription,
            ignored: ignoredRow(consumerVersion, version.pacticipant, version),
          });
        }
      }
    }
  }
  return applyLatestBy(rows, query, targeted).sort(compareRows);
}

/** `latestby=cvp` keeps the newest provider version per consumer version and provider, except when an environment is targeted. */
function applyLatestBy(rows: MatrixRow[], query: MatrixQuery, targeted: boolean): MatrixRow[] {
  if (query.latestby !== 'cvp' && query.latestby !== 'cp') return rows;
  if (targeted && query.target.environment !== undefined) return rows;
  const best = new Map<string, MatrixRow>();
  for (const row of rows) {
    const key = query.latestby === 'cp' ? JSON.stringify([row.consumerVersion.pacticipant, row.provider]) : JSON.stringify([row.consumerVersion.pacticipant, row.consumerVersion.number, row.provider]);
    const current = best.get(key);
    const order = (candidate: MatrixRow) => [candidate.consumerVersion.order, candidate.providerVersion?.order ?? -1] as const;
    if (current === undefined) best.set(key, row);
    else {
      const [currentConsumer, currentProvider] = order(current);
      const [rowConsumer, rowProvider] = order(row);
      if (rowConsumer > currentConsumer || (rowConsumer === currentConsumer && rowProvider > currentProvider)) best.set(key, row);
    }
  }
  return [...best.values()];
}

function compareRows(a: MatrixRow, b: MatrixRow): number {
  if (a.ignored !== b.ignored) return a.ignored ? 1 : -1;
  return (
    a.consumerVersion.pacticipant.localeCompare(b.consumerVersion.pacticipant) ||
    b.consumerVersion.order - a.consumerVersion.order ||
    a.provider.localeCompare(b.provider) ||
    (b.providerVersion?.order ?? -1) - (a.providerVersion?.order ?? -1)
  );
}

export interface Notice {
  readonly type: 'warning' | 'error' | 'success' | 'info';
  readonly text: string;
}

export interface Decision {
  readonly deployable: boolean | null;
  readonly notices: readonly Notice[];
  readonly success: number;
  readonly failed: number;
  readonly unknown: number;
  readonly ignored?: number;
}

const RECOMMEND_ENVIRONMENT = 'WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.';
const RECOMMEND_VERSION =
  'WARN: It is recommended to specify the version number (rather than the tag or branch) of the pacticipant you wish to deploy to avoid race conditions. Without a version number, this result will not be reliable.';

export function decide(facts: MatrixFacts, rows: readonly MatrixRow[]): Decision {
  const { query } = facts;
  const warnings: Notice[] = [];
  for (const ignore of facts.unknownIgnores ?? []) {
    warnings.push({ type: 'warning', text: `WARN: Cannot ignore ${ignore.version === undefined ? `any version of ${ignore.pacticipant}` : `version ${ignore.version} of ${ignore.pacticipant}`} (no such ${ignore.version === undefined ? 'pacticipant' : 'version'} exists)` });
  }
  if (facts.specified.length === 1 && query.target.tag === undefined && query.target.environment === undefined && !query.target.mainBranch) warnings.push({ type: 'warning', text: RECOMMEND_ENVIRONMENT });
  const bySelector = facts.specified.filter((resolved) => resolved.selector.tag || resolved.selector.branch || resolved.selector.latest || resolved.selector.mainBranch);
  if (bySelector.length > 0 && facts.specified.every((resolved) => resolved.selector.version === undefined)) warnings.push({ type: 'warning', text: RECOMMEND_VERSION });

  const considered = rows.filter((row) => !row.ignored);
  const counts = {
    success: considered.filter((row) => row.verification?.success === true).length,
    failed: considered.filter((row) => row.verification?.success === false).length,
    unknown: considered.filter((row) => row.verification === null).length,
    ...(query.ignore.length > 0 ? { ignored: rows.length - considered.length } : {}),
  };

  const missingSpecified = facts.specified.filter((resolved) => resolved.versions.length === 0 && !isIgnored(query.ignore, resolved.selector.pacticipant, resolved.selector.version));
  if (missingSpecified.length > 0) {
    return { deployable: false, notices: [...warnings, ...unique(missingSpecified.map(doesNotExist)).map((text) => ({ type: 'error' as const, text }))], ...counts };
  }

  const missing = considered.filter((row) => row.counterpartMissing);
  const failed = considered.filter((row) => row.verification?.success === false);
  const unverified = considered.filter((row) => row.verification === null && !row.counterpartMissing);
  const errors = [
    ...missing.map((row) => {
      const absent = row.providerVersion === null ? row.provider : row.consumerVersion.pacticipant;
      const where = query.target.environment !== undefined ? ` If ${absent} is running in ${query.target.environment}, record it there with: pact-broker record-deployment --pacticipant ${absent} --version <version> --environment ${query.target.environment} (or record-release).` : '';
      return `There is no verified pact between ${row.consumerDescription} and ${row.providerDescription}.${where}`;
    }),
    ...failed.map((row) =>
      row.verification?.type === 'BDCT'
        ? `The pact between ${row.consumerDescription} and ${row.providerDescription} is not compatible with ${row.provider}'s provider contract${row.verification.failureDetail ? `: ${row.verification.failureDetail}` : ''}`
        : `The verification for the pact between ${row.consumerDescription} and ${row.providerDescription} failed`,
    ),
    ...unverified.map((row) => {
      const providerVersion = row.providerVersion?.number ?? '';
      if (row.comparisonPending) {
        return `There is no verified pact between ${row.consumerDescription} and ${row.providerDescription}. The comparison of this pact with ${row.provider} version ${providerVersion}'s provider contract is being generated; ask again shortly (can-i-deploy --retry-while-unknown).`;
      }
      return `There is no verified pact between ${row.consumerDescription} and ${row.providerDescription}. Waiting for ${row.provider} version ${providerVersion} to publish a verification result for this pact (run its provider verification with publishing enabled).`;
    }),
  ];
  if (errors.length > 0) {
    const deployable = failed.length > 0 || missing.length > 0 ? false : null;
    return { deployable, notices: [...warnings, ...unique(errors).map((text) => ({ type: 'error' as const, text }))], ...counts };
  }
  const success = considered.length > 0 ? 'All required verification results are published and successful' : 'There are no missing dependencies';
  return { deployable: true, notices: [...warnings, { type: 'success', text: success }], ...counts };
}

const unique = (texts: readonly string[]): string[] => [...new Set(texts)];
