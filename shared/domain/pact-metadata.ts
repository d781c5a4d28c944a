/**
 * The metadata segment of a pact version URL (`…/pact-version/{sha}/metadata/{metadata}`): base64url JSON naming the
 * consumer version the pact was selected for (`cv`), and for pacts for verification whether it is WIP (`w`) and pending
 * (`p`). Opaque to clients: verifiers echo it back when they publish results, and webhook `pactUrl`s carry it.
 */
export interface PactMetadata {
  readonly cv: string;
  readonly w?: boolean;
  readonly p?: boolean;
}

export const encodePactMetadata = (metadata: PactMetadata): string => Buffer.from(JSON.stringify(metadata)).toString('base64url');

/** The consumer version a metadata segment names, or undefined when it is not ours or names none. */
export function consumerVersionOfMetadata(segment: string): string | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    const cv = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)['cv'] : undefined;
    return typeof cv === 'string' && cv !== '' ? cv : undefined;
  } catch {
    return undefined;
  }
}
