/**
 * `npm start`: DynamoDB Local + the broker on http://localhost:9292.
 *   PORT             the broker's port (9292)
 *   BROKER_DATA_DIR  where DynamoDB Local keeps data (.data), so a restart keeps it
 *   BROKER_IN_MEMORY=true   keep nothing (for tests and demos)
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureTable, startDynamoDbLocal, useLocalAwsSettings } from './dynamodb-local.ts';
import { startDevServer } from './dev-server.ts';

const port = Number(process.env['PORT'] ?? 9292);
const inMemory = ['1', 'true', 'yes'].includes((process.env['BROKER_IN_MEMORY'] ?? '').toLowerCase());
const dataDir = inMemory ? undefined : resolve(process.env['BROKER_DATA_DIR'] ?? '.data');
if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });

const dynamo = await startDynamoDbLocal(dataDir === undefined ? {} : { dataDir });
useLocalAwsSettings(dynamo.endpoint);
process.env['TABLE_NAME'] ??= 'pact-broker';
await ensureTable(dynamo.endpoint, process.env['TABLE_NAME']);

const broker = await startDevServer({ port, host: process.env['HOST'] ?? '127.0.0.1' });
const publicUrl = `http://localhost:${port}`;
console.log(`Pact Broker ready on ${publicUrl} (DynamoDB Local on ${dynamo.endpoint}, ${dataDir === undefined ? 'in memory' : `data in ${dataDir}`})`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await broker.close();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
