/** Loaders shared by several pages: each is a few API calls whose results the pages join. */
import { getJson, inBatches, path } from './api.ts';
import type { DeployedVersionItem, Environment, Integration, ReleasedVersionItem } from './model.ts';

export async function loadEnvironments(signal?: AbortSignal): Promise<Environment[]> {
  const body = await getJson<{ _embedded?: { environments?: Environment[] } }>('/environments', signal);
  return [...(body._embedded?.environments ?? [])].sort((a, b) => Number(b.production) - Number(a.production) || a.name.localeCompare(b.name));
}

export async function loadIntegrations(signal?: AbortSignal): Promise<Integration[]> {
  const body = await getJson<{ _embedded?: { integrations?: Integration[] } }>('/integrations', signal);
  return body._embedded?.integrations ?? [];
}

export interface Running {
  readonly environment: Environment;
  readonly version: string;
  readonly kind: 'deployed' | 'released';
  readonly applicationInstance?: string;
  readonly since: string;
}

export interface EnvironmentContents {
  readonly environment: Environment;
  readonly deployed: readonly DeployedVersionItem[];
  readonly released: readonly ReleasedVersionItem[];
}

export async function loadEnvironmentContents(environment: Environment, signal?: AbortSignal): Promise<EnvironmentContents> {
  const [deployed, released] = await Promise.all([
    getJson<{ _embedded?: { deployedVersions?: DeployedVersionItem[] } }>(path('environments', environment.uuid, 'deployed-versions', 'currently-deployed'), signal),
    getJson<{ _embedded?: { releasedVersions?: ReleasedVersionItem[] } }>(path('environments', environment.uuid, 'released-versions', 'currently-supported'), signal),
  ]);
  return { environment, deployed: deployed._embedded?.deployedVersions ?? [], released: released._embedded?.releasedVersions ?? [] };
}

/** What runs where now, by application name: every environment's deployed and supported released versions. */
export async function loadRunning(environments: readonly Environment[], signal?: AbortSignal): Promise<Map<string, Running[]>> {
  const contents = await inBatches(environments, 4, (environment) => loadEnvironmentContents(environment, signal));
  const running = new Map<string, Running[]>();
  const add = (name: string | undefined, entry: Running) => {
    if (name === undefined) return;
    running.set(name, [...(running.get(name) ?? []), entry]);
  };
  for (const { environment, deployed, released } of contents) {
    for (const item of deployed) add(item._embedded.pacticipant?.name, { environment, version: item._embedded.version.number, kind: 'deployed', since: item.createdAt, ...(item.applicationInstance ? { applicationInstance: item.applicationInstance } : {}) });
    for (const item of released) add(item._embedded.pacticipant?.name, { environment, version: item._embedded.version.number, kind: 'released', since: item.createdAt });
  }
  return running;
}

export const environmentLabel = (environment: Environment): string => environment.displayName ?? environment.name;
