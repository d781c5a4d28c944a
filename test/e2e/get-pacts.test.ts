/** `pact-broker get-pacts` in its eight forms, against pacts published on branches. */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../support/broker.ts';
import { pactBroker } from '../support/cli.ts';

let broker: TestBroker;
const pact = (consumer: string, description: string) => {
  const document = JSON.parse(readFileSync(resolve(import.meta.dirname, '../fixtures/pacts/Foo-Bar.json'), 'utf8'));
  document.consumer.name = consumer;
  document.interactions[0].description = description;
  return document;
};

beforeAll(async () => {
  broker = await startTestBroker();
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const directory = mkdtempSync(resolve(tmpdir(), 'pacts-'));
  const publish = async (consumer: string, version: string, branch: string, description: string) => {
    const file = resolve(directory, `${consumer}-${version}.json`);
    writeFileSync(file, JSON.stringify(pact(consumer, description)));
    expect((await pactBroker(broker.url, 'publish', file, '-a', version, '--branch', branch)).code).toBe(0);
  };
  await publish('Foo', '1', 'main', 'one');
  await publish('Foo', '2', 'main', 'two');
  await publish('Foo', '3', 'feat', 'three');
  await publish('Baz', '7', 'main', 'seven');
});
afterAll(async () => {
  await broker.close();
});

const names = async (...args: string[]) => {
  const result = await pactBroker(broker.url, 'get-pacts', '--provider', 'Bar', ...args, '-o', 'json');
  expect(result.code, result.output).toBe(0);
  const body = JSON.parse(result.stdout);
  return (body._links?.['pb:pacts'] ?? body.pacts).map((link: { title: string }) => link.title).sort();
};

describe('get-pacts', () => {
  it('lists pacts by consumer branch, for all consumers or one', async () => {
    expect(await names()).toEqual(['Pact between Baz (7) and Bar', 'Pact between Foo (1) and Bar', 'Pact between Foo (2) and Bar']);
    expect(await names('--latest')).toEqual(['Pact between Baz (7) and Bar', 'Pact between Foo (2) and Bar']);
    expect(await names('--branch', 'feat')).toEqual(['Pact between Foo (3) and Bar']);
    expect(await names('--branch', 'feat', '--latest')).toEqual(['Pact between Foo (3) and Bar']);
    expect(await names('--consumer', 'Foo')).toEqual(['Pact between Foo (1) and Bar', 'Pact between Foo (2) and Bar']);
    expect(await names('--consumer', 'Foo', '--latest')).toEqual(['Pact between Foo (2) and Bar']);
    expect(await names('--consumer', 'Foo', '--branch', 'feat')).toEqual(['Pact between Foo (3) and Bar']);
    expect(await names('--consumer', 'Foo', '--branch', 'main', '--latest')).toEqual(['Pact between Foo (2) and Bar']);
  });
});
