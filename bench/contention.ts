/**
 * `npx tsx bench/contention.ts`: 64 concurrent writers recording deployments into 8 slots (8 application instances of
 * one environment), through HTTP and the local runtime under the AWS rules. Prints latency percentiles, throughput and
 * statuses; asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { startDynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { startLocalBroker } from '../infra/local/local-broker.ts';

const WRITERS = Number(process.env['WRITERS'] ?? 64);
const SLOTS = 8;
const ROUNDS = Number(process.env['ROUNDS'] ?? 3);
process.env['LOG_LEVEL'] = 'ERROR';

const dynamo = await startDynamoDbLocal();
const broker = await startLocalBroker({ dynamoDbEndpoint: dynamo.endpoint, tableName: `contention-${randomUUID()}`, auth: false, host: '127.0.0.1', port: 0 });
try {
  const call = async (method: string, path: string, body?: unknown) => {
    const started = performance.now();
    const response = await fetch(`${broker.url}${path}`, { method, headers: { 'Content-Type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    await response.text();
    return { status: response.status, ms: performance.now() - started };
  };
  const environments = (await (await fetch(`${broker.url}/environments`)).json()) as { _embedded: { environments: { name: string; uuid: string }[] } };
  const production = environments._embedded.environments.find((environment) => environment.name === 'production')?.uuid as string;
  for (let index = 0; index < WRITERS; index++) await call('PUT', `/pacticipants/Foo/versions/${index}`, {});
  // Warm every environment the writers will use (cold starts are measured by the main bench).
  await Promise.all(Array.from({ length: 8 }, (_, index) => call('POST', `/pacticipants/Foo/versions/${index}/deployed-versions/environment/${production}`, { applicationInstance: `warm-${index}` })));
  const latencies: number[] = [];
  const statuses = new Map<number, number>();
  const started = performance.now();
  for (let round = 0; round < ROUNDS; round++) {
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, writer) => call('POST', `/pacticipants/Foo/versions/${writer}/deployed-versions/environment/${production}`, { applicationInstance: `slot-${writer % SLOTS}` })),
    );
    for (const result of results) {
      latencies.push(result.ms);
      statuses.set(result.status, (statuses.get(result.status) ?? 0) + 1);
    }
  }
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]?.toFixed(0);
  console.log(`${WRITERS} writers into ${SLOTS} slots, ${ROUNDS} rounds: p50 ${at(50)} ms, p99 ${at(99)} ms, max ${at(100)} ms; ${(latencies.length / elapsed).toFixed(1)} deployments/s; statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
} finally {
  await broker.close();
  await dynamo.stop();
}
