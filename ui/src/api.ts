/**
 * The broker's HAL API as the UI calls it: same-origin paths, the token from the browser session (never from the URL),
 * and one signal that a token is needed so the page can ask for it once.
 */
const dataset = document.body.dataset;
/** Path prefix of the broker on this origin ('' at the root). */
export const basePath = dataset['basePath'] ?? '';
/** The base URL the API writes into its links (may name another host than this page's). */
const apiBase = (dataset['apiBase'] ?? location.origin).replace(/\/+$/, '');

const TOKEN_KEY = 'pact-broker.token';

/** The token lives in sessionStorage: it survives navigation and reloads, not the tab. */
export const session = {
  token: (): string | null => sessionStorage.getItem(TOKEN_KEY),
  setToken(token: string): void {
    sessionStorage.setItem(TOKEN_KEY, token);
    notify();
  },
  clearToken(): void {
    sessionStorage.removeItem(TOKEN_KEY);
    notify();
  },
};

type Listener = () => void;
const listeners = new Set<Listener>();
let tokenWanted = false;
/** Bumped when the token changes, so every page reloads its data. */
let generation = 0;

function notify(): void {
  generation += 1;
  tokenWanted = false;
  for (const listener of listeners) listener();
}

export const authState = {
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  get tokenWanted(): boolean {
    return tokenWanted;
  },
  get generation(): number {
    return generation;
  },
};

function wantToken(): void {
  if (tokenWanted) return;
  tokenWanted = true;
  for (const listener of listeners) listener();
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
  }
}

/** An API path ('/pacticipants/Foo') or a link's href (absolute, under the API's base) as a same-origin path. */
export function localPath(pathOrHref: string): string {
  if (pathOrHref.startsWith(apiBase)) return `${basePath}${pathOrHref.slice(apiBase.length) || '/'}`;
  if (/^https?:\/\//.test(pathOrHref)) {
    const url = new URL(pathOrHref);
    if (url.origin !== location.origin) throw new ApiError(0, `Not a link of this broker: ${pathOrHref}`, undefined);
    return `${url.pathname}${url.search}`;
  }
  return pathOrHref.startsWith(basePath + '/') || basePath === '' ? pathOrHref : `${basePath}${pathOrHref}`;
}

/** The API path of a link (what the API browser shows and navigates by). */
export function apiPath(pathOrHref: string): string {
  const local = localPath(pathOrHref);
  return basePath !== '' && local.startsWith(basePath) ? local.slice(basePath.length) || '/' : local;
}

/** Joins path segments, each encoded: `path('pacticipants', name)` → `/pacticipants/Foo%20Bar`. */
export const path = (...segments: string[]): string => `/${segments.map(encodeURIComponent).join('/')}`;

function messageOf(status: number, body: unknown, fallback: string): string {
  if (body !== null && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    if (typeof record['error'] === 'string') return record['error'];
    if (typeof record['message'] === 'string') return record['message'];
    if (record['errors'] !== undefined) return JSON.stringify(record['errors']);
  }
  return `${status} ${fallback}`;
}

/** GET a HAL resource. 401 (and 403 without a token) asks for a token; a 404 is an ApiError like any other. */
export async function getJson<T>(pathOrHref: string, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/hal+json, application/json' };
  const token = session.token();
  if (token !== null) headers['Authorization'] = `Bearer ${token}`;
  const response = await fetch(localPath(pathOrHref), { headers, ...(signal ? { signal } : {}), credentials: 'omit', cache: 'no-store' });
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = text;
  }
  if (response.status === 401 || (response.status === 403 && token === null)) wantToken();
  if (!response.ok) throw new ApiError(response.status, messageOf(response.status, body, response.statusText), body);
  return body as T;
}

/** Runs `tasks` with at most `limit` in flight (a page of versions asks for each version's details). */
export async function inBatches<T, R>(items: readonly T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
