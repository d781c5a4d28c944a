/**
 * `npm start`: DynamoDB Local + the broker on http://localhost:9292, every function running as the synthesized
 * template configures it and under AWS's rules (infra/local/aws/).
 *   PORT             the broker's port (9292)
 *   BROKER_DATA_DIR  where DynamoDB Local keeps data (.data), so a restart keeps it
 *   BROKER_IN_MEMORY=true   keep nothing (for tests and demos)
 *   BROKER_BASE_URL  the public URL in HAL links (http://localhost:<PORT>)
 *   BROKER_AUTH=on   require tenant tokens (off: everything belongs to one default tenant)
 *   BROKER_ADMIN_TOKEN  the admin credential for the admin API (only its SHA-256 is kept)
 *   BROKER_AWS_RULES=off  no IAM evaluation, payload limits or timeouts (for debugging)
 *   PACT_BROKER_WEBHOOK_HOST_WHITELIST, _SCHEME_WHITELIST, _HTTP_METHOD_WHITELIST, _RETRY_SCHEDULE
 *                    webhook settings, space-separated (e.g. `localhost 127.0.0.1`, `http https`, `POST`, `10 60`);
 *                    unset: the template's (no host allowed, https, POST, 10 60 120 300 600 1200 s)
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startDynamoDbLocal } from './dynamodb-local.ts';
import { startLocalBroker } from './local-broker.ts';
import { loadTemplate } from './aws/template.ts';
import { sha256Hex } from '../../shared/services/auth.ts';

const started = performance.now();
const port = Number(process.env['PORT'] ?? 9292);
const inMemory = ['1', 'true', 'yes'].includes((process.env['BROKER_IN_MEMORY'] ?? '').toLowerCase());
const dataDir = inMemory ? undefined : resolve(process.env['BROKER_DATA_DIR'] ?? '.data');
if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });

// DynamoDB Local (Java) takes most of the start-up: read the template and load the emulators meanwhile.
const [dynamo] = await Promise.all([startDynamoDbLocal(dataDir === undefined ? {} : { dataDir }), loadTemplate(), import('fauxqs')]);
const adminToken = process.env['BROKER_ADMIN_TOKEN'];
delete process.env['BROKER_ADMIN_TOKEN'];
const auth = ['on', 'true', '1'].includes((process.env['BROKER_AUTH'] ?? '').toLowerCase());

const broker = await startLocalBroker({
  dynamoDbEndpoint: dynamo.endpoint,
  tableName: process.env['TABLE_NAME'] ?? 'pact-broker',
  auth,
  // Links are built from configuration, never from a request's Host header.
  baseUrl: process.env['BROKER_BASE_URL'] ?? `http://localhost:${port}`,
  ...(adminToken !== undefined && adminToken !== '' ? { adminTokenSha256: sha256Hex(adminToken) } : process.env['BROKER_ADMIN_TOKEN_SHA256'] ? { adminTokenSha256: process.env['BROKER_ADMIN_TOKEN_SHA256'] } : {}),
  port,
  host: process.env['HOST'] ?? '127.0.0.1',
});
const rules = broker.aws.enforce ? 'AWS rules enforced' : 'AWS rules OFF';
console.log(
  `Pact Broker ready on http://localhost:${port} in ${((performance.now() - started) / 1000).toFixed(1)} s (${auth ? 'tokens required' : 'no auth, default tenant'}; ${rules}; DynamoDB Local on ${dynamo.endpoint}, ${dataDir === undefined ? 'in memory' : `data in ${dataDir}`})`,
);

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
