/** The HAL shapes the UI reads (docs/wire-contract.md names every field). */
export interface HalLink {
  readonly href: string;
  readonly title?: string;
  readonly name?: string;
  readonly templated?: boolean;
}
export type HalLinks = Readonly<Record<string, HalLink | readonly HalLink[]>>;

export interface Named {
  readonly name: string;
}

export interface Integration {
  readonly consumer: Named;
  readonly provider: Named;
  readonly latestPact: { readonly consumerVersion: string; readonly pactVersionSha: string; readonly createdAt: string };
  readonly verificationStatus: 'success' | 'failed' | 'stale' | 'unverified';
  readonly latestVerification?: { readonly kind: 'verification' | 'comparison'; readonly success: boolean; readonly providerVersion: string; readonly verifiedAt: string };
}

export interface Environment {
  readonly uuid: string;
  readonly name: string;
  readonly displayName?: string;
  readonly production: boolean;
}

export interface DeployedVersionItem {
  readonly uuid: string;
  readonly applicationInstance?: string | null;
  readonly createdAt: string;
  readonly _embedded: { readonly version: { readonly number: string }; readonly pacticipant?: Named };
  readonly _links?: HalLinks;
}

export interface ReleasedVersionItem {
  readonly uuid: string;
  readonly createdAt: string;
  readonly _embedded: { readonly version: { readonly number: string }; readonly pacticipant?: Named };
}

export interface Pacticipant {
  readonly name: string;
  readonly displayName?: string;
  readonly mainBranch?: string;
  readonly repositoryUrl?: string;
  readonly createdAt?: string;
  readonly _embedded?: { readonly latestVersion?: { readonly number: string }; readonly labels?: readonly Named[] };
}

export interface VersionSummary {
  readonly number: string;
  readonly createdAt: string;
}

export interface VersionDetails extends VersionSummary {
  readonly _embedded: { readonly branchVersions: readonly (Named & { readonly latest?: boolean })[]; readonly tags: readonly Named[] };
  readonly _links: HalLinks;
}

export interface HistoryEvent {
  readonly type: 'deployed' | 'undeployed' | 'released' | 'supportEnded';
  readonly at: string;
  readonly pacticipant: Named;
  readonly version: string;
  readonly applicationInstance?: string;
}

export interface MatrixRow {
  readonly consumer: Named & { readonly version: { readonly number: string } };
  readonly provider: Named & { readonly version: { readonly number: string } | null };
  readonly pact: { readonly createdAt: string };
  readonly verificationResult: { readonly success: boolean; readonly verifiedAt: string; readonly _links: HalLinks } | null;
  readonly verificationType?: 'CDCT' | 'BDCT' | null;
  readonly ignored?: boolean;
}

export interface MatrixResponse {
  readonly summary: { readonly deployable: boolean | null; readonly reason: string; readonly success: number; readonly failed: number; readonly unknown: number; readonly ignored?: number };
  readonly notices: readonly { readonly type: string; readonly text: string }[];
  readonly matrix: readonly MatrixRow[];
}

/** The links under `rel`, as a list whether the resource has one or many. */
export function linksOf(links: HalLinks | undefined, rel: string): readonly HalLink[] {
  const value = links?.[rel];
  if (value === undefined) return [];
  return Array.isArray(value) ? (value as readonly HalLink[]) : [value as HalLink];
}
