import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { pactBroker } from '../support/cli.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
});
afterAll(async () => {
  await broker.close();
});

describe('smoke', () => {
  it('serves the index and the seeded environments to the CLI', async () => {
    const index = await http(broker.url, 'GET', '/');
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toBe('application/hal+json;charset=utf-8');
    const result = await pactBroker(broker.url, 'list-environments', '-o', 'json');
    expect(result.code).toBe(0);
    const names = JSON.parse(result.stdout)._embedded.environments.map((environment: { name: string }) => environment.name);
    expect(names).toEqual(['production', 'test']);
  });
});
