/**
 * A bi-directional comparison as the page shows it: the broker's comparison result (PactFlow's shape,
 * shared/http/provider-contract-representations.ts) read into numbered mismatches, each tied to the interaction of the
 * pact it concerns and to its place in the provider's OpenAPI document. No DOM.
 */
import type { HalLinks } from '../model.ts';
import { locate, locateSpec, parseMockLocation, type Located, type MockLocation, type SpecDetails } from './locate.ts';
import type { OutlineNode } from './outline.ts';
import type { Interaction } from './pact.ts';

/** One finding of the engine, as stored (every field optional: the page reads what is there). */
export interface Finding {
  readonly code?: string;
  readonly message?: string;
  readonly type?: string;
  readonly mockDetails?: { readonly interactionDescription?: string | null; readonly interactionState?: string | null; readonly location?: string | null; readonly value?: unknown } | null;
  readonly specDetails?: (SpecDetails & { readonly value?: unknown }) | null;
}

export interface ComparisonResource {
  readonly summary: { readonly success: boolean | null; readonly status?: string };
  readonly crossContractVerificationResults: {
    readonly success: boolean;
    readonly results: { readonly errors?: readonly Finding[]; readonly warnings?: readonly Finding[]; readonly failureReason?: string };
    readonly verificationDate?: string;
    readonly verifier?: string;
    readonly verifierVersion?: string;
  } | null;
  readonly providerContractVerificationResults?: { readonly success: boolean; readonly verifier?: string; readonly verifierVersion?: string; readonly format?: string; readonly contentType?: string; readonly content?: string };
  readonly _links?: HalLinks;
}

export interface ProviderContractResource {
  readonly provider: string;
  readonly providerVersion: string;
  readonly specification?: string;
  readonly contentType?: string;
  readonly content: string;
  readonly sha?: string;
  readonly createdAt?: string;
  /** Present only when the provider published its self-verification (the comparison's copy says `false` when it did not). */
  readonly selfVerificationResults?: { readonly success: boolean; readonly verifier?: string; readonly verifierVersion?: string };
  readonly _links?: HalLinks;
}

export type Severity = 'error' | 'warning' | 'info';

export interface Mismatch {
  /** 1-based, errors first: what the page calls it ("Mismatch 2"). */
  readonly number: number;
  readonly severity: Severity;
  readonly code: string;
  readonly message: string;
  readonly mock?: {
    readonly description?: string;
    /** The state the engine names (`[none]` when the interaction has none, or it did not read v3 states). */
    readonly state?: string;
    readonly location?: string;
    readonly parsed?: MockLocation;
    readonly value?: unknown;
  };
  readonly spec?: SpecDetails & { readonly value?: unknown };
}

const severityOf = (type: string | undefined, fallback: Severity): Severity => (type === 'error' || type === 'warning' || type === 'info' ? type : fallback);
const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** The result's errors then warnings, numbered. */
export function mismatchesOf(result: ComparisonResource['crossContractVerificationResults']): Mismatch[] {
  if (result === null || result === undefined) return [];
  const findings = [...(result.results.errors ?? []).map((finding) => ({ finding, fallback: 'error' as const })), ...(result.results.warnings ?? []).map((finding) => ({ finding, fallback: 'warning' as const }))];
  return findings.map(({ finding, fallback }, index) => {
    const mock = finding.mockDetails ?? undefined;
    const spec = finding.specDetails ?? undefined;
    const description = text(mock?.interactionDescription);
    const state = text(mock?.interactionState);
    const location = text(mock?.location);
    const parsed = parseMockLocation(location);
    return {
      number: index + 1,
      severity: severityOf(finding.type, fallback),
      code: finding.code ?? '',
      message: finding.message ?? '',
      ...(mock === undefined
        ? {}
        : {
            mock: {
              ...(description === undefined ? {} : { description }),
              ...(state === undefined ? {} : { state }),
              ...(location === undefined ? {} : { location }),
              ...(parsed === undefined ? {} : { parsed }),
              ...(mock.value === undefined ? {} : { value: mock.value }),
            },
          }),
      ...(spec === undefined ? {} : { spec }),
    };
  });
}

/**
 * The interaction a mismatch concerns: the one at the index its location names, when that one has the description the
 * engine reported; else the one with that description (and state, when the engine names one).
 */
export function interactionOf(mismatch: Mismatch, interactions: readonly Interaction[]): Interaction | undefined {
  const parsed = mismatch.mock?.parsed;
  const description = mismatch.mock?.description;
  if (parsed !== undefined) {
    const atIndex = interactions.find((interaction) => interaction.list === parsed.list && interaction.index === parsed.index);
    if (atIndex !== undefined && (description === undefined || atIndex.description === description)) return atIndex;
  }
  if (description === undefined) return undefined;
  const byDescription = interactions.filter((interaction) => interaction.description === description);
  if (byDescription.length <= 1) return byDescription[0];
  const state = mismatch.mock?.state;
  return byDescription.find((interaction) => state !== undefined && interaction.states.some((candidate) => candidate.name === state)) ?? byDescription[0];
}

/** Mismatches by the id of the interaction each concerns (those without one are left out). */
export function mismatchesByInteraction(mismatches: readonly Mismatch[], interactions: readonly Interaction[]): Map<string, Mismatch[]> {
  const byId = new Map<string, Mismatch[]>();
  for (const mismatch of mismatches) {
    const interaction = interactionOf(mismatch, interactions);
    if (interaction === undefined) continue;
    byId.set(interaction.id, [...(byId.get(interaction.id) ?? []), mismatch]);
  }
  return byId;
}

/** Each mismatch's place in the OpenAPI document's outline (undefined for one that names no place in it). */
export function locateMismatches(mismatches: readonly Mismatch[], outline: OutlineNode): Map<number, Located> {
  const located = new Map<number, Located>();
  for (const mismatch of mismatches) {
    const place = locateSpec(outline, mismatch.spec);
    if (place !== undefined) located.set(mismatch.number, place);
  }
  return located;
}

/** What the comparison says overall, for a badge: pending until there is a result. */
export function comparisonStatus(resource: ComparisonResource): 'success' | 'failed' | 'pending' {
  if (resource.crossContractVerificationResults === null || resource.summary.success === null) return 'pending';
  return resource.summary.success ? 'success' : 'failed';
}

/** The lines of a pretty-printed JSON body that a location inside it (`.items.0.name`) names. */
export function bodyPlace(outline: OutlineNode, rest: string): { readonly line: number; readonly endLine: number; readonly remainder: string } {
  const place = locate(outline, rest === '' ? '' : `[root]${rest}`);
  return { line: place.node.line, endLine: place.node.endLine, remainder: place.remainder };
}
