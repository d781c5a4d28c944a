/**
 * Pact documents as the domain sees them: what identifies their content, how two are merged, and the checks a
 * published pact must pass. Pure: hashing itself happens in the services (it needs node:crypto).
 */

export type PactDocument = Record<string, unknown>;

/** Object keys sorted recursively, so equal JSON has one text whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, inner]) => inner !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, inner]) => `${JSON.stringify(key)}:${canonicalJson(inner)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** Interaction fields the broker adds or that do not affect verification. */
const NON_VERIFIABLE_INTERACTION_KEYS = new Set(['_id']);

function canonicalInteractions(list: unknown): string[] | undefined {
  if (!Array.isArray(list)) return undefined;
  return list
    .map((interaction) => {
      if (interaction === null || typeof interaction !== 'object') return canonicalJson(interaction);
      const copy = Object.fromEntries(Object.entries(interaction as Record<string, unknown>).filter(([key]) => !NON_VERIFIABLE_INTERACTION_KEYS.has(key)));
      return canonicalJson(copy);
    })
    .sort();
}

/** The pact specification version a document declares (`metadata.pactSpecification.version`, or older spellings). */
export function specificationVersion(pact: PactDocument): string | undefined {
  const metadata = pact['metadata'];
  if (metadata === null || typeof metadata !== 'object') return undefined;
  const record = metadata as Record<string, unknown>;
  for (const key of ['pactSpecification', 'pact-specification']) {
    const spec = record[key];
    if (spec !== null && typeof spec === 'object' && typeof (spec as Record<string, unknown>)['version'] === 'string') {
      return (spec as Record<string, string>)['version'];
    }
  }
  return typeof record['pactSpecificationVersion'] === 'string' ? record['pactSpecificationVersion'] : undefined;
}

/**
 * The text whose hash identifies a pact's content: only what affects verification (the interactions and messages,
 * in any order, and the specification version). Re-serialising, reordering interactions or changing metadata such as
 * the library version therefore keeps the same pact version, so a new consumer version publishing the same pact is
 * already verified, and a CLI upgrade causes no conflict.
 */
export function verifiableContent(pact: PactDocument): string {
  return canonicalJson({
    interactions: canonicalInteractions(pact['interactions']),
    messages: canonicalInteractions(pact['messages']),
    specification: specificationVersion(pact),
  });
}

export const nameOf = (party: unknown): string | undefined =>
  party !== null && typeof party === 'object' && typeof (party as Record<string, unknown>)['name'] === 'string' ? ((party as Record<string, string>)['name'] as string) : undefined;

/** What identifies an interaction when two pacts are merged: its description and provider state(s). */
function interactionKey(interaction: unknown): string {
  if (interaction === null || typeof interaction !== 'object') return canonicalJson(interaction);
  const record = interaction as Record<string, unknown>;
  return canonicalJson({ description: record['description'], providerState: record['providerState'], providerStates: record['providerStates'] });
}

/**
 * `onConflict: merge`: the existing interactions, with those the new pact also has (same description and provider
 * states) replaced by the new ones, plus the new ones. Messages likewise.
 */
export function mergePacts(existing: PactDocument, incoming: PactDocument): PactDocument {
  const merged: PactDocument = { ...existing, ...incoming };
  for (const field of ['interactions', 'messages']) {
    const before = Array.isArray(existing[field]) ? (existing[field] as unknown[]) : [];
    const after = Array.isArray(incoming[field]) ? (incoming[field] as unknown[]) : [];
    if (before.length === 0 && after.length === 0) continue;
    const incomingKeys = new Set(after.map(interactionKey));
    merged[field] = [...before.filter((interaction) => !incomingKeys.has(interactionKey(interaction))), ...after];
  }
  return merged;
}

/** Parses pact text; reports why it is not a JSON object. */
export function parsePactText(text: string, report: (message: string) => void): PactDocument | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    report('content could not be parsed as application/json');
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    report(`parsed content was expected to be a Hash but was ${Array.isArray(value) ? 'an Array' : value === null ? 'null' : `a ${typeof value}`}`);
    return undefined;
  }
  return value as PactDocument;
}
