/**
 * The broker-contents handler (functions/iac/handler.ts), driven with CloudFormation's event shapes (Create, Update,
 * Delete, rollback Update, and a retry of each) against a local broker under AWS's rules, checking the broker's state
 * through its HTTP API afterwards. The token fetcher is injected; test/iac/secrets.test.ts covers the real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHandlers, type IsCompleteEvent } from '../../functions/iac/handler.ts';
import type { SecretReference } from '../../functions/iac/properties.ts';
import { sha256Hex } from '../../shared/services/auth.ts';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { createEvent, declared, deleteEvent, updateEvent, type Declared } from './events.ts';

let broker: TestBroker;
const fetched: SecretReference[] = [];
const secretValues: Record<string, string> = {
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-token-AbCdEf': 'Bearer ci-secret-value',
  'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-password-AbCdEf': 'hook-password-value',
};
const logged: string[] = [];
const handlers = () =>
  createHandlers({
    fetchSecret: async (reference) => {
      fetched.push(reference);
      const value = secretValues[reference.SecretArn];
      if (value === undefined) throw new Error(`no secret ${reference.SecretArn}`);
      return value;
    },
    sleep: async () => {},
    log: (entry) => logged.push(JSON.stringify(entry)),
  });

beforeAll(async () => {
  broker = await startTestBroker();
}, 120_000);
afterAll(async () => {
  await broker?.close();
});

const get = (path: string) => http(broker.url, 'GET', path);
/** The message CloudFormation would show: the rejection's message. It never carries a stack trace. */
async function failureOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error, 'the handler should have failed').toBeInstanceOf(Error);
  const message = (error as Error).message;
  expect(message).not.toMatch(/\n\s+at /);
  return message;
}
const environmentNamed = async (name: string) => {
  const response = await get(`/environments?name=${encodeURIComponent(name)}`);
  return (response.body._embedded.environments as { uuid: string; name: string; displayName: string; production: boolean; contacts?: unknown[] }[]).find((environment) => environment.name === name);
};

describe('BrokerEnvironment', () => {
  const uat = (displayName: string, name = 'uat'): Declared => declared('environment', broker.url, { name, displayName, production: false, contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }] });

  it('creates, survives a retried Create, updates, renames, rolls back and deletes', async () => {
    const { onEvent } = handlers();
    const created = await onEvent(createEvent(uat('UAT')));
    const environment = await environmentNamed('uat');
    expect(environment).toMatchObject({ displayName: 'UAT', production: false, contacts: [{ name: 'Team A', details: { emailAddress: 'a@example.com' } }] });
    expect(created).toEqual({ PhysicalResourceId: `environment:${environment?.uuid}`, Data: { Uuid: environment?.uuid, Name: 'uat', Adopted: 'false' } });
    // CloudFormation (or Lambda) sending the Create again finds the environment and keeps it: one environment. It cannot
    // tell its own from one made by someone else, so it adopts it (the safe side: a stack deletion will leave it).
    expect((await onEvent(createEvent(uat('UAT')))).PhysicalResourceId).toBe(`${created.PhysicalResourceId}/adopted`);
    expect((await get('/environments')).body._embedded.environments.filter((item: { name: string }) => item.name === 'uat')).toHaveLength(1);

    const update = updateEvent(uat('UAT'), uat('User Acceptance', 'acceptance'), created.PhysicalResourceId);
    expect((await onEvent(update)).PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect((await onEvent(update)).PhysicalResourceId).toBe(created.PhysicalResourceId); // the retry
    expect(await environmentNamed('uat')).toBeUndefined();
    expect(await environmentNamed('acceptance')).toMatchObject({ uuid: environment?.uuid, displayName: 'User Acceptance' });

    // Another resource failed: CloudFormation sends an Update back to the old properties.
    const rollback = updateEvent(uat('User Acceptance', 'acceptance'), uat('UAT'), created.PhysicalResourceId);
    expect((await onEvent(rollback)).PhysicalResourceId).toBe(created.PhysicalResourceId);
    expect(await environmentNamed('uat')).toMatchObject({ uuid: environment?.uuid, displayName: 'UAT' });

    expect(await onEvent(deleteEvent(uat('UAT'), created.PhysicalResourceId))).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
    expect((await get(`/environments/${environment?.uuid}`)).status).toBe(404);
    // A repeated Delete finds it gone: done.
    expect(await onEvent(deleteEvent(uat('UAT'), created.PhysicalResourceId))).toEqual({ PhysicalResourceId: created.PhysicalResourceId });
  });

  it('adopts an existing environment of the same name instead of failing', async () => {
    const seeded = await environmentNamed('production');
    const outcome = await handlers().onEvent(createEvent(declared('environment', broker.url, { name: 'production', displayName: 'Prod', production: true })));
    expect(outcome.Data).toEqual({ Uuid: seeded?.uuid, Name: 'production', Adopted: 'true' });
    expect(await environmentNamed('production')).toMatchObject({ uuid: seeded?.uuid, displayName: 'Prod', production: true });
    // Updates keep the adopted id; deleting the resource leaves the environment it did not create (its history too).
    const resource = declared('environment', broker.url, { name: 'production', displayName: 'Prod', production: true });
    const updated = await handlers().onEvent(updateEvent(resource, declared('environment', broker.url, { name: 'production', displayName: 'Production', production: true }), outcome.PhysicalResourceId));
    expect(updated.PhysicalResourceId).toBe(outcome.PhysicalResourceId);
    await handlers().onEvent(deleteEvent(resource, outcome.PhysicalResourceId));
    expect(await environmentNamed('production')).toMatchObject({ uuid: seeded?.uuid, displayName: 'Production' });
  });

  it('leaves an adopted pacticipant in the broker when the resource is deleted (a rolled-back first deployment must not take it)', async () => {
    await get('/pacticipants/Existing'); // absent
    expect((await fetch(`${broker.url}/pacticipants`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Existing' }) })).status).toBe(201);
    const resource = declared('pacticipant', broker.url, { name: 'Existing', mainBranch: 'main' });
    const adopted = await handlers().onEvent(createEvent(resource));
    expect(adopted).toMatchObject({ PhysicalResourceId: 'pacticipant:Existing/adopted', Data: { Adopted: 'true' } });
    await handlers().onEvent(deleteEvent(resource, adopted.PhysicalResourceId));
    expect((await get('/pacticipants/Existing')).body).toMatchObject({ name: 'Existing', mainBranch: 'main' });
  });

  it('ignores a Delete of a physical id CloudFormation invented for a Create it stopped waiting for', async () => {
    const resource = declared('environment', broker.url, { name: 'test', production: false });
    expect(await handlers().onEvent(deleteEvent(resource, 'Orders-Resource-1XYZ2ABC'))).toEqual({ PhysicalResourceId: 'Orders-Resource-1XYZ2ABC' });
    expect(await environmentNamed('test')).toBeDefined();
  });

  it('fails with the broker message when the broker refuses the environment', async () => {
    const message = await failureOf(handlers().onEvent(createEvent(declared('environment', broker.url, { name: 'has space', production: false }))));
    expect(message).toMatch(/^Creating environment 'has space': the broker answered 400 to POST \/environments: name: /);
  });
});

describe('BrokerPacticipant', () => {
  const orders = (spec: object = {}, name = 'Orders'): Declared => declared('pacticipant', broker.url, { name, ...spec });

  it('creates, updates (a removed property is unset), rolls back, renames as a replacement and deletes', async () => {
    const { onEvent } = handlers();
    const v1 = orders({ displayName: 'Order Service', mainBranch: 'main', repositoryUrl: 'https://git.example/orders' });
    const created = await onEvent(createEvent(v1));
    expect(created.PhysicalResourceId).toBe(`pacticipant:Orders`);
    // A retried Create finds it and adopts it (it cannot tell its own from someone else's: the safe side).
    expect((await onEvent(createEvent(v1))).PhysicalResourceId).toBe('pacticipant:Orders/adopted');
    expect((await get('/pacticipants/Orders')).body).toMatchObject({ displayName: 'Order Service', mainBranch: 'main', repositoryUrl: 'https://git.example/orders' });

    const v2 = orders({ mainBranch: 'trunk' });
    await onEvent(updateEvent(v1, v2, created.PhysicalResourceId));
    await onEvent(updateEvent(v1, v2, created.PhysicalResourceId));
    const updated = (await get('/pacticipants/Orders')).body;
    expect(updated).toMatchObject({ displayName: 'Orders', mainBranch: 'trunk' });
    expect(updated.repositoryUrl).toBeUndefined();

    await onEvent(updateEvent(v2, v1, created.PhysicalResourceId)); // rollback
    expect((await get('/pacticipants/Orders')).body).toMatchObject({ displayName: 'Order Service', mainBranch: 'main', repositoryUrl: 'https://git.example/orders' });

    // A rename answers a new id; CloudFormation then deletes the old one (with its old properties).
    const renamed = orders({ mainBranch: 'main' }, 'OrderService');
    const replaced = await onEvent(updateEvent(v1, renamed, created.PhysicalResourceId));
    expect(replaced.PhysicalResourceId).toBe(`pacticipant:OrderService`);
    await onEvent(deleteEvent(v1, created.PhysicalResourceId));
    await onEvent(deleteEvent(v1, created.PhysicalResourceId));
    expect((await get('/pacticipants/Orders')).status).toBe(404);
    expect((await get('/pacticipants/OrderService')).status).toBe(200);
    await onEvent(deleteEvent(renamed, replaced.PhysicalResourceId));
    expect((await get('/pacticipants/OrderService')).status).toBe(404);
  });

  it('keeps everything when the broker URL changes to another spelling of the same broker', async () => {
    // CloudFormation deletes the old physical id (with the old properties) after an Update that changed it: if the
    // URL were part of the id, that Delete would go to the same broker and delete what the Update just put there.
    const { onEvent } = handlers();
    const other = broker.url.replace('127.0.0.1', 'localhost');
    const update = async (before: Declared, after: Declared, id: string) => {
      const outcome = await onEvent(updateEvent(before, after, id));
      if (outcome.PhysicalResourceId !== id) await onEvent(deleteEvent(before, id));
      return outcome;
    };
    const moved = (resource: Declared): Declared => ({ ...resource, properties: { ...resource.properties, Broker: { Url: other } } });

    const pacticipant = orders({ mainBranch: 'main' }, 'Moving');
    const created = await onEvent(createEvent(pacticipant));
    await update(pacticipant, moved(pacticipant), created.PhysicalResourceId);
    expect((await get('/pacticipants/Moving')).status).toBe(200);

    const environment = declared('environment', broker.url, { name: 'moving', production: false });
    const env = await onEvent(createEvent(environment));
    const envMoved = await update(environment, moved(environment), env.PhysicalResourceId);
    expect(envMoved.Data?.['Uuid']).toBe(env.Data?.['Uuid']);
    expect(await environmentNamed('moving')).toMatchObject({ uuid: env.Data?.['Uuid'] });
    // On a broker that does not have the uuid (a move to another broker), the environment of that name is adopted.
    const adopted = await onEvent(updateEvent(environment, moved(environment), 'environment:not-a-uuid-of-this-broker'));
    expect(adopted).toMatchObject({ PhysicalResourceId: `${env.PhysicalResourceId}/adopted`, Data: { Adopted: 'true' } });

    const deployment = declared('deployment', broker.url, { pacticipant: 'Moving', version: '1', branch: 'main', environment: 'moving' });
    const recorded = await onEvent(createEvent(deployment));
    await update(deployment, moved(deployment), recorded.PhysicalResourceId);
    expect(await deployedSlots('moving', 'Moving')).toEqual(['-=1']);
  });

  it('fails with the broker message for a name the broker refuses', async () => {
    const message = await failureOf(handlers().onEvent(createEvent(orders({}, 'x'.repeat(201)))));
    expect(message).toMatch(/the broker answered 400 to PUT \/pacticipants\/x+: .*200 characters/);
  });
});

describe('BrokerWebhook', () => {
  const UUID = 'orders-webhook-0123456789';
  const hook = (description: string): Declared =>
    declared(
      'webhook',
      broker.url,
      { uuid: UUID, description, events: ['contract_published'], request: { method: 'POST', url: 'https://ci.example.com/hook', username: 'ci', headers: { 'X-Kind': 'pact' }, body: { url: '${pactbroker.pactUrl}' } } },
      {
        Secrets: {
          Password: { SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:hook-password-AbCdEf' },
          Headers: { Authorization: { SecretArn: 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:ci-token-AbCdEf' } },
        },
      },
    );

  it('puts the webhook under its stable uuid (an upsert), with secrets read at run time, and deletes it', async () => {
    const { onEvent } = handlers();
    fetched.length = 0;
    const created = await onEvent(createEvent(hook('first')));
    expect(created).toEqual({ PhysicalResourceId: `webhook:${UUID}`, Data: { Uuid: UUID } });
    expect(fetched.map((reference) => reference.SecretArn).sort()).toEqual(Object.keys(secretValues).sort());
    const stored = (await get(`/webhooks/${UUID}`)).body;
    expect(stored).toMatchObject({ description: 'first', events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://ci.example.com/hook', username: 'ci', headers: { 'x-kind': 'pact', authorization: '**********' }, password: '**********' } });
    await onEvent(createEvent(hook('first'))); // retry
    await onEvent(updateEvent(hook('first'), hook('second'), created.PhysicalResourceId));
    expect((await get(`/webhooks/${UUID}`)).body.description).toBe('second');
    await onEvent(updateEvent(hook('second'), hook('first'), created.PhysicalResourceId)); // rollback
    expect((await get(`/webhooks/${UUID}`)).body.description).toBe('first');
    expect((await get('/webhooks')).body._links['pb:webhooks']).toHaveLength(1);
    await onEvent(deleteEvent(hook('first'), created.PhysicalResourceId));
    await onEvent(deleteEvent(hook('first'), created.PhysicalResourceId));
    expect((await get(`/webhooks/${UUID}`)).status).toBe(404);
    expect(logged.join('\n')).not.toMatch(/ci-secret-value|hook-password-value/);
  });

  it('fails with the broker messages for a webhook the broker refuses', async () => {
    const resource = declared('webhook', broker.url, { uuid: UUID, events: ['nope'], request: { method: 'POST', url: 'https://ci.example.com/hook' } });
    expect(await failureOf(handlers().onEvent(createEvent(resource)))).toMatch(/^Putting webhook orders-webhook-0123456789: the broker answered 400 to PUT \/webhooks\/orders-webhook-0123456789: events/);
  });
});

const deployedSlots = async (environment: string, pacticipant: string): Promise<string[]> => {
  const { uuid } = (await environmentNamed(environment)) as { uuid: string };
  const response = await get(`/environments/${uuid}/deployed-versions/currently-deployed?pacticipant=${pacticipant}`);
  return (response.body._embedded.deployedVersions as { applicationInstance?: string; _embedded: { version: { number: string } } }[])
    .map((item) => `${item.applicationInstance ?? '-'}=${item._embedded.version.number}`)
    .sort();
};
const deploymentRecords = async (pacticipant: string, version: string): Promise<number> => {
  const { uuid } = (await environmentNamed('production')) as { uuid: string };
  return ((await get(`/pacticipants/${pacticipant}/versions/${version}/deployed-versions/environment/${uuid}`)).body._embedded.deployedVersions as unknown[]).length;
};

describe('PactDeployment', () => {
  const deployment = (version: string, extra: object = {}): Declared => declared('deployment', broker.url, { pacticipant: 'Shop', version, branch: 'main', environment: 'production', ...extra });

  it('records the deployment (creating the version on its branch), replaces it on update, records the previous version again on rollback, and the undeployment on delete', async () => {
    const { onEvent } = handlers();
    const created = await onEvent(createEvent(deployment('1.0.0')));
    expect(created.PhysicalResourceId).toBe(`deployment:deployment/Shop/production/`);
    expect((await get('/pacticipants/Shop/branches/main/versions/1.0.0')).status).toBe(200);
    expect(await deployedSlots('production', 'Shop')).toEqual(['-=1.0.0']);
    const retried = await onEvent(createEvent(deployment('1.0.0')));
    expect(retried.Data?.['RecordUuid']).toBe(created.Data?.['RecordUuid']);
    expect(await deploymentRecords('Shop', '1.0.0')).toBe(1);

    const update = updateEvent(deployment('1.0.0'), deployment('1.1.0'), created.PhysicalResourceId);
    expect((await onEvent(update)).PhysicalResourceId).toBe(created.PhysicalResourceId);
    await onEvent(update);
    expect(await deployedSlots('production', 'Shop')).toEqual(['-=1.1.0']);

    const rollback = updateEvent(deployment('1.1.0'), deployment('1.0.0'), created.PhysicalResourceId);
    await onEvent(rollback);
    await onEvent(rollback);
    expect(await deployedSlots('production', 'Shop')).toEqual(['-=1.0.0']);
    expect(await deploymentRecords('Shop', '1.0.0')).toBe(2); // the rollback is a record of its own (rules §3.2)

    await onEvent(deleteEvent(deployment('1.0.0'), created.PhysicalResourceId));
    await onEvent(deleteEvent(deployment('1.0.0'), created.PhysicalResourceId));
    expect(await deployedSlots('production', 'Shop')).toEqual([]);
  });

  it('keeps application instances apart, and a delete leaves a version someone else deployed since', async () => {
    const { onEvent } = handlers();
    const blue = deployment('2.0.0', { applicationInstance: 'blue' });
    const created = await onEvent(createEvent(blue));
    await onEvent(createEvent(deployment('2.0.0', { applicationInstance: 'green' })));
    expect(await deployedSlots('production', 'Shop')).toEqual(['blue=2.0.0', 'green=2.0.0']);
    await http(broker.url, 'PUT', '/pacticipants/Shop/versions/2.0.1', {});
    const { uuid } = (await environmentNamed('production')) as { uuid: string };
    expect((await http(broker.url, 'POST', `/pacticipants/Shop/versions/2.0.1/deployed-versions/environment/${uuid}`, { applicationInstance: 'blue' })).status).toBe(201);
    await onEvent(deleteEvent(blue, created.PhysicalResourceId));
    expect(await deployedSlots('production', 'Shop')).toEqual(['blue=2.0.1', 'green=2.0.0']);
  });

  it('records a release, ends the old version\'s support when the version is replaced, and the new one\'s on rollback', async () => {
    const { onEvent } = handlers();
    const release = (version: string) => declared('deployment', broker.url, { kind: 'release', pacticipant: 'App', version, environment: 'production' });
    const supported = async () => {
      const { uuid } = (await environmentNamed('production')) as { uuid: string };
      return ((await get(`/environments/${uuid}/released-versions/currently-supported?pacticipant=App`)).body._embedded.releasedVersions as { _embedded: { version: { number: string } } }[]).map((item) => item._embedded.version.number).sort();
    };
    const v1 = await onEvent(createEvent(release('1.0')));
    await onEvent(createEvent(release('1.0')));
    expect(v1.PhysicalResourceId).toBe(`deployment:release/App/production/1.0`);
    expect(await supported()).toEqual(['1.0']);
    // A new version is a new release: CloudFormation creates it, then deletes the old resource once the stack is updated.
    const v2 = await onEvent(updateEvent(release('1.0'), release('2.0'), v1.PhysicalResourceId));
    expect(v2.PhysicalResourceId).toBe(`deployment:release/App/production/2.0`);
    expect(await supported()).toEqual(['1.0', '2.0']);
    await onEvent(deleteEvent(release('1.0'), v1.PhysicalResourceId));
    await onEvent(deleteEvent(release('1.0'), v1.PhysicalResourceId));
    expect(await supported()).toEqual(['2.0']);
    // Had the stack update failed instead, the rollback deletes the new resource: 2.0's support ends.
    const v3 = await onEvent(updateEvent(release('2.0'), release('3.0'), v2.PhysicalResourceId));
    await onEvent(deleteEvent(release('3.0'), v3.PhysicalResourceId));
    expect(await supported()).toEqual(['2.0']);
  });

  it('fails with a clear reason for an environment the broker does not have', async () => {
    const message = await failureOf(handlers().onEvent(createEvent(deployment('1.0.0', { environment: 'staging' }))));
    expect(message).toMatch(/^Environment 'staging' does not exist in the broker at http:\/\/127\.0\.0\.1:\d+/);
  });
});

describe('CanIDeployGate', () => {
  const pact = { consumer: { name: 'Web' }, provider: { name: 'Api' }, interactions: [{ description: 'a request', request: { method: 'GET', path: '/' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } };
  const gate = (version: string, timeoutSeconds = 600): Declared => declared('gate', broker.url, { pacticipant: 'Web', version, environment: 'production', timeoutSeconds });
  let now = Date.parse('2026-03-01T10:00:00Z');
  const clock = () =>
    createHandlers({ fetchSecret: async () => 'unused', now: () => now, log: () => {} });

  const publish = async (version: string, interactions = pact.interactions) => {
    const content = Buffer.from(JSON.stringify({ ...pact, interactions })).toString('base64');
    const response = await http(broker.url, 'POST', '/contracts/publish', { pacticipantName: 'Web', pacticipantVersionNumber: version, branch: 'main', contracts: [{ consumerName: 'Web', providerName: 'Api', specification: 'pact', contentType: 'application/json', content }] });
    expect(response.status, response.text).toBe(200);
  };
  const verify = async (version: string, success: boolean) => {
    const document = (await get(`/pacts/provider/Api/consumer/Web/version/${version}`)).body;
    const response = await http(broker.url, 'POST', new URL(document._links['pb:publish-verification-results'].href).pathname, { providerApplicationVersion: '7', success });
    expect(response.status, response.text).toBe(201);
  };

  beforeAll(async () => {
    // Api 7 runs in production; Web's pacts with it are verified (or not) below.
    await http(broker.url, 'PUT', '/pacticipants/Api/branches/main/versions/7', {});
    const { uuid } = (await environmentNamed('production')) as { uuid: string };
    expect((await http(broker.url, 'POST', `/pacticipants/Api/versions/7/deployed-versions/environment/${uuid}`, {})).status).toBe(201);
  });

  it('waits while the answer is unknown and completes once the verification says yes', async () => {
    const { onEvent, isComplete } = clock();
    await publish('1');
    const event = createEvent(gate('1'));
    const started = await onEvent(event);
    expect(started).toEqual({ PhysicalResourceId: `gate:Web/1/production`, GateStartedAt: now });
    const polled: IsCompleteEvent = { ...event, ...started };
    expect(await isComplete(polled)).toEqual({ IsComplete: false });
    now += 10_000;
    expect(await isComplete(polled)).toEqual({ IsComplete: false }); // a retried poll changes nothing
    await verify('1', true);
    const done = await isComplete(polled);
    expect(done).toMatchObject({ IsComplete: true, Data: { Deployable: 'true' } });
    // Delete is nothing to the broker.
    const deletion = deleteEvent(gate('1'), started.PhysicalResourceId);
    expect(await onEvent(deletion)).toEqual({ PhysicalResourceId: started.PhysicalResourceId });
    expect(await isComplete(deletion)).toEqual({ IsComplete: true });
  });

  it("fails with the broker's notices when the answer is no", async () => {
    const { onEvent, isComplete } = clock();
    await publish('2', [{ description: 'another request', request: { method: 'GET', path: '/other' }, response: { status: 200 } }]);
    const event = updateEvent(gate('1'), gate('2'), `gate:Web/1/production`);
    const started = await onEvent(event);
    expect(started.PhysicalResourceId).toBe(`gate:Web/2/production`); // a new version is a new gate
    expect(await isComplete({ ...event, ...started })).toEqual({ IsComplete: false });
    await verify('2', false);
    const message = await failureOf(isComplete({ ...event, ...started }));
    expect(message).toMatch(/^can-i-deploy says no for Web 2 to production: .*failed/i);
  });

  it('fails naming what is missing when the answer stays unknown past the timeout', async () => {
    const { onEvent, isComplete } = clock();
    await publish('3', [{ description: 'a third request', request: { method: 'GET', path: '/third' }, response: { status: 200 } }]);
    const event = createEvent(gate('3', 30));
    const started = await onEvent(event);
    expect(await isComplete({ ...event, ...started })).toEqual({ IsComplete: false });
    now += 31_000;
    expect(await failureOf(isComplete({ ...event, ...started }))).toMatch(/^can-i-deploy is still unknown for Web 3 to production after 31 s: .*Api/);
  });

  it('fails with the broker message for a query the broker refuses', async () => {
    const resource = declared('gate', broker.url, { pacticipant: 'Nobody', version: '1', environment: 'production', timeoutSeconds: 60 });
    const { onEvent, isComplete } = clock();
    const event = createEvent(resource);
    const message = await failureOf(isComplete({ ...event, ...(await onEvent(event)) }));
    expect(message).toMatch(/the broker answered 400 to GET \/matrix\?.*: Pacticipant Nobody not found/);
  });
});

describe('failure reasons', () => {
  it('stay within what a CloudFormation response can carry (4,096 bytes in all), counted in bytes of JSON', async () => {
    // A broker message of 3,000 characters is up to 9,000 bytes of UTF-8 (and an escaped quote is two).
    const long = '注文サービス "検証" '.repeat(300);
    const refusing = createHandlers({
      fetchSecret: async () => 'unused',
      log: () => {},
      fetch: async () => new Response(JSON.stringify({ errors: { name: [long] } }), { status: 400, headers: { 'Content-Type': 'application/json' } }),
    });
    const message = await failureOf(refusing.onEvent(createEvent(declared('environment', 'https://pact.example.com', { name: 'uat', production: false }))));
    expect(message).toMatch(/^Listing the environments named 'uat': the broker answered 400 to GET \/environments\?name=uat: name: 注文サービス/);
    expect(message.endsWith('…')).toBe(true);
    // The framework adds "\n\nLogs: /aws/lambda/<function>\n"; the ids, the stack ARN and the keys take the rest.
    expect(Buffer.byteLength(JSON.stringify(message), 'utf8')).toBeLessThanOrEqual(2500);
  });

  it("keep the gate's success within it too: its reason travels in Data", async () => {
    const warnings = Array.from({ length: 60 }, (_, index) => ({ type: 'warning', text: `WARN: Cannot ignore version ${index} of 注文一覧サービス注文一覧サービス (no such version exists)` }));
    const answering = createHandlers({
      fetchSecret: async () => 'unused',
      log: () => {},
      fetch: async () => new Response(JSON.stringify({ summary: { deployable: true, reason: '' }, notices: [...warnings, { type: 'success', text: 'All required verification results are published and successful' }] }), { status: 200 }),
    });
    const event = createEvent(declared('gate', 'https://pact.example.com', { pacticipant: 'Web', version: '1', environment: 'production', timeoutSeconds: 60 }));
    const done = await answering.isComplete({ ...event, ...(await answering.onEvent(event)) });
    expect(done).toMatchObject({ IsComplete: true, Data: { Deployable: 'true', Reason: expect.stringMatching(/^WARN: Cannot ignore version 0 .*…$/s) } });
    expect(Buffer.byteLength(JSON.stringify(done.Data), 'utf8')).toBeLessThanOrEqual(2600);
  });
});

describe('against a broker with authentication', () => {
  const ADMIN_TOKEN = 'test-admin-credential-iac-0123456789';
  const TOKEN_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pact-broker/acme-ci-AbCdEf';
  let secured: TestBroker;
  let token: string;

  beforeAll(async () => {
    secured = await startTestBroker({ auth: true, adminTokenSha256: sha256Hex(ADMIN_TOKEN) });
    const admin = { Authorization: `Bearer ${ADMIN_TOKEN}` };
    expect((await http(secured.url, 'POST', '/admin/tenants', { tenantId: 'acme' }, admin)).status).toBe(201);
    token = (await http(secured.url, 'POST', '/admin/tenants/acme/tokens', { role: 'write' }, admin)).body.token;
  }, 120_000);
  afterAll(async () => {
    await secured?.close();
  });

  it("sends the tenant token read from the secret as a bearer token, and fails with the broker's refusal without it", async () => {
    const resource = declared('environment', secured.url, { name: 'uat', production: false }, {});
    const withToken: Declared = { ...resource, properties: { ...resource.properties, Broker: { Url: secured.url, Token: { SecretArn: TOKEN_ARN, Field: 'token' } } } };
    const handlers = createHandlers({ fetchSecret: async (reference) => (reference.SecretArn === TOKEN_ARN && reference.Field === 'token' ? token : 'wrong'), log: () => {} });
    const created = await handlers.onEvent(createEvent(withToken));
    const listed = await http(secured.url, 'GET', '/environments?name=uat', undefined, { Authorization: `Bearer ${token}` });
    expect(listed.body._embedded.environments.map((environment: { uuid: string }) => environment.uuid)).toEqual([created.Data?.['Uuid']]);

    const message = await failureOf(handlers.onEvent(createEvent(resource)));
    expect(message).toMatch(/^Listing the environments named 'uat': the broker answered 401 to GET \/environments\?name=uat: Invalid or missing token$/);
  });
});
