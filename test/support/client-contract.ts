/**
 * Harness for verifying the official clients' own consumer pacts against the broker (docs/wire-contract.md §19), the way
 * the reference does: every interaction starts from an empty tenant (with a token of its own, which the harness adds
 * to each request), a provider-state endpoint builds each state's data through the broker's own services, and a small
 * proxy regroups the matrix queries the verifier replays sorted
 * by key (Rack-style grouping depends on parameter order) and maps the Ruby generation's placeholder paths to real ones.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as forward, type Server } from 'node:http';
import { parseQuery } from '../../shared/http/query.ts';
import type { Db } from '../../shared/storage/client.ts';
import type { ServiceContext } from '../../shared/services/context.ts';
import { tenantContext } from '../../shared/composition/context.ts';
import { forOperator } from '../../shared/composition/operator-context.ts';
import { seedTenant } from '../../shared/storage/repositories/tenants.ts';
import { createEnvironment } from '../../shared/services/environments.ts';
import { createPacticipant } from '../../shared/services/pacticipants.ts';
import { addVersionToBranch, createOrUpdateVersion, tagVersion } from '../../shared/services/versions.ts';
import { recordDeployment } from '../../shared/services/deployments.ts';
import { publishContracts } from '../../shared/services/contracts.ts';
import { publishVerification } from '../../shared/services/verifications.ts';
import { saveWebhook } from '../../shared/services/webhooks.ts';
import { createToken } from '../../shared/services/auth.ts';

/** The seven matrix queries whose grouping the sorted replay loses, as the reference's own harness lists them. */
const REGROUPED: readonly [string, string][] = [
  ['latestby=cvpv&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1.2.3&q[][version]=4.5.6', 'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=4.5.6&latestby=cvpv'],
  ['latestby=cvpv&q[][pacticipant]=Foo Thing&q[][pacticipant]=Bar&q[][version]=1.2.3&q[][version]=4.5.6', 'q[][pacticipant]=Foo%20Thing&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=4.5.6&latestby=cvpv'],
  ['latestby=cvpv&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1.2.3&q[][version]=9.9.9', 'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][version]=9.9.9&latestby=cvpv'],
  ['latestby=cvpv&q[][pacticipant]=Wiffle&q[][pacticipant]=Meep&q[][version]=1.2.3&q[][version]=9.9.9', 'q[][pacticipant]=Wiffle&q[][version]=1.2.3&q[][pacticipant]=Meep&q[][version]=9.9.9&latestby=cvpv'],
  ['latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][tag]=prod&q[][version]=1.2.3', 'q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv'],
  ['latestby=cvpv&q[][latest]=true&q[][pacticipant]=Foo&q[][pacticipant]=Bar&q[][version]=1.2.4', 'q[][pacticipant]=Foo&q[][version]=1.2.4&q[][pacticipant]=Bar&q[][latest]=true&latestby=cvpv'],
  [
    'ignore[][pacticipant]=Foo&ignore[][version]=3.4.5&latestby=cvpv&q[][pacticipant]=Bar&q[][pacticipant]=Foo&q[][tag]=prod&q[][version]=4.5.6',
    'q[][pacticipant]=Bar&q[][version]=4.5.6&q[][pacticipant]=Foo&q[][tag]=prod&latestby=cvpv&ignore[][pacticipant]=Foo&ignore[][version]=3.4.5',
  ],
];

const sortedKey = (rawQuery: string): string =>
  parseQuery(rawQuery)
    .map(([key, value]) => `${key}=${value}`)
    .sort()
    .join('&');

const REGROUP_BY_SORTED = new Map(REGROUPED.map(([sorted, grouped]) => [sortedKey(sorted.replaceAll(' ', '%20')), grouped]));

export function regroupMatrixQuery(rawQuery: string): string {
  return REGROUP_BY_SORTED.get(sortedKey(rawQuery)) ?? rawQuery;
}

/**
 * The Ruby generation's pacts (`pact_broker_client-*.json`) name placeholders instead of paths: their index and HAL
 * responses expect any `http://…` href, and the follow-up requests go to the placeholder. Each maps to the path the
 * client would have followed (the states fix the names, versions and UUIDs).
 */
const PLACEHOLDER_PATHS: ReadonlyMap<string, string> = new Map([
  ['/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-BRANCH-Foo-main', '/pacticipants/Foo/branches/main'],
  ['/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-VERSION-Condor', '/pacticipants/Condor/latest-version'],
  ['/HAL-REL-PLACEHOLDER-INDEX-PB-LATEST-TAGGED-VERSION-Condor-production', '/pacticipants/Condor/latest-version/production'],
  ['/HAL-REL-PLACEHOLDER-PB-PUBLISH-CONTRACTS', '/contracts/publish'],
  ['/HAL-REL-PLACEHOLDER-PB-PACTICIPANT-VERSION-Foo-5556b8149bf8bac76bc30f50a8a2dd4c22c85f30', '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30'],
  ['/HAL-REL-PLACEHOLDER-PB-RECORD-DEPLOYMENT-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST', '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/deployed-versions/environment/cb632df3-0a0d-4227-aac3-60114dd36479'],
  ['/HAL-REL-PLACEHOLDER-PB-RECORD-RELEASE-FOO-5556B8149BF8BAC76BC30F50A8A2DD4C22C85F30-TEST', '/pacticipants/Foo/versions/5556b8149bf8bac76bc30f50a8a2dd4c22c85f30/released-versions/environment/cb632df3-0a0d-4227-aac3-60114dd36479'],
  ['/HAL-REL-PLACEHOLDER-PB-ENVIRONMENTS', '/environments'],
  ['/HAL-REL-PLACEHOLDER-PB-ENVIRONMENT-16926ef3-590f-4e3f-838e-719717aa88c9', '/environments/16926ef3-590f-4e3f-838e-719717aa88c9'],
  ['/PLACEHOLDER-ENVIRONMENT-CURRENTLY-DEPLOYED-16926ef3-590f-4e3f-838e-719717aa88c9', '/environments/16926ef3-590f-4e3f-838e-719717aa88c9/deployed-versions/currently-deployed'],
  ['/PLACEHOLDER-DEPLOYED-VERSION-ff3adecf-cfc5-4653-a4e3-f1861092f8e0', '/deployed-versions/ff3adecf-cfc5-4653-a4e3-f1861092f8e0'],
  ['/HAL-REL-PLACEHOLDER-PF-PUBLISH-PROVIDER-CONTRACT-Bar', '/provider-contracts/provider/Bar/publish'],
  ['/HAL-REL-PLACEHOLDER-PB-WEBHOOKS', '/webhooks'],
]);

const TEST_ENV = 'cb632df3-0a0d-4227-aac3-60114dd36479';
const TEST_ENV_2 = '16926ef3-590f-4e3f-838e-719717aa88c9';
const DEPLOYED = 'ff3adecf-cfc5-4653-a4e3-f1861092f8e0';
const FOO_VERSION = '5556b8149bf8bac76bc30f50a8a2dd4c22c85f30';

/** A service context whose next ids are the given ones (the states fix some UUIDs), then random ones. */
function contextFor(db: Db, tenant: string, ids: string[] = []): ServiceContext {
  const queue = [...ids];
  return tenantContext(db, tenant, { newId: () => queue.shift() ?? randomUUID() });
}

/** States that need no data (the interaction expects absence, or only the index). */
export const NO_OP_STATES: ReadonlySet<string> = new Set([
  '',
  "'Condor' does not exist in the pact-broker",
  'no pact between Condor and the Pricing Service exists',
  "the 'Pricing Service' does not exist in the pact-broker",
  'the pacticipant relations are present',
  'the pb:environments relation exists in the index resource',
  'the pb:latest-tagged-version relation exists in the index resource',
  'the pb:latest-version relation exists in the index resource',
  'the pb:pacticipant-branch relation exists in the index resource',
  'the pb:pacticipant-version and pb:environments relations exist in the index resource',
  'the pb:publish-contracts relations exists in the index resource',
  'the pb:publish-provider-contract relation exists in the index resource',
  'there is a pf:ui href in the response',
  // PactFlow teams are not a feature here: a webhook's teamUuid is kept and echoed whatever it names.
  'a team with UUID 2abbc12a-427d-432a-a521-c870af1739d9 exists',
]);

/** Builds each provider state's data through the broker's services. */
export function stateBuilders(db: Db, tenant: string): Record<string, () => Promise<void>> {
  const context = contextFor(db, tenant);
  const version = (pacticipant: string, number: string) => createOrUpdateVersion(context, pacticipant, number, {}, 'merge');
  const pact = async (consumer: string, consumerVersion: string, provider: string, interactions: unknown[] = [{ description: `random ${randomUUID()}`, request: { method: 'GET', path: '/' }, response: { status: 200 } }]) => {
    const text = JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, interactions, metadata: { pactSpecification: { version: '2.0.0' } } });
    const result = await publishContracts(context, {
      pacticipant: consumer,
      version: consumerVersion,
      tags: [],
      contracts: [{ consumer, provider, document: JSON.parse(text), text, onConflict: 'overwrite' }],
    });
    return result.published[0]?.publication.sha as string;
  };
  const verify = (consumer: string, provider: string, sha: string, providerVersion: string, success = true) => publishVerification(context, provider, consumer, sha, { success, providerApplicationVersion: providerVersion });
  const environment = (name: string, uuid?: string, extra: Record<string, unknown> = {}) => createEnvironment(contextFor(db, tenant, uuid ? [uuid] : []), { name, production: false, ...extra });
  const deploy = async (environmentUuid: string, applicationInstance?: string) => {
    await version('Foo', FOO_VERSION);
    await recordDeployment(contextFor(db, tenant, [DEPLOYED]), 'Foo', FOO_VERSION, environmentUuid, applicationInstance === undefined ? {} : { applicationInstance });
  };
  const condorPact = async (tag?: string) => {
    await pact('Condor', '1.3.0', 'Pricing Service', []); // the interactions expect an empty list
    if (tag) await tagVersion(context, 'Condor', '1.3.0', tag);
  };
  const fooBarVerified = async (consumer: string) => {
    const sha = await pact(consumer, '1.2.3', 'Bar');
    await verify(consumer, 'Bar', sha, '4.5.6');
    await verify(consumer, 'Bar', sha, '7.8.9');
    await verify(consumer, 'Bar', await pact(consumer, '2.0.0', 'Bar'), '4.5.6');
  };
  const okAndFailed = async (tagProd: boolean) => {
    await verify('Foo', 'Bar', await pact('Foo', '1.2.3', 'Bar'), '4.5.6');
    if (tagProd) await tagVersion(context, 'Bar', '4.5.6', 'prod');
    await verify('Foo', 'Bar', await pact('Foo', '1.2.4', 'Bar'), '9.9.9', false);
  };
  return {
    "'Condor' exists in the pact-broker": () => version('Condor', '1.3.0').then(() => undefined),
    "'Condor' exists in the pact-broker with the latest tagged 'production' version 1.2.3": async () => {
      await tagVersion(context, 'Condor', '1.2.3', 'production');
      await version('Condor', '2.0.0');
    },
    "'Condor' exists in the pact-broker with the latest version 1.2.3": async () => {
      await version('Condor', '1.0.0');
      await version('Condor', '1.2.3');
    },
    "'Condor' exists in the pact-broker with version 1.3.0, tagged with 'prod'": () => tagVersion(context, 'Condor', '1.3.0', 'prod').then(() => undefined),
    'a branch named main exists for pacticipant Foo': () => addVersionToBranch(context, 'Foo', 'main', '1').then(() => undefined),
    'a currently deployed version exists': async () => {
      await environment('test', TEST_ENV);
      await deploy(TEST_ENV);
    },
    'a latest pact between Condor and the Pricing Service exists': () => condorPact(),
    'a pact between Condor and the Pricing Service exists': () => condorPact(),
    'a pact between Condor and the Pricing Service exists for the production version of Condor': () => condorPact('prod'),
    'a pacticipant with name Foo exists': () => createPacticipant(context, { name: 'Foo' }).then(() => undefined),
    'an environment exists': () => environment('test', undefined, { contacts: [{ name: 'foo', details: { emailAddress: 'foo@bar.com' } }] }).then(() => undefined),
    'an environment with name test and UUID 16926ef3-590f-4e3f-838e-719717aa88c9 exists': () => environment('test', TEST_ENV_2).then(() => undefined),
    'an environment with name test exists': () => environment('test').then(() => undefined),
    'an version is deployed to environment with UUID 16926ef3-590f-4e3f-838e-719717aa88c9 with target customer-1': async () => {
      await environment('test', TEST_ENV_2);
      await deploy(TEST_ENV_2, 'customer-1');
    },
    'provider Bar version 4.5.6 has a successful verification for Foo version 1.2.3 tagged prod and a failed verification for version 3.4.5 tagged prod': async () => {
      const ok = await pact('Foo', '1.2.3', 'Bar');
      await tagVersion(context, 'Foo', '1.2.3', 'prod');
      await verify('Foo', 'Bar', ok, '4.5.6');
      const failed = await pact('Foo', '3.4.5', 'Bar');
      await tagVersion(context, 'Foo', '3.4.5', 'prod');
      await verify('Foo', 'Bar', failed, '4.5.6', false);
    },
    'tagged as prod pact between Condor and the Pricing Service exists': () => condorPact('prod'),
    "the 'Pricing Service' already exists in the pact-broker": async () => {
      await createPacticipant(context, { name: 'Pricing Service', repositoryUrl: 'git@git.realestate.com.au:business-systems/pricing-service' });
      await version('Pricing Service', '1.3.0');
    },
    'a webhook with the uuid 696c5f93-1b7f-44bc-8d03-59440fcaa9a0 exists': async () => {
      await createPacticipant(context, { name: 'Pricing Service' });
      await createPacticipant(context, { name: 'Condor' });
      await saveWebhook(context, '696c5f93-1b7f-44bc-8d03-59440fcaa9a0', {
        consumer: { name: 'Condor' },
        provider: { name: 'Pricing Service' },
        enabled: true,
        events: ['contract_content_changed'],
        request: { method: 'POST', url: 'https://webhook', headers: {} },
      });
    },
    "the 'Pricing Service' and 'Condor' already exist in the pact-broker": async () => {
      await createPacticipant(context, { name: 'Pricing Service' });
      await createPacticipant(context, { name: 'Condor' });
    },
    "the 'Pricing Service' and 'Condor' already exist in the pact-broker, and Condor already has a pact published for version 1.3.0": () => pact('Condor', '1.3.0', 'Pricing Service', []).then(() => undefined),
    'the pact for Foo Thing version 1.2.3 has been verified by Bar version 4.5.6': () => fooBarVerified('Foo Thing'),
    'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6': () => fooBarVerified('Foo'),
    'the pact for Foo version 1.2.3 and 1.2.4 has been verified by Bar version 4.5.6': async () => {
      await verify('Foo', 'Bar', await pact('Foo', '1.2.3', 'Bar'), '4.5.6');
      await verify('Foo', 'Bar', await pact('Foo', '1.2.4', 'Bar'), '4.5.6');
    },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 (tagged prod) and version 5.6.7': async () => {
      const sha = await pact('Foo', '1.2.3', 'Bar');
      await verify('Foo', 'Bar', sha, '4.5.6');
      await tagVersion(context, 'Bar', '4.5.6', 'prod');
      await verify('Foo', 'Bar', sha, '5.6.7');
    },
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6 with tag prod, and 1.2.4 unsuccessfully by 9.9.9': () => okAndFailed(true),
    'the pact for Foo version 1.2.3 has been successfully verified by Bar version 4.5.6, and 1.2.4 unsuccessfully by 9.9.9': () => okAndFailed(false),
    'the pact for Foo version 1.2.3 has been verified by Bar version 4.5.6 and version 5.6.7': async () => {
      const sha = await pact('Foo', '1.2.3', 'Bar');
      await verify('Foo', 'Bar', sha, '4.5.6');
      await verify('Foo', 'Bar', sha, '5.6.7');
    },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with 2 environments that aren\'t test available for deployment': async () => {
      await version('Foo', FOO_VERSION);
      await environment('prod');
      await environment('dev');
    },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for deployment': async () => {
      await version('Foo', FOO_VERSION);
      await environment('test', TEST_ENV);
    },
    'version 5556b8149bf8bac76bc30f50a8a2dd4c22c85f30 of pacticipant Foo exists with a test environment available for release': async () => {
      await version('Foo', FOO_VERSION);
      await environment('test', TEST_ENV);
    },
  };
}

export interface ContractHarness {
  readonly url: string;
  readonly unknownStates: ReadonlySet<string>;
  close(): Promise<void>;
}

/**
 * A proxy in front of the broker (authentication on): `POST /_pact/provider-states` switches to a fresh, empty tenant
 * and builds the state; `GET /matrix` queries are regrouped and placeholder paths mapped; everything is forwarded with
 * the current tenant's token.
 */
export async function startContractHarness(db: Db, brokerUrl: string): Promise<ContractHarness> {
  const target = new URL(brokerUrl);
  const unknownStates = new Set<string>();
  let counter = 0;
  let authorization = '';
  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://proxy');
      if (request.method === 'POST' && url.pathname === '/_pact/provider-states') {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { state?: string; action?: string };
        if (body.action !== 'teardown') {
          const tenant = `contract-${process.pid}-${++counter}`;
          await seedTenant(db, tenant, [], new Date().toISOString()); // an empty tenant: no default environments
          authorization = `Bearer ${(await createToken(forOperator(db), tenant, { role: 'write' })).token}`;
          const build = body.state === undefined ? undefined : stateBuilders(db, tenant)[body.state];
          if (build !== undefined) await build();
          else if (body.state !== undefined && !NO_OP_STATES.has(body.state)) unknownStates.add(body.state);
        }
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end('{}');
        return;
      }
      const raw = (request.url ?? '/').includes('?') ? (request.url ?? '').slice((request.url ?? '').indexOf('?') + 1) : '';
      const placeholder = PLACEHOLDER_PATHS.get(url.pathname);
      const path = url.pathname === '/matrix' ? `/matrix?${regroupMatrixQuery(raw)}` : placeholder !== undefined ? `${placeholder}${raw === '' ? '' : `?${raw}`}` : (request.url ?? '/');
      const upstream = forward({ host: target.hostname, port: target.port, method: request.method, path, headers: { ...request.headers, host: target.host, authorization } }, (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      });
      request.pipe(upstream);
    })().catch((error: unknown) => {
      response.writeHead(500, { 'Content-Type': 'text/plain' });
      response.end(String(error));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    unknownStates,
    close: () => new Promise<void>((done) => server.close(() => done())),
  };
}
