/**
 * The UI's addresses: every page is a hash route (`#/applications/Foo`), so each has a stable, shareable URL while the
 * broker serves one page at its base URL. The matrix keeps the API's own query string, so a matrix link is the API
 * query it shows.
 */
const enc = encodeURIComponent;

export type Page =
  | { readonly name: 'integrations' }
  | { readonly name: 'applications' }
  | { readonly name: 'application'; readonly pacticipant: string }
  | { readonly name: 'environments' }
  | { readonly name: 'environment'; readonly environment: string }
  | { readonly name: 'matrix' }
  | { readonly name: 'contract'; readonly consumer: string; readonly provider: string; readonly version: string }
  | { readonly name: 'network' }
  | { readonly name: 'api' }
  | { readonly name: 'not-found'; readonly path: string };

export interface Location {
  readonly page: Page;
  readonly query: URLSearchParams;
  /** The query as written (the matrix passes it to the API unchanged). */
  readonly rawQuery: string;
}

const withQuery = (path: string, query: Record<string, string | undefined> = {}): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return `#${path}${text === '' ? '' : `?${text}`}`;
};

export const to = {
  integrations: (query: { q?: string; status?: string } = {}) => withQuery('/integrations', query),
  applications: () => '#/applications',
  application: (name: string, query: { version?: string; environment?: string } = {}) => withQuery(`/applications/${enc(name)}`, query),
  environments: () => '#/environments',
  environment: (name: string) => `#/environments/${enc(name)}`,
  /** `query` is the API's matrix query string (`q[][pacticipant]=Foo&…`). */
  matrix: (query = '') => `#/matrix${query === '' ? '' : `?${query}`}`,
  contract: (consumer: string, provider: string, version: string, query: { compare?: string } = {}) =>
    withQuery(`/contracts/${enc(consumer)}/${enc(provider)}/${enc(version)}`, query),
  network: (query: { focus?: string } = {}) => withQuery('/network', query),
  api: (apiPath = '/') => withQuery('/api', { path: apiPath }),
};

const decode = (segment: string): string => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
};

export function parseLocation(hash: string): Location {
  const text = hash.replace(/^#/, '');
  const queryStart = text.indexOf('?');
  const pathPart = queryStart === -1 ? text : text.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? '' : text.slice(queryStart + 1);
  const segments = pathPart.split('/').filter((segment) => segment !== '').map(decode);
  const query = new URLSearchParams(rawQuery);
  const page = ((): Page => {
    const [first, ...rest] = segments;
    if (first === undefined || (first === 'integrations' && rest.length === 0)) return { name: 'integrations' };
    if (first === 'applications' && rest.length === 0) return { name: 'applications' };
    if (first === 'applications' && rest.length === 1) return { name: 'application', pacticipant: rest[0] as string };
    if (first === 'environments' && rest.length === 0) return { name: 'environments' };
    if (first === 'environments' && rest.length === 1) return { name: 'environment', environment: rest[0] as string };
    if (first === 'matrix' && rest.length === 0) return { name: 'matrix' };
    if (first === 'contracts' && rest.length === 3) return { name: 'contract', consumer: rest[0] as string, provider: rest[1] as string, version: rest[2] as string };
    if (first === 'network' && rest.length === 0) return { name: 'network' };
    if (first === 'api' && rest.length === 0) return { name: 'api' };
    return { name: 'not-found', path: pathPart };
  })();
  return { page, query, rawQuery };
}
