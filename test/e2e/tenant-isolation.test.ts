/**
 * Two tenants on one broker, filled through the official CLI with the same names. Tenant B's token is then tried
 * on every route against tenant A's names, UUIDs and links: nothing of A may come back and nothing of A may change.
 * Read-only tokens may read (and only read); missing or bad tokens get 401 with WWW-Authenticate.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/routes.ts';
import { sha256Hex } from '../../shared/services/auth.ts';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { scanTable } from '../support/table.ts';
import { runCli } from '../support/cli.ts';

const ADMIN_TOKEN = 'test-admin-credential-0123456789abcdef';
let broker: TestBroker;
const tokens: Record<'aWrite' | 'aRead' | 'bWrite' | 'bRead', string> = { aWrite: '', aRead: '', bWrite: '', bRead: '' };
const secretsOfA = new Set<string>();
const uuidsOfA: Record<string, string> = {};
const linksOfA = new Set<string>();

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
const cli = (token: string, ...args: string[]) => runCli('pact-broker', [...args, '--broker-token', token], broker.url);

async function itemsOf(tenant: string): Promise<string> {
  return (await scanTable(broker.operatorDb))
    .filter((item) => String(item['PK']).startsWith(`T#${tenant}`))
    .map((item) => JSON.stringify(item))
    .sort()
    .join('\n');
}

function collectLinks(value: unknown): void {
  if (Array.isArray(value)) value.forEach(collectLinks);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'href' && typeof inner === 'string' && !inner.includes('{')) linksOfA.add(inner);
      else collectLinks(inner);
    }
  }
}

async function fill(tenant: 'a' | 'b', marker: string): Promise<void> {
  const token = tenant === 'a' ? tokens.aWrite : tokens.bWrite;
  const steps: string[][] = [
    ['create-environment', '--name', 'uat', '--display-name', `${marker} UAT`],
    ['create-or-update-pacticipant', '--name', 'Foo', '--display-name', `${marker} Foo`, '--repository-url', `https://git.example/${marker}`, '--main-branch', 'main'],
    ['create-or-update-version', '-a', 'Foo', '-e', '1', '--branch', 'main'],
    ['create-version-tag', '-a', 'Foo', '-e', '1', '-t', 't1'],
    ['record-deployment', '-a', 'Foo', '-e', '1', '--environment', 'uat', '--application-instance', 'i1'],
    ['record-release', '-a', 'Foo', '-e', '1', '--environment', 'production'],
    ['create-webhook', 'https://ci.example/build', '-X', 'POST', '-H', `Authorization: Bearer ${marker}-webhook-secret`, '-d', `{"marker":"${marker}"}`, '--consumer', 'Foo', '--description', `${marker} webhook`, '--contract-published'],
  ];
  for (const step of steps) {
    // A pact to a provider of its own, before the webhook exists (a triggered webhook would change A's items later): an
    // integration the other tenant must never see. Named without the marker: A's links name it, and a 404 for B repeats
    // the name it was asked for.
    if (step[0] === 'create-webhook') {
      const provider = tenant === 'a' ? 'AlphaApi' : 'BravoApi';
      const pact = { consumer: { name: 'Foo' }, provider: { name: provider }, interactions: [{ description: 'a request', request: { method: 'GET', path: '/' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } };
      const contracts = [{ consumerName: 'Foo', providerName: provider, specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact)).toString('base64') }];
      expect((await http(broker.url, 'POST', '/contracts/publish', { pacticipantName: 'Foo', pacticipantVersionNumber: '1', branch: 'main', contracts }, auth(token))).status).toBe(200);
    }
    const result = await cli(token, ...step);
    expect(result.code, `${tenant}: ${step.join(' ')}\n${result.output}`).toBe(0);
  }
}

beforeAll(async () => {
  broker = await startTestBroker({ auth: true, adminTokenSha256: sha256Hex(ADMIN_TOKEN) });
  for (const tenant of ['alpha', 'bravo']) {
    expect((await http(broker.url, 'POST', '/admin/tenants', { tenantId: tenant }, auth(ADMIN_TOKEN))).status).toBe(201);
  }
  const issue = async (tenant: string, role: string) => (await http(broker.url, 'POST', `/admin/tenants/${tenant}/tokens`, { role }, auth(ADMIN_TOKEN))).body.token as string;
  tokens.aWrite = await issue('alpha', 'write');
  tokens.aRead = await issue('alpha', 'read');
  tokens.bWrite = await issue('bravo', 'write');
  tokens.bRead = await issue('bravo', 'read');
  await fill('a', 'AlphaMarker');
  await fill('b', 'BravoMarker');

  // What belongs to A: its markers, every UUID it owns, and every link its resources show.
  secretsOfA.add('AlphaMarker');
  secretsOfA.add('AlphaApi');
  const environments = (await http(broker.url, 'GET', '/environments', undefined, auth(tokens.aRead))).body;
  collectLinks(environments);
  for (const environment of environments._embedded.environments) {
    secretsOfA.add(environment.uuid);
    uuidsOfA[environment.name] = environment.uuid;
  }
  const deployed = (await http(broker.url, 'GET', `/environments/${uuidsOfA['uat']}/deployed-versions/currently-deployed`, undefined, auth(tokens.aRead))).body;
  uuidsOfA['deployedVersion'] = deployed._embedded.deployedVersions[0].uuid;
  const released = (await http(broker.url, 'GET', `/environments/${uuidsOfA['production']}/released-versions/currently-supported`, undefined, auth(tokens.aRead))).body;
  uuidsOfA['releasedVersion'] = released._embedded.releasedVersions[0].uuid;
  secretsOfA.add(uuidsOfA['deployedVersion'] as string);
  secretsOfA.add(uuidsOfA['releasedVersion'] as string);
  for (const path of ['/', '/pacticipants', '/pacticipants/Foo', '/pacticipants/Foo/versions/1', '/pacticipants/Foo/branches/main']) {
    collectLinks((await http(broker.url, 'GET', path, undefined, auth(tokens.aRead))).body);
  }
  collectLinks(deployed);
  collectLinks(released);
  for (const path of ['/integrations', `/environments/${uuidsOfA['uat']}/history`, `/environments/${uuidsOfA['production']}/history`]) {
    collectLinks((await http(broker.url, 'GET', path, undefined, auth(tokens.aRead))).body);
  }
  const webhooks = (await http(broker.url, 'GET', '/webhooks', undefined, auth(tokens.aRead))).body;
  const webhookHref = webhooks._links['pb:webhooks'][0].href as string;
  uuidsOfA['webhook'] = webhookHref.split('/').at(-1) as string;
  secretsOfA.add(uuidsOfA['webhook'] as string);
  secretsOfA.add('AlphaMarker-webhook-secret');
  collectLinks(webhooks);
  collectLinks((await http(broker.url, 'GET', webhookHref, undefined, auth(tokens.aRead))).body);
  const tokenList = (await http(broker.url, 'GET', '/admin/tenants/alpha/tokens', undefined, auth(ADMIN_TOKEN))).body;
  for (const token of tokenList._embedded.tokens) secretsOfA.add(token.tokenId);
}, 180_000);

afterAll(async () => {
  await broker?.close();
});

/** Concrete requests for a route, aimed at A's names and UUIDs. */
function requestsAimedAtA(route: (typeof routes)[number]): { path: string; body?: unknown }[] {
  const values: Record<string, string[]> = {
    pacticipant: ['Foo'],
    version: ['1'],
    tag: ['t1'],
    branch: ['main'],
    environmentId: [uuidsOfA['uat'] as string, uuidsOfA['production'] as string, uuidsOfA['test'] as string],
    deployedVersionId: [uuidsOfA['deployedVersion'] as string],
    releasedVersionId: [uuidsOfA['releasedVersion'] as string],
    tenantId: ['alpha'],
    uuid: [uuidsOfA['webhook'] as string],
    tokenId: [...secretsOfA].slice(0, 1),
  };
  let paths = [route.path];
  for (const [name, options] of Object.entries(values)) {
    if (!route.path.includes(`{${name}}`)) continue;
    paths = paths.flatMap((path) => options.map((value) => path.replace(`{${name}}`, encodeURIComponent(value))));
  }
  const bodies: Record<string, unknown> = {
    createEnvironment: { name: 'uat', production: false },
    updateEnvironment: { name: 'hijacked', production: true },
    patchDeployedVersion: { currentlyDeployed: false },
    patchReleasedVersion: { currentlySupported: false },
    createPacticipant: { name: 'Foo' },
    patchPacticipant: { displayName: 'Hijacked' },
    putPacticipant: { displayName: 'Hijacked' },
    createTenant: { tenantId: 'alpha' },
    createTenantToken: { role: 'write' },
    // Valid webhooks: B may create its own, even with A's uuid, and nothing of A changes.
    createWebhook: { description: 'hijack', events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://hijack.invalid/' } },
    putWebhook: { description: 'hijack', consumer: { name: 'Foo' }, events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://hijack.invalid/' } },
  };
  return paths.map((path) => ({ path, ...(route.body === 'json' ? { body: bodies[route.operationId] ?? {} } : {}) }));
}

describe('tenant isolation', () => {
  it("shows tenant B its own integrations only, and A's environments' histories to A alone", async () => {
    const listed = async (token: string) =>
      ((await http(broker.url, 'GET', '/integrations', undefined, auth(token))).body._embedded.integrations as { consumer: { name: string }; provider: { name: string } }[]).map((integration) => [integration.consumer.name, integration.provider.name]);
    expect(await listed(tokens.bRead)).toEqual([['Foo', 'BravoApi']]);
    expect(await listed(tokens.aRead)).toEqual([['Foo', 'AlphaApi']]);
    for (const environment of ['uat', 'production']) {
      const path = `/environments/${uuidsOfA[environment] as string}/history`;
      const ofA = await http(broker.url, 'GET', path, undefined, auth(tokens.aRead));
      expect(ofA.status).toBe(200);
      expect(ofA.body._embedded.events.length, environment).toBeGreaterThan(0);
      const byB = await http(broker.url, 'GET', path, undefined, auth(tokens.bRead));
      expect(byB.status).toBe(404);
      expect(byB.text).not.toContain('Foo');
    }
  });

  it('gives tenant B nothing of tenant A on any route, and lets B change nothing of A', async () => {
    const before = await itemsOf('alpha');
    const leaks: string[] = [];
    // Deletions that cascade go last: B deleting "Foo" empties B's own Foo, at which the other routes are aimed too.
    const cascading = new Set(['deletePacticipant', 'deleteVersion', 'deletePact']);
    const ordered = [...routes.filter((route) => !cascading.has(route.operationId)), ...routes.filter((route) => cascading.has(route.operationId))];
    for (const route of ordered) {
      if (route.operationId === 'deletePacticipant') {
        // B's own data is intact and B sees its own (its PATCH/PUT applied to its Foo), before B deletes it.
        expect((await http(broker.url, 'GET', '/pacticipants/Foo', undefined, auth(tokens.bRead))).body.displayName).toBe('Hijacked');
      }
      for (const request of requestsAimedAtA(route)) {
        const response = await http(broker.url, route.method, request.path, request.body, auth(tokens.bWrite));
        const sent = `${request.path} ${JSON.stringify(request.body ?? '')}`;
        for (const secret of secretsOfA) {
          if (!sent.includes(encodeURIComponent(secret)) && !sent.includes(secret) && response.text.includes(secret)) {
            leaks.push(`${route.method} ${request.path} → ${response.status} leaks ${secret}`);
          }
        }
      }
    }
    // A's links, followed with B's token.
    for (const link of linksOfA) {
      const response = await http(broker.url, 'GET', link, undefined, auth(tokens.bWrite));
      for (const secret of secretsOfA) {
        if (!link.includes(secret) && response.text.includes(secret)) leaks.push(`GET ${link} → ${response.status} leaks ${secret}`);
      }
      if (response.text.includes('AlphaMarker')) leaks.push(`GET ${link} shows A's data`);
    }
    expect(leaks).toEqual([]);
    expect(await itemsOf('alpha')).toBe(before);
    // B deleted its own Foo (and only that): A's Foo is intact (above), B's is gone.
    expect((await http(broker.url, 'GET', '/pacticipants/Foo', undefined, auth(tokens.bRead))).status).toBe(404);
    expect((await http(broker.url, 'GET', '/pacticipants/Foo', undefined, auth(tokens.aRead))).body.displayName).toBe('AlphaMarker Foo');
    // B's Foo starts afresh (the next tests describe it).
    const recreated = await cli(tokens.bWrite, 'create-or-update-pacticipant', '--name', 'Foo', '--display-name', 'BravoMarker Foo');
    expect(recreated.code, recreated.output).toBe(0);
  });

  it('lets the official CLI of each tenant see only its own data, by bearer token and by basic auth', async () => {
    const a = await runCli('pact-broker', ['describe-pacticipant', '--name', 'Foo', '--broker-token', tokens.aRead], broker.url);
    expect(a.output).toContain('AlphaMarker Foo');
    const b = await runCli('pact-broker', ['describe-pacticipant', '--name', 'Foo', '--broker-username', 'bravo', '--broker-password', tokens.bRead], broker.url);
    expect(b.code).toBe(0);
    expect(b.output).not.toContain('AlphaMarker');
  });

  it('lets a read-only token read but refuses every write with 403, changing nothing', async () => {
    const before = await itemsOf('alpha');
    for (const route of routes) {
      for (const request of requestsAimedAtA(route).slice(0, 1)) {
        const response = await http(broker.url, route.method, request.path, request.body, auth(tokens.aRead));
        if (route.access === 'read') expect(response.status, `${route.method} ${request.path}`).not.toBe(403);
        else expect(response.status, `${route.method} ${request.path}`).toBe(403);
      }
    }
    expect(await itemsOf('alpha')).toBe(before);
    const refused = await runCli('pact-broker', ['create-environment', '--name', 'nope', '--broker-token', tokens.aRead], broker.url);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('403');
  });

  it('answers 401 with WWW-Authenticate to missing, malformed, unknown and revoked tokens', async () => {
    const attempts: Record<string, string>[] = [{}, { Authorization: 'Bearer nonsense' }, { Authorization: `Bearer pbt.alpha.${'x'.repeat(43)}` }, { Authorization: 'Basic Og==' }];
    for (const headers of attempts) {
      const response = await http(broker.url, 'GET', '/environments', undefined, headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(response.body).toEqual({ error: 'Invalid or missing token' });
    }
    const created = (await http(broker.url, 'POST', '/admin/tenants/bravo/tokens', { role: 'read' }, auth(ADMIN_TOKEN))).body;
    expect((await http(broker.url, 'GET', '/environments', undefined, auth(created.token))).status).toBe(200);
    expect((await http(broker.url, 'DELETE', `/admin/tenants/bravo/tokens/${created.tokenId}`, undefined, auth(ADMIN_TOKEN))).status).toBe(204);
    // The test run disables the authorizer's verdict cache (AUTH_CACHE_TTL_MS=0), so the revocation shows at once.
    expect((await http(broker.url, 'GET', '/environments', undefined, auth(created.token))).status).toBe(401);
    const cli = await runCli('pact-broker', ['list-environments', '--broker-token', 'pbt.bravo.' + 'y'.repeat(43)], broker.url);
    expect(cli.code).toBe(1);
    expect(cli.output).toContain('401');
    expect((await http(broker.url, 'GET', '/health')).status).toBe(200);
  });

  it('keeps the admin API to the admin credential', async () => {
    expect((await http(broker.url, 'POST', '/admin/tenants', { tenantId: 'x1' }, auth(tokens.aWrite))).status).toBe(403);
    expect((await http(broker.url, 'GET', '/admin/tenants/alpha/tokens', undefined, auth(tokens.bWrite))).status).toBe(403);
    expect((await http(broker.url, 'GET', '/environments', undefined, auth(ADMIN_TOKEN))).status).toBe(403);
  });
});
