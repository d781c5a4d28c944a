/**
 * A database outage in the middle of a burst of writes: every request answers a success or a 503 with Retry-After
 * (never a 500), the readiness check fails while /health stays cheap, and after the database is back every acknowledged
 * write is there and the deployment invariant holds (one currently deployed version per slot).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal, freePort, type DynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { startLocalBroker, type LocalBroker } from '../../infra/local/local-broker.ts';
import { http } from '../support/broker.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'outage-'));
let dynamo: DynamoDbLocal | undefined;
let broker: LocalBroker | undefined;
afterAll(async () => {
  await broker?.close();
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

async function until(probe: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('a database outage during a burst of writes', () => {
  it('answers 503 with Retry-After, fails the readiness check, and loses no acknowledged write', async () => {
    const port = await freePort();
    dynamo = await startDynamoDbLocal({ port, dataDir });
    broker = await startLocalBroker({ dynamoDbEndpoint: dynamo.endpoint, tableName: `outage-${randomUUID()}`, auth: false, host: '127.0.0.1', port: 0 });
    const url = broker.url;
    expect((await http(url, 'GET', '/health?deep=true')).body).toEqual({ status: 'ok', database: 'ok' });
    const production = (await http(url, 'GET', '/environments')).body._embedded.environments.find((environment: { name: string }) => environment.name === 'production').uuid as string;

    const acknowledged: { version: string; deployed: boolean }[] = [];
    const statuses: number[] = [];
    const write = async (index: number) => {
      const version = `1.0.${index}`;
      const created = await http(url, 'PUT', `/pacticipants/Foo/versions/${version}`, {});
      statuses.push(created.status);
      if (created.status === 503) expect(created.headers.get('retry-after')).toBeTruthy();
      if (created.status >= 300) return;
      const deployed = await http(url, 'POST', `/pacticipants/Foo/versions/${version}/deployed-versions/environment/${production}`, {});
      statuses.push(deployed.status);
      if (deployed.status === 503) expect(deployed.headers.get('retry-after')).toBeTruthy();
      acknowledged.push({ version, deployed: deployed.status < 300 });
    };

    // A burst of writes, the database stopped in the middle of it.
    const burst = Array.from({ length: 60 }, (_, index) => new Promise<void>((resolve) => setTimeout(resolve, index * 40)).then(() => write(index)));
    await until(async () => acknowledged.length >= 5);
    await dynamo.stop();
    await Promise.all(burst);
    const during = await http(url, 'GET', '/health?deep=true');
    expect([during.status, during.headers.get('retry-after') !== null]).toEqual([503, true]);
    expect((await http(url, 'GET', '/health')).status).toBe(200);
    const refused = await http(url, 'PUT', '/pacticipants/Foo/versions/2.0.0', {});
    expect(refused.status).toBe(503);
    statuses.push(refused.status);

    expect(statuses.filter((status) => ![200, 201, 503].includes(status)), `statuses: ${statuses.join(',')}`).toEqual([]);
    expect(statuses).toContain(503);

    // The database comes back: every acknowledged write is there, and one version is currently deployed.
    dynamo = await startDynamoDbLocal({ port, dataDir });
    await until(async () => (await http(url, 'GET', '/health?deep=true')).status === 200);
    for (const { version } of acknowledged) expect((await http(url, 'GET', `/pacticipants/Foo/versions/${version}`)).status, version).toBe(200);
    const current = (await http(url, 'GET', `/environments/${production}/deployed-versions/currently-deployed`)).body._embedded.deployedVersions as { _embedded: { version: { number: string } } }[];
    const deployedVersions = acknowledged.filter((entry) => entry.deployed).map((entry) => entry.version);
    // Every acknowledged deployment is recorded. A deployment answered with a 503 may have landed too (the CLI's retry
    // of it is a replay), so the current one is among those attempted, and there is exactly one.
    for (const version of deployedVersions) {
      const recorded = await http(url, 'GET', `/pacticipants/Foo/versions/${version}/deployed-versions/environment/${production}`);
      expect(recorded.body._embedded.deployedVersions.length, version).toBeGreaterThan(0);
    }
    expect(current.length).toBeLessThanOrEqual(1);
    if (deployedVersions.length > 0) {
      expect(current).toHaveLength(1);
      expect(acknowledged.map((entry) => entry.version)).toContain(current[0]?._embedded.version.number);
    }
    console.info(`outage burst: ${statuses.length} responses, ${statuses.filter((status) => status === 503).length} × 503, ${acknowledged.length} versions and ${deployedVersions.length} deployments acknowledged`);
  }, 120_000);
});
