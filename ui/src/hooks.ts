import { useEffect, useState } from 'preact/hooks';
import { authState } from './api.ts';
import { parseLocation, type Location } from './routes.ts';

/** The current hash route, updated on navigation. */
export function useLocation(): Location {
  const [location, setLocation] = useState(() => parseLocation(window.location.hash));
  useEffect(() => {
    const update = () => setLocation(parseLocation(window.location.hash));
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return location;
}

/** Re-renders when the token changes or is asked for. */
export function useAuthState(): { tokenWanted: boolean; generation: number } {
  const [, setTick] = useState(0);
  useEffect(() => authState.subscribe(() => setTick((tick) => tick + 1)), []);
  return { tokenWanted: authState.tokenWanted, generation: authState.generation };
}

export type Resource<T> = { readonly state: 'loading' } | { readonly state: 'error'; readonly error: Error & { status?: number } } | { readonly state: 'ready'; readonly data: T };

/**
 * Data for a page: loaded when `key` changes (or the token does), the previous load cancelled. A null key loads
 * nothing (a form not filled in yet).
 */
export function useResource<T>(key: string | null, load: (signal: AbortSignal) => Promise<T>): Resource<T> {
  const { generation } = useAuthState();
  const [resource, setResource] = useState<Resource<T>>({ state: 'loading' });
  useEffect(() => {
    if (key === null) return undefined;
    const controller = new AbortController();
    setResource({ state: 'loading' });
    load(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setResource({ state: 'ready', data });
      },
      (error: Error) => {
        if (!controller.signal.aborted) setResource({ state: 'error', error });
      },
    );
    return () => controller.abort();
    // `load` is a fresh closure each render; the key says what it loads.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, generation]);
  return resource;
}
