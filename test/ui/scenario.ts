/**
 * The broker the UI tests look at, filled as a team would fill it: pacts published, versions created, deployments and
 * releases recorded with the official CLI (Rust generation), a provider contract published with `pactflow`, and
 * verification results posted as a verifier posts them.
 *
 *   Web 1.0.0, 1.1.0 (main) and 1.2.0 (feat/search) → Orders and Users; Mobile 2.0.0 → Orders and Catalog
 *   (bi-directional); Kiosk 1.0.0 → Catalog, a path the OpenAPI document lacks; Admin 0.1.0 → Users, never verified.
 *   Orders 3.0.0 verified Web 1.1.0 (success) and Mobile 2.0.0 (success); Users 5.0.0 verified Web's pact (failed).
 *   production: Orders 3.0.0, Users 5.0.0, Catalog 7.0.0, Web 1.0.0 deployed; Mobile 2.0.0 released.
 *   test: Web 1.0.0 deployed, then replaced by Web 1.1.0.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { http } from '../support/broker.ts';
import { runCli, type CliResult } from '../support/cli.ts';

const fixtures = resolve(fileURLToPath(new URL('.', import.meta.url)), '../fixtures');

interface Interaction {
  readonly description: string;
  readonly providerState?: string;
  readonly request: { readonly method: string; readonly path: string };
  readonly response: { readonly status: number; readonly body?: unknown };
}

const interaction = (description: string, path: string, body: unknown, providerState?: string): Interaction => ({
  description,
  ...(providerState !== undefined ? { providerState } : {}),
  request: { method: 'GET', path },
  response: { status: 200, body },
});

function pactFile(directory: string, consumer: string, provider: string, interactions: readonly Interaction[]): void {
  writeFileSync(join(directory, `${consumer}-${provider}.json`), JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, interactions, metadata: { pactSpecification: { version: '2.0.0' } } }, null, 2));
}

export interface Scenario {
  /** What `pact-broker can-i-deploy` printed, by `<pacticipant>@<version>-><environment>`. */
  readonly canIDeploy: Readonly<Record<string, CliResult>>;
}

export async function fillScenario(baseUrl: string, token?: string): Promise<Scenario> {
  const auth = token === undefined ? [] : ['--broker-token', token];
  const headers: Record<string, string> = token === undefined ? {} : { Authorization: `Bearer ${token}` };
  const cli = async (tool: 'pact-broker' | 'pactflow', ...args: string[]): Promise<CliResult> => {
    const result = await runCli(tool, [...args, ...auth], baseUrl);
    assert.equal(result.code, 0, `${tool} ${args.join(' ')}\n${result.output}`);
    return result;
  };
  const publish = async (consumer: string, version: string, branch: string, pacts: [string, readonly Interaction[]][]) => {
    const directory = mkdtempSync(join(tmpdir(), 'ui-pacts-'));
    try {
      for (const [provider, interactions] of pacts) pactFile(directory, consumer, provider, interactions);
      await cli('pact-broker', 'publish', directory, '--consumer-app-version', version, '--branch', branch);
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  };
  const verify = async (provider: string, consumer: string, consumerVersion: string, providerVersion: string, success: boolean) => {
    const pact = await http(baseUrl, 'GET', `/pacts/provider/${provider}/consumer/${consumer}/version/${consumerVersion}`, undefined, headers);
    assert.equal(pact.status, 200, pact.text);
    const href = pact.body._links['pb:publish-verification-results'].href as string;
    const published = await http(baseUrl, 'POST', href, { success, providerApplicationVersion: providerVersion, verifiedBy: { implementation: 'Pact-Rust', version: '1.0.0' } }, headers);
    assert.equal(published.status, 201, published.text);
  };

  const getOrder = interaction('a request for order 1', '/orders/1', { id: 1, total: 10 }, 'order 1 exists');
  const getUser = interaction('a request for user alice', '/users/alice', { name: 'alice' }, 'alice exists');
  await publish('Web', '1.0.0', 'main', [
    ['Orders', [getOrder]],
    ['Users', [getUser]],
  ]);
  await publish('Web', '1.1.0', 'main', [
    ['Orders', [getOrder, interaction('a request for all orders', '/orders', [{ id: 1, total: 10 }])]],
    ['Users', [getUser]],
  ]);
  await publish('Web', '1.2.0', 'feat/search', [['Orders', [interaction('a request for order 1', '/orders/1', { id: 1, total: 10, currency: 'EUR' }, 'order 1 exists'), interaction('a search for orders', '/orders?q=book', [])]]]);
  await publish('Mobile', '2.0.0', 'main', [
    ['Orders', [interaction('a request for order 2', '/orders/2', { id: 2 })]],
    ['Catalog', [interaction('a request for an alligator', '/alligators/Mary', { name: 'Mary' }, 'there is an alligator named Mary')]],
  ]);
  await publish('Admin', '0.1.0', 'main', [['Users', [interaction('a request for all users', '/users', [])]]]);
  // Asks Catalog for a path its OpenAPI document does not have: the comparison fails with a mismatch.
  await publish('Kiosk', '1.0.0', 'main', [['Catalog', [interaction('a request for a crocodile', '/crocodiles/Bob', { name: 'Bob' })]]]);
  await cli('pactflow', 'publish-provider-contract', join(fixtures, 'oas/bar.yaml'), '--provider', 'Catalog', '--provider-app-version', '7.0.0', '--branch', 'main', '--content-type', 'application/yaml', '--verification-success', '--verifier', 'schemathesis');

  await cli('pact-broker', 'create-or-update-version', '--pacticipant', 'Orders', '--version', '3.0.0', '--branch', 'main');
  await cli('pact-broker', 'create-or-update-version', '--pacticipant', 'Users', '--version', '5.0.0', '--branch', 'main');
  await verify('Orders', 'Web', '1.1.0', '3.0.0', true);
  await verify('Orders', 'Mobile', '2.0.0', '3.0.0', true);
  await verify('Users', 'Web', '1.1.0', '5.0.0', false);

  for (const [pacticipant, version, environment] of [
    ['Orders', '3.0.0', 'production'],
    ['Users', '5.0.0', 'production'],
    ['Catalog', '7.0.0', 'production'],
    ['Web', '1.0.0', 'production'],
    ['Web', '1.0.0', 'test'],
    ['Web', '1.1.0', 'test'],
  ] as const) {
    await cli('pact-broker', 'record-deployment', '--pacticipant', pacticipant, '--version', version, '--environment', environment);
  }
  await cli('pact-broker', 'record-release', '--pacticipant', 'Mobile', '--version', '2.0.0', '--environment', 'production');

  const canIDeploy: Record<string, CliResult> = {};
  for (const [pacticipant, version, environment] of [
    ['Web', '1.1.0', 'production'],
    ['Mobile', '2.0.0', 'production'],
  ] as const) {
    canIDeploy[`${pacticipant}@${version}->${environment}`] = await runCli('pact-broker', ['can-i-deploy', '--pacticipant', pacticipant, '--version', version, '--to-environment', environment, ...auth], baseUrl);
  }
  return { canIDeploy };
}
