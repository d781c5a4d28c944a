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
  /** Pacts published by each consumer version involved, by `versionLookupKey`. */
  readonly pactsOfConsumerVersion: ReadonlyMap<string, readonly PactRef[]>;
  /** Consumers that ever had a pact with each specified pacticipant. */
  readonly consumersOf: ReadonlyMap<string, readonly string[]>;
  /** The versions of each counterpart in the target (deployed or released in the environment, latest, …). */
  readonly targetVersions: ReadonlyMap<string, readonly VersionRef[]>;
  /** The latest verification per (consumer, provider, content, provider version), by `verificationLookupKey`. */
  readonly verifications: ReadonlyMap<string, VerificationRef>;
  /** Ignore selectors that name something unknown (a warning each). */
  readonly unknownIgnores?: readonly IgnoreSelector[];
  /** Rows (by `verificationLookupKey`) whose provider has an OpenAPI contract but whose comparison is still being made. */
  readonly pendingComparisons?: ReadonlySet<string>;
}

export const versionLookupKey = (pacticipant: string, number: string): string => JSON.stringify([pacticipant, number]);
export const verificationLookupKey = (consumer: string, provider: string, sha: string, providerVersion: string): string => JSON.stringify([consumer, provider, sha, providerVersion]);

/** One side of a row: a version the caller specified, or one inferred from the target (or none found). */
export type Party =
  | { readonly kind: 'specified'; readonly resolved: ResolvedSpecified; readonly version: VersionRef | undefined; readonly oneOfMany: boolean }
  | { readonly kind: 'inferred'; readonly target: MatrixTarget; readonly pacticipant: string; readonly version: VersionRef | undefined; readonly oneOfMany: boolean };

const specifiedParty = (resolved: ResolvedSpecified, version: VersionRef | undefined, oneOfMany: boolean): Party => ({ kind: 'specified', resolved, version, oneOfMany });
const inferredParty = (target: MatrixTarget, pacticipant: string, version: VersionRef | undefined, oneOfMany: boolean): Party => ({ kind: 'inferred', target, pacticipant, version, oneOfMany });

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
  /** Who is on each side, as data (the messages module words it: docs/rules.md §7.9). */
  readonly consumerParty: Party;
  readonly providerParty: Party;
  readonly ignored: boolean;
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
  const verificationOf = (pact: PactRef, providerVersion: string) => facts.verifications.get(verificationLookupKey(pact.consumer, pact.provider, pact.sha, providerVersion)) ?? null;
  const pendingOf = (pact: PactRef, providerVersion: string) => facts.pendingComparisons?.has(verificationLookupKey(pact.consumer, pact.provider, pact.sha, providerVersion)) === true;
  const ignoredRow = (consumer: VersionRef, provider: string, providerVersion: VersionRef | null) =>
    isIgnored(query.ignore, consumer.pacticipant, consumer.number) || isIgnored(query.ignore, provider, providerVersion?.number);

  for (const resolved of facts.specified) {
    const oneOfMany = resolved.versions.length > 1;
    for (const version of resolved.versions) {
      const selfParty = specifiedParty(resolved, version, oneOfMany);
      // As consumer: each provider it has a pact with.
      for (const pact of facts.pactsOfConsumerVersion.get(versionLookupKey(version.pacticipant, version.number)) ?? []) {
        const specifiedProvider = specifiedByName.get(pact.provider);
        let counterparts: readonly VersionRef[] | undefined;
        let describe: (counterpart: VersionRef | undefined, many: boolean) => Party;
        if (specifiedProvider !== undefined) {
          counterparts = specifiedProvider.versions;
          describe = (counterpart, many) => specifiedParty(specifiedProvider.resolved, counterpart, many);
        } else if (targeted) {
          counterparts = facts.targetVersions.get(pact.provider) ?? [];
          describe = (counterpart, many) => inferredParty(query.target, pact.provider, counterpart, many);
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
            consumerParty: selfParty,
            providerParty: describe(undefined, false),
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
            consumerParty: selfParty,
            providerParty: describe(providerVersion, counterparts.length > 1),
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
          const pact = (facts.pactsOfConsumerVersion.get(versionLookupKey(consumer, consumerVersion.number)) ?? []).find((candidate) => candidate.provider === version.pacticipant);
          if (pact === undefined) continue; // That consumer version does not depend on this provider.
          push({
            consumerVersion,
            providerVersion: version,
            provider: version.pacticipant,
            pact,
            verification: verificationOf(pact, version.number),
            counterpartMissing: false,
            comparisonPending: pendingOf(pact, version.number),
            consumerParty: inferredParty(query.target, consumer, consumerVersion, consumerVersions.length > 1),
            providerParty: selfParty,
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

/**
 * Why can-i-deploy answers as it does, as data; `#domain/messages.ts` words each reason for the CLIs. Warnings come
 * first, then either the errors or the one success reason.
 */
export type MatrixReason =
  | { readonly kind: 'cannotIgnore'; readonly ignore: IgnoreSelector }
  | { readonly kind: 'recommendEnvironment' }
  | { readonly kind: 'recommendVersion' }
  | { readonly kind: 'specifiedNotFound'; readonly resolved: ResolvedSpecified }
  | { readonly kind: 'counterpartMissing'; readonly row: MatrixRow; readonly environment: string | undefined }
  | { readonly kind: 'verificationFailed'; readonly row: MatrixRow }
  | { readonly kind: 'comparisonPending'; readonly row: MatrixRow }
  | { readonly kind: 'verificationMissing'; readonly row: MatrixRow }
  | { readonly kind: 'allVerified' }
  | { readonly kind: 'noDependencies' };

export interface Decision {
  readonly deployable: boolean | null;
  readonly reasons: readonly MatrixReason[];
  readonly success: number;
  readonly failed: number;
  readonly unknown: number;
  readonly ignored?: number;
}

export function decide(facts: MatrixFacts, rows: readonly MatrixRow[]): Decision {
  const { query } = facts;
  const warnings: MatrixReason[] = (facts.unknownIgnores ?? []).map((ignore) => ({ kind: 'cannotIgnore', ignore }));
  if (facts.specified.length === 1 && query.target.tag === undefined && query.target.environment === undefined && !query.target.mainBranch) warnings.push({ kind: 'recommendEnvironment' });
  const bySelector = facts.specified.filter((resolved) => resolved.selector.tag || resolved.selector.branch || resolved.selector.latest || resolved.selector.mainBranch);
  if (bySelector.length > 0 && facts.specified.every((resolved) => resolved.selector.version === undefined)) warnings.push({ kind: 'recommendVersion' });

  const considered = rows.filter((row) => !row.ignored);
  const counts = {
    success: considered.filter((row) => row.verification?.success === true).length,
    failed: considered.filter((row) => row.verification?.success === false).length,
    unknown: considered.filter((row) => row.verification === null).length,
    ...(query.ignore.length > 0 ? { ignored: rows.length - considered.length } : {}),
  };

  const missingSpecified = facts.specified.filter((resolved) => resolved.versions.length === 0 && !isIgnored(query.ignore, resolved.selector.pacticipant, resolved.selector.version));
  if (missingSpecified.length > 0) return { deployable: false, reasons: [...warnings, ...missingSpecified.map((resolved): MatrixReason => ({ kind: 'specifiedNotFound', resolved }))], ...counts };

  const missing = considered.filter((row) => row.counterpartMissing);
  const failed = considered.filter((row) => row.verification?.success === false);
  const unverified = considered.filter((row) => row.verification === null && !row.counterpartMissing);
  const errors: MatrixReason[] = [
    ...missing.map((row): MatrixReason => ({ kind: 'counterpartMissing', row, environment: query.target.environment })),
    ...failed.map((row): MatrixReason => ({ kind: 'verificationFailed', row })),
    ...unverified.map((row): MatrixReason => (row.comparisonPending ? { kind: 'comparisonPending', row } : { kind: 'verificationMissing', row })),
  ];
  if (errors.length > 0) return { deployable: failed.length > 0 || missing.length > 0 ? false : null, reasons: [...warnings, ...errors], ...counts };
  return { deployable: true, reasons: [...warnings, { kind: considered.length > 0 ? 'allVerified' : 'noDependencies' }], ...counts };
}
