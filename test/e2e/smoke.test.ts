import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliGenerations, runCli } from '../support/cli.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

describe('smoke', () => {
  it.each(cliGenerations)('serves the index and the seeded environments to the %s CLI', async (generation) => {
    const index = await http(broker.url, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('application/hal+json;charset=utf-8');
    const result = await runCli('pact-broker', ['list-environments', '-o', 'json'], broker.url, {}, generation);
    expect(result.code, result.output).toBe(0);
    const names = JSON.parse(result.stdout)._embedded.environments.map((environment: { name: string }) => environment.name);
    expect(names).toEqual(['production', 'test']);
  });
});
