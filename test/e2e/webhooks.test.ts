/**
 * Webhooks end to end (docs/webhooks.md): created with the official CLIs, fired through the table's stream, the event
 * router and the dispatch queue of the local runtime (the synthesized template under AWS's rules), delivered to a
 * loopback receiver with their templates expanded. The operator allows the receiver's address explicitly
 * (`127.0.0.1`), and a pattern for `localhost` that must not open a loopback address at send time.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliGenerations } from '../support/cli.ts';
import { cliFor, fails, ok, type Cli } from './helpers.ts';

interface Received {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

/** Records every request; `/flaky/<id>` answers 500 twice, then 200; anything else 200. */
async function startReceiver(): Promise<{ url: string; port: number; received: Received[]; close: () => Promise<void> }> {
  const received: Received[] = [];
  const flaky = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
      const path = (request.url ?? '').split('?')[0] ?? '';
      if (path.startsWith('/flaky/')) {
        const hits = (flaky.get(path) ?? 0) + 1;
        flaky.set(path, hits);
        if (hits <= 2) {
          response.writeHead(500, { 'content-type': 'text/plain' }).end('not yet');
          return;
        }
      }
      // Echoes the credentials it was sent: the broker must not show them back.
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, echoed: request.headers['authorization'] ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, port, received, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const SECRET = 'Bearer s3cr3t-webhook-token-value';
let broker: TestBroker;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let dispatcherInvocations = 0;
let pactDir: string;

function writePact(consumer: string, provider: string, description: string): string {
  const file = join(pactDir, `${consumer}-${provider}-${randomUUID()}.json`);
  writeFileSync(file, JSON.stringify({ consumer: { name: consumer }, provider: { name: provider }, interactions: [{ description, request: { method: 'GET', path: '/' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } }));
  return file;
}

const receivedAt = (path: string) => receiver.received.filter((request) => request.url.split('?')[0] === path);

beforeAll(async () => {
  receiver = await startReceiver();
  pactDir = mkdtempSync(join(tmpdir(), 'webhook-pacts-'));
  broker = await startTestBroker({
    webhookSettings: {
      PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1 /^localhost$/',
      PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http',
      PACT_BROKER_WEBHOOK_HTTP_METHOD_WHITELIST: 'POST',
      PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 1',
    },
    onInvoke: (functionId) => {
      const dispatcher = broker?.aws.deployment.eventSources.find((source) => source.queueLogicalId.startsWith('PactBrokerWebhooksQueue'));
      if (dispatcher !== undefined && functionId === dispatcher.functionId) dispatcherInvocations += 1;
    },
  });
}, 120_000);

afterAll(async () => {
  await broker?.close();
  await receiver?.close();
});

async function triggeredOf(consumer: string, provider: string, version: string): Promise<{ uuid: string; status: string; attemptsMade: number; eventName: string; name?: string; _links: Record<string, { href: string }> }[]> {
  const response = await http(broker.url, 'GET', `/pacts/provider/${encodeURIComponent(provider)}/consumer/${encodeURIComponent(consumer)}/version/${encodeURIComponent(version)}/triggered-webhooks`);
  expect(response.status).toBe(200);
  return response.body._embedded.triggeredWebhooks;
}

describe.each(cliGenerations)('webhooks with the %s CLI', (generation) => {
  let cli: Cli;
  const consumer = `Foo-${generation}`;
  const provider = `Bar-${generation}`;
  let webhookUuid = '';

  beforeAll(() => {
    cli = cliFor(broker.url, generation);
  });

  it("triggers the provider's build when a consumer publishes a changed pact, with the templates expanded", async () => {
    await ok(cli, 'create-or-update-pacticipant', '--name', consumer);
    await ok(cli, 'create-or-update-pacticipant', '--name', provider);
    const created = await ok(
      cli,
      'create-webhook',
      `${receiver.url}/build/${generation}?consumer=\${pactbroker.consumerName}&v=\${pactbroker.consumerVersionNumber}`,
      '-X',
      'POST',
      ...(generation === 'rust' ? ['-H', `Authorization: ${SECRET}`, 'Content-Type: application/json'] : ['-H', `Authorization: ${SECRET}`, '-H', 'Content-Type: application/json']),
      '-d',
      '{"pactUrl":"${pactbroker.pactUrl}","event":"${pactbroker.eventName}","branch":"${pactbroker.consumerVersionBranch}","status":"${pactbroker.githubVerificationStatus}"}',
      '--consumer',
      consumer,
      '--provider',
      provider,
      '--description',
      `trigger ${provider} build`,
      '--contract-content-changed',
    );
    const webhooks = (await http(broker.url, 'GET', `/webhooks/provider/${provider}/consumer/${consumer}`)).body;
    expect(webhooks._links['pb:webhooks']).toHaveLength(1);
    webhookUuid = String(webhooks._links['pb:webhooks'][0].href).split('/').at(-1) as string;
    expect(created.output).not.toContain('s3cr3t');
    const shown = (await http(broker.url, 'GET', `/webhooks/${webhookUuid}`)).body;
    expect(shown.request.headers.authorization).toBe('**********');
    expect(shown.consumer).toEqual({ name: consumer });

    await ok(cli, 'publish', writePact(consumer, provider, 'first'), '--consumer-app-version', '1.0.0', '--branch', 'main');
    const [delivered] = await eventually('the build trigger', async () => (receivedAt(`/build/${generation}`).length > 0 ? receivedAt(`/build/${generation}`) : undefined));
    expect(delivered?.method).toBe('POST');
    expect(delivered?.url).toBe(`/build/${generation}?consumer=${consumer}&v=1.0.0`);
    expect(delivered?.headers['authorization']).toBe(SECRET);
    const body = JSON.parse(delivered?.body ?? '{}') as Record<string, string>;
    expect(body).toMatchObject({ event: 'contract_content_changed', branch: 'main', status: 'pending' });
    // The pact URL is the broker's, and a verifier can fetch the pact from it.
    expect(body['pactUrl']?.startsWith(`${broker.url}/pacts/provider/${provider}/consumer/${consumer}/pact-version/`)).toBe(true);
    const pact = await http(broker.url, 'GET', body['pactUrl'] as string);
    expect(pact.status).toBe(200);
    expect(pact.body.consumer.name).toBe(consumer);

    const [triggered] = await eventually('the triggered webhook to succeed', async () => {
      const list = await triggeredOf(consumer, provider, '1.0.0');
      return list.length === 1 && list[0]?.status === 'success' ? list : undefined;
    });
    expect(triggered).toMatchObject({ status: 'success', attemptsMade: 1, eventName: 'contract_content_changed', name: 'POST 127.0.0.1:' + receiver.port });
    const logs = await http(broker.url, 'GET', triggered?._links['pb:logs']?.href as string, undefined, { Accept: 'text/plain' });
    expect(logs.text).toContain('Successfully executed webhook');
    expect(logs.text).toContain('HTTP/1.1 200');
    // Neither the request's credentials nor the receiver's echo of them is shown.
    expect(logs.text).not.toContain('s3cr3t');
  });

  it('does not fire contract_content_changed when a new version publishes the same content', async () => {
    // A witness listening to every publication: once it has fired for 1.0.1, the router has routed that event.
    await ok(cli, 'create-webhook', `${receiver.url}/witness/${generation}?v=\${pactbroker.consumerVersionNumber}`, '-X', 'POST', '--consumer', consumer, '--contract-published');
    await ok(cli, 'publish', writePact(consumer, provider, 'first'), '--consumer-app-version', '1.0.1', '--branch', 'main');
    await eventually('the witness', async () => (receivedAt(`/witness/${generation}`).some((request) => request.url.endsWith('v=1.0.1')) ? true : undefined));
    const triggered = await triggeredOf(consumer, provider, '1.0.1');
    expect(triggered.map((entry) => entry.eventName)).toEqual(['contract_published']);
    expect(receivedAt(`/build/${generation}`)).toHaveLength(1);
    // Changed content fires it again.
    await ok(cli, 'publish', writePact(consumer, provider, 'second'), '--consumer-app-version', '1.0.2', '--branch', 'main');
    await eventually('the second build trigger', async () => (receivedAt(`/build/${generation}`).length === 2 ? true : undefined));
  });

  it('test-webhook runs it now, and delete-webhook removes it', async () => {
    const before = receivedAt(`/build/${generation}`).length;
    const tested = await ok(cli, 'test-webhook', '--uuid', webhookUuid);
    // The Rust CLI prints the execution as JSON, the Ruby one its logs: both show the receiver's answer.
    expect(tested.output).toContain('HTTP/1.1 200');
    expect(tested.output).not.toContain('s3cr3t');
    const sent = receivedAt(`/build/${generation}`);
    expect(sent).toHaveLength(before + 1);
    expect(JSON.parse(sent.at(-1)?.body ?? '{}')).toMatchObject({ event: 'test' });
    // pact_broker-client 1.77 has no delete-webhook; the Rust CLI does.
    if (generation === 'rust') await ok(cli, 'delete-webhook', '--uuid', webhookUuid);
    else expect((await http(broker.url, 'DELETE', `/webhooks/${webhookUuid}`)).status).toBe(204);
    expect((await http(broker.url, 'GET', `/webhooks/${webhookUuid}`)).status).toBe(404);
  });

  it('create-or-update-webhook creates a webhook with the given uuid, then replaces it', async () => {
    const uuid = `cli-${generation}-${randomUUID()}`;
    await ok(cli, 'create-or-update-webhook', `${receiver.url}/other`, '--uuid', uuid, '-X', 'POST', '--user', 'ci:p4ssw0rd-value', '--consumer', consumer, '--description', 'first', '--contract-published');
    const first = (await http(broker.url, 'GET', `/webhooks/${uuid}`)).body;
    expect(first).toMatchObject({ uuid, description: 'first', request: { username: 'ci', password: '**********' } });
    await ok(cli, 'create-or-update-webhook', `${receiver.url}/other`, '--uuid', uuid, '-X', 'POST', '--consumer', consumer, '--description', 'second', '--provider-verification-published');
    const second = (await http(broker.url, 'GET', `/webhooks/${uuid}`)).body;
    expect(second).toMatchObject({ uuid, description: 'second', events: [{ name: 'provider_verification_published' }] });
    expect(second.createdAt).toBe(first.createdAt);
    expect((await http(broker.url, 'DELETE', `/webhooks/${uuid}`)).status).toBe(204);
  });
});

describe('delivery', () => {
  const cli = () => cliFor(broker.url);

  it('retries a failing receiver on the retry schedule until it accepts', async () => {
    const id = randomUUID();
    await ok(cli(), 'create-or-update-pacticipant', '--name', 'Flaky');
    await ok(cli(), 'create-webhook', `${receiver.url}/flaky/${id}`, '-X', 'POST', '--consumer', 'Flaky', '--contract-published');
    await ok(cli(), 'publish', writePact('Flaky', 'Prov', 'x'), '--consumer-app-version', '1', '--branch', 'main');
    const [triggered] = await eventually('three attempts', async () => {
      const list = await triggeredOf('Flaky', 'Prov', '1');
      return list[0]?.status === 'success' ? list : undefined;
    });
    expect(triggered?.attemptsMade).toBe(3);
    expect(receivedAt(`/flaky/${id}`)).toHaveLength(3);
    const logs = (await http(broker.url, 'GET', triggered?._links['pb:logs']?.href as string, undefined, { Accept: 'text/plain' })).text;
    expect(logs.match(/Retrying webhook in 1 seconds/g)).toHaveLength(2);
    expect(logs).toContain('HTTP/1.1 500');
  });

  it('fires provider_verification_succeeded when a bi-directional comparison of a pact and a provider contract passes', async () => {
    const id = randomUUID();
    await ok(cli(), 'create-or-update-pacticipant', '--name', 'OasProvider', '--main-branch', 'main');
    await ok(
      cli(),
      'create-webhook',
      `${receiver.url}/bdct/${id}`,
      '-X',
      'POST',
      '-d',
      '{"provider":"${pactbroker.providerVersionNumber}","result":"${pactbroker.verificationResultUrl}","status":"${pactbroker.githubVerificationStatus}","consumer":"${pactbroker.consumerVersionNumber}"}',
      '--provider',
      'OasProvider',
      '--provider-verification-succeeded',
    );
    const pact = { consumer: { name: 'OasConsumer' }, provider: { name: 'OasProvider' }, interactions: [{ description: 'list', request: { method: 'GET', path: '/things' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } };
    const file = join(pactDir, `bdct-${id}.json`);
    writeFileSync(file, JSON.stringify(pact));
    await ok(cli(), 'publish', file, '--consumer-app-version', '3.1.0', '--branch', 'main');
    const oas = 'openapi: 3.0.0\ninfo: {title: OasProvider, version: "1"}\npaths:\n  /things:\n    get:\n      responses: {"200": {description: ok}}\n';
    const published = await http(broker.url, 'POST', '/provider-contracts/provider/OasProvider/publish', {
      pacticipantVersionNumber: '7.0.0',
      branch: 'main',
      contract: { content: Buffer.from(oas).toString('base64'), contentType: 'application/yaml', specification: 'oas', selfVerificationResults: { success: true } },
    });
    expect(published.status).toBe(200);
    const [delivered] = await eventually('the comparison webhook', async () => (receivedAt(`/bdct/${id}`).length > 0 ? receivedAt(`/bdct/${id}`) : undefined), 60_000);
    expect(JSON.parse(delivered?.body ?? '{}')).toEqual({
      provider: '7.0.0',
      result: expect.stringMatching(/\/contracts\/provider\/OasProvider\/version\/7\.0\.0\/consumer\/OasConsumer\/pact-version\/[0-9a-f]+\/verification-results$/),
      status: 'success',
      consumer: '3.1.0',
    });
  });

  it('fires a webhook scoped to a consumer label for pacticipants with that label', async () => {
    const id = randomUUID();
    expect((await http(broker.url, 'PUT', '/pacticipants/Unknown/labels/mobile', {})).status).toBe(404);
    await ok(cli(), 'create-or-update-pacticipant', '--name', 'LabelledApp');
    expect((await http(broker.url, 'PUT', '/pacticipants/LabelledApp/labels/mobile', {})).status).toBe(201);
    expect((await http(broker.url, 'PUT', '/pacticipants/LabelledApp/labels/mobile', {})).status).toBe(200);
    expect((await http(broker.url, 'GET', '/pacticipants/LabelledApp/labels/mobile')).body.name).toBe('mobile');
    expect((await http(broker.url, 'GET', '/pacticipants/LabelledApp')).body._embedded.labels.map((label: { name: string }) => label.name)).toEqual(['mobile']);
    expect((await http(broker.url, 'GET', '/pacticipants/label/mobile')).body._embedded.pacticipants.map((pacticipant: { name: string }) => pacticipant.name)).toEqual(['LabelledApp']);
    await ok(cli(), 'create-webhook', `${receiver.url}/labelled/${id}?labels=\${pactbroker.consumerLabels}`, '-X', 'POST', '--consumer-label', 'mobile', '--contract-published');
    await ok(cli(), 'publish', writePact('LabelledApp', 'Prov', 'x'), '--consumer-app-version', '1', '--branch', 'main');
    const [delivered] = await eventually('the label-scoped webhook', async () => (receivedAt(`/labelled/${id}`).length > 0 ? receivedAt(`/labelled/${id}`) : undefined));
    expect(delivered?.url).toBe(`/labelled/${id}?labels=mobile`);
    expect((await http(broker.url, 'DELETE', '/pacticipants/LabelledApp/labels/mobile')).status).toBe(204);
    expect((await http(broker.url, 'DELETE', '/pacticipants/LabelledApp/labels/mobile')).status).toBe(404);
    expect((await http(broker.url, 'GET', '/pacticipants/LabelledApp/labels/mobile')).status).toBe(404);
  });

  it('sends once when the queue delivers an attempt twice', async () => {
    const id = randomUUID();
    await ok(cli(), 'create-or-update-pacticipant', '--name', 'Twice');
    await ok(cli(), 'create-webhook', `${receiver.url}/once/${id}`, '-X', 'POST', '--consumer', 'Twice', '--contract-published');
    await ok(cli(), 'publish', writePact('Twice', 'Prov', 'x'), '--consumer-app-version', '1', '--branch', 'main');
    const [triggered] = await eventually('the delivery', async () => {
      const list = await triggeredOf('Twice', 'Prov', '1');
      return list[0]?.status === 'success' ? list : undefined;
    });
    const dispatcher = broker.aws.deployment.eventSources.find((source) => source.queueLogicalId.startsWith('PactBrokerWebhooksQueue'));
    const queueUrl = broker.aws.queueUrls[dispatcher?.queueLogicalId as string] as string;
    const sqs = new SQSClient({ endpoint: broker.aws.endpoint.url, region: broker.aws.deployment.bindings.region, credentials: broker.aws.operatorCredentials, useQueueUrlAsEndpoint: false });
    const invocations = dispatcherInvocations;
    await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify({ v: 1, tenant: 'default', triggeredId: triggered?.uuid, attempt: 1 }) }));
    sqs.destroy();
    await eventually('the dispatcher to take the duplicate', async () => (dispatcherInvocations > invocations ? true : undefined));
    expect(receivedAt(`/once/${id}`)).toHaveLength(1);
    expect((await triggeredOf('Twice', 'Prov', '1'))[0]?.attemptsMade).toBe(1);
  });

  it("refuses what the operator's lists do not allow, at creation", async () => {
    const refusals: [string, string[]][] = [
      ['http://10.1.2.3/build', ['-X', 'POST']], // host not listed (and private)
      ['ftp://127.0.0.1/build', ['-X', 'POST']], // scheme
      [`${receiver.url}/build`, ['-X', 'PUT']], // method
    ];
    for (const [url, options] of refusals) {
      const refused = await fails(cli(), 'create-webhook', url, ...options, '--contract-published');
      expect(refused.output).toMatch(/400|request\.(url|method)/);
    }
    const direct = await http(broker.url, 'POST', '/webhooks', { events: [{ name: 'contract_published' }], request: { method: 'POST', url: 'https://169.254.169.254/latest/meta-data' } });
    expect(direct.status).toBe(400);
    expect(Object.keys(direct.body.errors)).toEqual(['request.url']);
  });

  it('refuses at send time a host name that resolves to a loopback address the operator did not name', async () => {
    // A broker whose operator allows webhooks to `localhost` by a pattern only: allowed at creation, but the name resolves
    // to a loopback address, which only an entry naming that address (or the exact host) opens.
    const strict = await startTestBroker({ webhookSettings: { PACT_BROKER_WEBHOOK_HOST_WHITELIST: '/^localhost$/', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1' } });
    try {
      const strictCli = cliFor(strict.url);
      await ok(strictCli, 'create-or-update-pacticipant', '--name', 'Sneaky');
      await ok(strictCli, 'create-webhook', `http://localhost:${receiver.port}/sneaky`, '-X', 'POST', '--consumer', 'Sneaky', '--contract-published');
      await ok(strictCli, 'publish', writePact('Sneaky', 'Prov', 'x'), '--consumer-app-version', '1', '--branch', 'main');
      const triggered = await eventually('the refusal', async () => {
        const response = await http(strict.url, 'GET', '/pacts/provider/Prov/consumer/Sneaky/version/1/triggered-webhooks');
        const first = response.body?._embedded?.triggeredWebhooks?.[0];
        return first?.status === 'failure' ? first : undefined;
      });
      expect(triggered.attemptsMade).toBe(1); // a refusal is not retried
      expect(receivedAt('/sneaky')).toHaveLength(0);
      const logs = (await http(strict.url, 'GET', triggered._links['pb:logs'].href as string, undefined, { Accept: 'text/plain' })).text;
      expect(logs).toMatch(/loopback/);
      // The test execution is refused the same way, and says so.
      const webhooks = (await http(strict.url, 'GET', '/webhooks')).body;
      const execution = await http(strict.url, 'POST', `${String(webhooks._links['pb:webhooks'][0].href)}/execute`, {});
      expect(execution.status).toBe(200);
      expect(execution.body.success).toBe(false);
      expect(execution.body.error.message).toMatch(/loopback/);
    } finally {
      await strict.close();
    }
  });
});
