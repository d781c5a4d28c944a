/**
 * The local Lambda runtime keeps Lambda's limits: a function is cut off at its timeout (and its environment is not
 * reused), payloads over 6 MB fail both ways, errors are invocation errors, environments keep the function's
 * variables. And a publication cut off anywhere mid-way is completed by the retry the CLI makes.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { FunctionPool, LAMBDA_PAYLOAD_LIMIT_BYTES } from '../../infra/local/aws/lambda-runtime.ts';
import type { FunctionSpec } from '../../infra/local/aws/deployment.ts';
import { loadTemplate, type Template } from '../../infra/local/aws/template.ts';
import { http, startTestBroker } from '../support/broker.ts';

const spec = (timeoutSeconds: number): FunctionSpec => ({ logicalId: 'Probe', entry: 'test/fixtures/lambda/probe-handler.ts', roleArn: 'arn:aws:iam::000000000000:role/Probe', environment: { PROBE: 'from-the-template' }, timeoutSeconds, memoryMb: 256 });
const pools: FunctionPool[] = [];
const pool = (timeoutSeconds = 3): FunctionPool => {
  const created = new FunctionPool(spec(timeoutSeconds), { PROBE: 'from-the-template' }, { enforce: true, maxEnvironments: 2 });
  pools.push(created);
  return created;
};
afterAll(async () => {
  await Promise.all(pools.map((each) => each.close()));
});

describe('the local Lambda runtime', () => {
  it('runs the function with its own variables and reuses a warm environment', async () => {
    const probe = pool();
    const first = await probe.invoke({});
    const second = await probe.invoke({});
    expect(first).toMatchObject({ ok: true, payload: { env: 'from-the-template' } });
    expect(second).toMatchObject({ ok: true, payload: { pid: (first as { payload: { pid: number } }).payload.pid } });
  });

  it('cuts an invocation off at the timeout, and the next one gets a fresh environment', async () => {
    const probe = pool(0.3);
    const started = Date.now();
    expect(await probe.invoke({ sleepMs: 5000 })).toMatchObject({ ok: false, errorType: 'Sandbox.Timedout' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(await probe.invoke({})).toMatchObject({ ok: true });
  });

  it('refuses an event or a response over 6 MB, as Lambda does', async () => {
    const probe = pool();
    expect(await probe.invoke({ padding: 'x'.repeat(LAMBDA_PAYLOAD_LIMIT_BYTES) })).toMatchObject({ ok: false, errorType: 'RequestEntityTooLargeException' });
    expect(await probe.invoke({ bytes: LAMBDA_PAYLOAD_LIMIT_BYTES + 1 })).toMatchObject({ ok: false, errorType: 'Function.ResponseSizeTooLarge' });
    expect(await probe.invoke({ bytes: 1000 })).toMatchObject({ ok: true });
  });

  it('reports a thrown error as a failed invocation', async () => {
    expect(await pool().invoke({ fail: 'broken' })).toEqual({ ok: false, errorType: 'Error', errorMessage: 'broken' });
  });
});

describe('a publication cut off by the timeout', () => {
  /** The template with the publication function's timeout shortened (fractions of a second, locally). */
  const withPublishTimeout = (template: Template, seconds: number): Template => {
    const copy = structuredClone(template) as { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> };
    for (const [id, resource] of Object.entries(copy.Resources)) if (resource.Type === 'AWS::Lambda::Function' && id.includes('PublishContracts')) (resource.Properties as Record<string, unknown>)['Timeout'] = seconds;
    return copy as unknown as Template;
  };
  const publication = (version: string) => {
    const pact = { consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions: Array.from({ length: 200 }, (_, index) => ({ description: `interaction ${index} ${'y'.repeat(2000)}`, request: { method: 'GET', path: `/things/${index}` }, response: { status: 200 } })), metadata: { pactSpecification: { version: '2.0.0' } } };
    return { pacticipantName: 'Foo', pacticipantVersionNumber: version, branch: 'main', tags: ['dev', 'rc'], contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact)).toString('base64') }] };
  };

  it('is completed by the retry, whatever point it was cut at', async () => {
    const tableName = `cut-${randomUUID()}`;
    const healthy = await startTestBroker({ tableName });
    try {
      const template = await loadTemplate();
      for (const [index, seconds] of [0.05, 0.1, 0.2, 0.35, 0.5].entries()) {
        const version = `1.0.${index}`;
        const hasty = await startTestBroker({ tableName, template: withPublishTimeout(template, seconds) });
        try {
          const cut = await http(hasty.url, 'POST', '/contracts/publish', publication(version));
          expect([200, 500, 503], `cut at ${seconds} s`).toContain(cut.status);
          console.info(`publication cut at ${seconds} s: ${cut.status}`);
        } finally {
          await hasty.close();
        }
        const retried = await http(healthy.url, 'POST', '/contracts/publish', publication(version));
        expect(retried.status, `retry after a cut at ${seconds} s: ${retried.text}`).toBe(200);
        const pact = await http(healthy.url, 'GET', `/pacts/provider/Bar/consumer/Foo/version/${version}`);
        expect(pact.status).toBe(200);
        expect(pact.body.interactions).toHaveLength(200);
        const described = await http(healthy.url, 'GET', `/pacticipants/Foo/versions/${version}`);
        expect(described.body._embedded.tags.map((tag: { name: string }) => tag.name).sort()).toEqual(['dev', 'rc']);
        expect(described.body._embedded.branchVersions.map((branch: { name: string }) => branch.name)).toEqual(['main']);
      }
    } finally {
      await healthy.close();
    }
  }, 180_000);
});
