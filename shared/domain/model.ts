/** The broker's domain, in the Pact vocabulary. Timestamps are ISO-8601 UTC strings. */

export interface Pacticipant {
  readonly name: string;
  readonly displayName: string;
  readonly mainBranch?: string;
  readonly repositoryUrl?: string;
  readonly repositoryName?: string;
  readonly repositoryNamespace?: string;
  /** Label names, sorted (webhooks can be scoped to a label). */
  readonly labels?: readonly string[];
  readonly createdAt: string;
  readonly updatedAt?: string;
}

export interface Version {
  readonly pacticipant: string;
  readonly number: string;
  /** Creation order within the tenant: "latest" means created most recently. */
  readonly order: number;
  readonly buildUrl?: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
}

export interface Tag {
  readonly pacticipant: string;
  readonly version: string;
  readonly name: string;
  readonly versionOrder: number;
  readonly createdAt: string;
}

export interface Branch {
  readonly pacticipant: string;
  readonly name: string;
  readonly createdAt: string;
}

export interface BranchVersion {
  readonly pacticipant: string;
  readonly branch: string;
  readonly version: string;
  /** When the version was added to the branch, as a tenant sequence number: the highest is the head. */
  readonly sequence: number;
  readonly createdAt: string;
}

/** A version with what hangs off it. `latest` says whether the version is the head of that branch. */
export interface VersionDetails {
  readonly version: Version;
  readonly tags: readonly Tag[];
  readonly branches: readonly (BranchVersion & { readonly latest: boolean })[];
  /** The pacts this version published as a consumer, one per provider. */
  readonly pacts: readonly PactPublication[];
}

export interface Environment {
  readonly uuid: string;
  readonly name: string;
  readonly displayName: string;
  readonly production: boolean;
  /** Stored as given (clients disagree on the shape of a contact's details). */
  readonly contacts?: readonly unknown[];
  readonly createdAt: string;
  readonly updatedAt?: string;
}

export interface DeployedVersion {
  readonly uuid: string;
  readonly pacticipant: string;
  readonly version: string;
  /** The version's creation order, copied so "what is in an environment" needs no version lookups. */
  readonly versionOrder?: number;
  readonly environmentUuid: string;
  /** Absent means "no application instance", which is an instance slot of its own. */
  readonly applicationInstance?: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly undeployedAt?: string;
}

export interface ReleasedVersion {
  readonly uuid: string;
  readonly pacticipant: string;
  readonly version: string;
  readonly versionOrder?: number;
  readonly environmentUuid: string;
  readonly createdAt: string;
  readonly updatedAt?: string;
  readonly supportEndedAt?: string;
}

/** The slot one deployed version occupies: one pacticipant, one environment, one application instance (or none). */
export interface DeploymentSlot {
  readonly pacticipant: string;
  readonly environmentUuid: string;
  readonly applicationInstance?: string;
}

/** What the "currently deployed" pointer of a slot says. */
export interface CurrentDeployment extends DeploymentSlot {
  readonly deployedVersionUuid: string;
  readonly version: string;
  readonly versionOrder?: number;
  readonly createdAt: string;
}

export interface CurrentRelease {
  readonly releasedVersionUuid: string;
  readonly pacticipant: string;
  readonly version: string;
  readonly versionOrder?: number;
  readonly environmentUuid: string;
  readonly createdAt: string;
}

/** Where a version can go (the tenant's environments) and where it went. */
export interface VersionLifecycle {
  readonly environments: readonly Environment[];
  readonly deployments: readonly DeployedVersion[];
  readonly releases: readonly ReleasedVersion[];
}

/** A pact version: one distinct content between a consumer and a provider. `sha` identifies the content. */
export interface PactVersion {
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly createdAt: string;
}

/** The pact a consumer version published for a provider (only the latest revision is kept). */
export interface PactPublication {
  readonly consumer: string;
  readonly consumerVersion: string;
  readonly consumerVersionOrder: number;
  readonly provider: string;
  readonly sha: string;
  readonly revision: number;
  readonly createdAt: string;
  readonly updatedAt?: string;
}

export interface Integration {
  readonly consumer: string;
  readonly provider: string;
  readonly createdAt: string;
}

export interface VerificationResult {
  readonly number: number;
  readonly consumer: string;
  readonly provider: string;
  readonly sha: string;
  readonly providerVersion: string;
  readonly success: boolean;
  readonly verifiedAt: string;
  readonly buildUrl?: string;
  readonly verifiedBy?: unknown;
}

/** The latest verification of a pact version by one provider version: what the matrix uses. */
export interface LatestVerification {
  readonly number: number;
  readonly providerVersion: string;
  readonly success: boolean;
  readonly verifiedAt: string;
}

/** A provider's own description of its API (OpenAPI), with the result of its self-verification. */
export interface ProviderContract {
  readonly provider: string;
  readonly providerVersion: string;
  readonly providerVersionOrder: number;
  /** SHA-256 of the document's bytes: the same document under many provider versions is compared once. */
  readonly sha: string;
  readonly specification: 'oas';
  readonly contentType: string;
  readonly selfVerification?: SelfVerification;
  readonly createdAt: string;
}

export interface SelfVerification {
  readonly success: boolean;
  readonly content?: string;
  readonly contentType?: string;
  readonly format?: string;
  readonly verifier?: string;
  readonly verifierVersion?: string;
}

/** One finding of the comparison engine, as it reports it. */
export interface ComparisonFinding {
  readonly code: string;
  readonly message: string;
  readonly type: 'error' | 'warning' | 'info';
  readonly mockDetails?: { readonly interactionDescription?: string | null; readonly interactionState?: string | null; readonly location: string; readonly value?: unknown };
  readonly specDetails?: { readonly location: string; readonly pathMethod?: string | null; readonly pathName?: string | null; readonly value?: unknown };
}

/** A pact (content) compared with a provider contract (content): written once, complete. */
export interface ComparisonResult {
  readonly consumer: string;
  readonly provider: string;
  readonly pactSha: string;
  readonly oasSha: string;
  /** No errors (warnings do not fail a comparison). */
  readonly success: boolean;
  readonly errors: readonly ComparisonFinding[];
  readonly warnings: readonly ComparisonFinding[];
  readonly engine: string;
  readonly engineVersion: string;
  readonly comparedAt: string;
  /**
   * The provider version whose contract the comparison was requested for, when the requester named it (every requester
   * does since this field exists): where the comparison's resource is, and whose self-verification counts with it.
   */
  readonly providerVersion?: string;
}

/**
 * What checked one pact content against its provider: a verification result, or a comparison with a provider version's
 * contract (`success` is the comparison's own: no error). An integration's status is computed from these (docs/rules.md §5.4).
 */
export type PactVersionResult =
  | {
      readonly kind: 'verification';
      readonly consumer: string;
      readonly provider: string;
      readonly sha: string;
      readonly number: number;
      readonly providerVersion: string;
      readonly success: boolean;
      readonly at: string;
    }
  | {
      readonly kind: 'comparison';
      readonly consumer: string;
      readonly provider: string;
      readonly sha: string;
      readonly oasSha: string;
      readonly providerVersion?: string;
      readonly success: boolean;
      readonly at: string;
    };

/** What the comparison worker is asked to do. */
export interface ComparisonJob {
  readonly tenant: string;
  readonly consumer: string;
  readonly provider: string;
  readonly pactSha: string;
  readonly oasSha: string;
  /** The provider version whose contract the comparison is for (what its webhooks report), when the requester knew it. */
  readonly providerVersion?: string;
  /** The broker's public URL as the requester saw it (the links its webhook events carry). */
  readonly baseUrl?: string;
}
