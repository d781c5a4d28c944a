/**
 * `npm start`: DynamoDB Local + the broker on http://localhost:9292.
 *   PORT             the broker's port (9292)
 *   BROKER_DATA_DIR  where DynamoDB Local keeps data (.data), so a restart keeps it
 *   BROKER_IN_MEMORY=true   keep nothing (for tests and demos)
 *   BROKER_BASE_URL  the public URL in HAL links (http://localhost:<PORT>)
 *   BROKER_AUTH=on   require tenant tokens (off: everything belongs to one default tenant)
 *   BROKER_ADMIN_TOKEN  the admin credential for the admin API (only its SHA-256 is kept)
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { ensureTable, startDynamoDbLocal, useLocalAwsSettings } from './dynamodb-local.ts';
import { startDevServer } from './dev-server.ts';
import { startLocalQueue, startPoller } from './sqs-local.ts';
import { handler as compareContracts } from '../../functions/queue/compare-contracts.ts';
import { sha256Hex } from '../../shared/services/auth.ts';

const port = Number(process.env['PORT'] ?? 9292);
const inMemory = ['1', 'true', 'yes'].includes((process.env['BROKER_IN_MEMORY'] ?? '').toLowerCase());
const dataDir = inMemory ? undefined : resolve(process.env['BROKER_DATA_DIR'] ?? '.data');
if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });

const dynamo = await startDynamoDbLocal(dataDir === undefined ? {} : { dataDir });
useLocalAwsSettings(dynamo.endpoint);
process.env['TABLE_NAME'] ??= 'pact-broker';
await ensureTable(dynamo.endpoint, process.env['TABLE_NAME']);

// Links are built from configuration, never from a request's Host header.
process.env['BROKER_BASE_URL'] ??= `http://localhost:${port}`;
const adminToken = process.env['BROKER_ADMIN_TOKEN'];
if (adminToken !== undefined && adminToken !== '') process.env['BROKER_ADMIN_TOKEN_SHA256'] ??= sha256Hex(adminToken);
delete process.env['BROKER_ADMIN_TOKEN'];

// The comparison queue: an SQS emulator on loopback, and a poller feeding the worker as Lambda would.
const queue = await startLocalQueue();
process.env['AWS_ENDPOINT_URL_SQS'] = queue.endpoint;
process.env['COMPARISON_QUEUE_URL'] = queue.queueUrl;
const poller = startPoller(queue.endpoint, queue.queueUrl, compareContracts);

const broker = await startDevServer({ port, host: process.env['HOST'] ?? '127.0.0.1' });
const publicUrl = `http://localhost:${port}`;
const auth = ['on', 'true', '1'].includes((process.env['BROKER_AUTH'] ?? '').toLowerCase()) ? 'tokens required' : 'no auth, default tenant';
console.log(`Pact Broker ready on ${publicUrl} (${auth}; DynamoDB Local on ${dynamo.endpoint}, ${dataDir === undefined ? 'in memory' : `data in ${dataDir}`})`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await broker.close();
  await poller.stop();
  await queue.stop();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
