import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { routes } from '../../../shared/http/routes.ts';
import { splitPath } from '../../../shared/http/paths.ts';
import { orderRoutes, resolveRoute } from '../../../infra/local/dev-server.ts';
import { indexResource } from '../../../shared/http/index-resource.ts';
import { Links } from '../../../shared/http/hal.ts';

/** The route table as the HTTP API routes it (the local API reads the same routes from the synthesized template). */
const apiRoutes = orderRoutes(routes.map((route) => ({ routeKey: `${route.method} ${route.path}`, method: route.method, path: route.path, functionId: route.operationId, timeoutMs: 30_000 })));

const root = resolve(import.meta.dirname, '../../..');

describe('the route table', () => {
  it('has unique operation ids, method+path pairs and entries', () => {
    const unique = (values: string[]) => expect(new Set(values).size).toBe(values.length);
    unique(routes.map((route) => route.operationId));
    unique(routes.map((route) => `${route.method} ${route.path}`));
    unique(routes.map((route) => route.entry));
  });

  it('points every entry at a module that exports `handler` for its own operation id', () => {
    for (const route of routes) {
      const file = resolve(root, route.entry);
      expect(existsSync(file), route.entry).toBe(true);
      const source = readFileSync(file, 'utf8');
      const declared = /export const handler = (readHandler|writeHandler|adminHandler)\('(\w+)'/.exec(source);
      expect(declared?.[2], route.entry).toBe(route.operationId);
      // The handler's composition matches the route's access: a read route gets the reading methods only (its IAM
      // role can write nothing), a write route every method, an admin route the operator's context.
      expect(declared?.[1], route.entry).toBe({ read: 'readHandler', write: 'writeHandler', admin: 'adminHandler' }[route.access]);
    }
  });

  it('uses one variable name per path position under the same parent (API Gateway requires it)', () => {
    const variableAt = new Map<string, string>();
    for (const route of routes) {
      const segments = splitPath(route.path);
      segments.forEach((segment, index) => {
        if (!segment.startsWith('{')) return;
        const parent = segments.slice(0, index).join('/');
        const seen = variableAt.get(parent);
        if (seen !== undefined) expect(segment, `${route.path} at /${parent}`).toBe(seen);
        else variableAt.set(parent, segment);
      });
    }
  });

  it('marks GET routes (and the for-verification POST) read-only and every other method as a write, except the admin API', () => {
    for (const route of routes) {
      const readOnlyPost = route.path.endsWith('/for-verification'); // a POST that only reads
      const expected = route.path.startsWith('/admin/') ? 'admin' : route.method === 'GET' || readOnlyPost ? 'read' : 'write';
      expect(route.access, route.operationId).toBe(expected);
    }
  });

  it.each([
    ['GET', '/', 'getIndex'],
    ['GET', '/health', 'getHealth'],
    ['GET', '/pacticipants/Foo', 'getPacticipant'],
    ['GET', '/pacticipants/Foo/latest-version', 'getLatestVersion'],
    ['GET', '/pacticipants/Foo/latest-version/prod', 'getLatestTaggedVersion'],
    ['GET', '/pacticipants/Foo/versions/latest-version', 'getVersion'],
    ['GET', '/pacticipants/Foo/branches/main/latest-version', 'getLatestBranchVersion'],
    ['PUT', '/pacticipants/Foo/branches/main/versions/1', 'putBranchVersion'],
    ['GET', '/environments/abc/deployed-versions/currently-deployed', 'listCurrentlyDeployedVersions'],
    ['GET', '/environments/abc/history', 'getEnvironmentHistory'],
    ['GET', '/integrations', 'listIntegrations'],
    ['POST', '/pacticipants/Foo/versions/1/deployed-versions/environment/abc', 'recordDeployment'],
    ['PATCH', '/deployed-versions/abc', 'patchDeployedVersion'],
    ['PATCH', '/released-versions/abc', 'patchReleasedVersion'],
  ])('%s %s is served by %s', (method, path, operationId) => {
    expect(resolveRoute(apiRoutes, method, path)?.route.functionId).toBe(operationId);
  });

  it('has no route for an unknown path or a method the path does not have (the HTTP API answers 404 Not Found)', () => {
    expect(resolveRoute(apiRoutes, 'POST', '/deployed-versions/abc')).toBeUndefined();
    expect(resolveRoute(apiRoutes, 'GET', '/no/such/thing')).toBeUndefined();
  });

  it('feeds the index: every declared relation appears, with the reference placeholders', () => {
    const index = indexResource(new Links('https://broker.example')) as { _links: Record<string, { href: string; templated?: boolean }> };
    for (const route of routes) if (route.rel) expect(index._links[route.rel.name], route.rel.name).toBeDefined();
    expect(index._links['pb:environment']).toMatchObject({ href: 'https://broker.example/environments/{uuid}', templated: true });
    expect(index._links['pb:pacticipant-version']?.href).toBe('https://broker.example/pacticipants/{pacticipant}/versions/{version}');
    expect(index._links['pb:environments']).toMatchObject({ href: 'https://broker.example/environments', templated: false });
  });
});
