/**
 * `npm run bench`: seeds a tenant into DynamoDB Local (50 pacticipants, 200 integrations, 10,000 versions,
 * 20,000 verification results, 5 environments), then calls the can-i-deploy and pacts-for-verification handlers
 * 1,000 times each and prints p50/p99 latency and DynamoDB requests per call; then doubles the history and measures
 * again. It prints figures; it asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ensureTable, startDynamoDbLocal, useLocalAwsSettings } from '../infra/local/dynamodb-local.ts';

const PACTICIPANTS = 50;
const PROVIDERS_PER_CONSUMER = 4; // 50 × 4 = 200 integrations
const VERSIONS_PER_PACTICIPANT = 200; // 10,000 versions
const CONTENT_EVERY = 20; // a new pact content every 20 consumer versions
const ENVIRONMENTS = ['production', 'staging', 'test', 'qa', 'dev'];
const CALLS = Number(process.env['BENCH_CALLS'] ?? 1000);
const TENANT = 'bench';

const dynamo = await startDynamoDbLocal();
useLocalAwsSettings(dynamo.endpoint);
process.env['TABLE_NAME'] = `bench-${randomUUID()}`;
process.env['DEFAULT_TENANT'] = TENANT;
process.env['LOG_LEVEL'] = 'ERROR';
process.env['BROKER_BASE_URL'] = 'http://bench.example';
await ensureTable(dynamo.endpoint, process.env['TABLE_NAME']);

// Imported after the environment is set: handlers read it when first used.
const keys = await import('../shared/storage/keys.ts');
const { getDb } = await import('../shared/storage/client.ts');
const { seedTenant } = await import('../shared/storage/repositories/tenants.ts');
const { handler: canIDeploy } = (await import('../functions/http/matrix/get-matrix.ts')) as { handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> };
const { handler: forVerification } = (await import('../functions/http/verifications/post-pacts-for-verification.ts')) as { handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> };
const db = getDb();

let requests = 0;
db.client.middlewareStack.add((next) => async (args) => {
  requests++;
  return next(args);
}, { step: 'initialize', name: 'countRequests' });

const name = (index: number) => `app-${String(index).padStart(2, '0')}`;
const providersOf = (consumer: number) => Array.from({ length: PROVIDERS_PER_CONSUMER }, (_, k) => (consumer + 1 + k) % PACTICIPANTS);
let sequence = 0;
const now = new Date('2026-01-01T00:00:00Z').getTime();
const iso = () => new Date(now + sequence * 1000).toISOString();

async function writeAll(items: Record<string, unknown>[]): Promise<void> {
  const batches: Record<string, unknown>[][] = [];
  for (let start = 0; start < items.length; start += 25) batches.push(items.slice(start, start + 25));
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      let pending = batches[next++]?.map((Item) => ({ PutRequest: { Item } })) ?? [];
      while (pending.length > 0) {
        const result = await db.client.send(new BatchWriteCommand({ RequestItems: { [db.tableName]: pending } }));
        pending = (result.UnprocessedItems?.[db.tableName] ?? []) as typeof pending;
      }
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
}

const environmentUuids = ENVIRONMENTS.map(() => randomUUID());
const orders = new Map<string, number>();
const seen = { versions: 0, verifications: 0, pactVersions: 0 };

/** Writes `VERSIONS_PER_PACTICIPANT` more versions per pacticipant (the first call also creates the rest). */
async function seedHistory(generation: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  if (generation === 0) {
    await seedTenant(db, TENANT, ENVIRONMENTS.map((environment, index) => ({ uuid: environmentUuids[index] as string, name: environment, displayName: environment, production: environment === 'production', createdAt: iso() })), iso());
    for (let p = 0; p < PACTICIPANTS; p++) {
      items.push({ ...keys.pacticipantKey(TENANT, name(p)), ...keys.pacticipantListGsi1(TENANT, name(p)), entity: 'pacticipant', name: name(p), displayName: name(p), mainBranch: 'main', createdAt: iso() });
      items.push({ ...keys.branchKey(TENANT, name(p), 'main'), entity: 'branch', pacticipant: name(p), name: 'main', createdAt: iso() });
      for (const provider of providersOf(p)) items.push({ ...keys.integrationKey(TENANT, name(p), name(provider)), entity: 'integration', consumer: name(p), provider: name(provider), createdAt: iso() });
    }
  }
  for (let v = 0; v < VERSIONS_PER_PACTICIPANT; v++) {
    const versionIndex = generation * VERSIONS_PER_PACTICIPANT + v;
    for (let p = 0; p < PACTICIPANTS; p++) {
      const pacticipant = name(p);
      const number = `1.${versionIndex}.0`;
      const order = ++sequence;
      orders.set(`${pacticipant}@${number}`, order);
      const createdAt = iso();
      items.push({ ...keys.versionKey(TENANT, pacticipant, number), ...keys.versionGsi1(TENANT, pacticipant, order), entity: 'version', pacticipant, number, order, createdAt });
      items.push({ ...keys.branchVersionKey(TENANT, pacticipant, 'main', number), ...keys.branchVersionGsi1(TENANT, pacticipant, 'main', order), entity: 'branchVersion', pacticipant, branch: 'main', version: number, sequence: order, createdAt });
      seen.versions++;
      for (const providerIndex of providersOf(p)) {
        const provider = name(providerIndex);
        const sha = `${pacticipant}-${provider}-${Math.floor(versionIndex / CONTENT_EVERY)}`;
        if (versionIndex % CONTENT_EVERY === 0) {
          const content = Buffer.from(JSON.stringify({ consumer: { name: pacticipant }, provider: { name: provider }, interactions: [{ description: sha }] }));
          const { gzipSync } = await import('node:zlib');
          items.push({ ...keys.pactContentKey(TENANT, pacticipant, provider, sha), entity: 'pactVersion', consumer: pacticipant, provider, sha, createdAt, chunks: 1, bytes: content.length });
          items.push({ ...keys.pactChunkKey(TENANT, pacticipant, provider, sha, 0), entity: 'pactChunk', data: gzipSync(content) });
          seen.pactVersions++;
        }
        items.push({
          ...keys.publicationKey(TENANT, pacticipant, number, provider),
          ...keys.publicationGsi1(TENANT, pacticipant, provider, order),
          entity: 'pactPublication',
          consumer: pacticipant,
          consumerVersion: number,
          consumerVersionOrder: order,
          provider,
          sha,
          revision: 1,
          createdAt,
        });
        // Every provider version verifies one pact of each of its consumers: 20,000 results per 10,000 versions.
        if (v % 2 === 0) {
          const providerVersion = `1.${versionIndex}.0`;
          const result = { number: ++sequence, consumer: pacticipant, provider, sha, providerVersion, success: true, verifiedAt: createdAt };
          items.push({ ...keys.verificationKey(TENANT, pacticipant, provider, sha, result.number), ...keys.verificationGsi2(TENANT, provider, providerVersion, result.number), entity: 'verification', ...result });
          items.push({ ...keys.latestVerificationKey(TENANT, pacticipant, provider, sha, providerVersion), entity: 'latestVerification', number: result.number, providerVersion, success: true, verifiedAt: createdAt });
          items.push({ ...keys.verifiedMarkerKey(TENANT, pacticipant, provider, sha, 'any'), entity: 'verifiedMarker', firstAt: createdAt, providerVersion });
          items.push({ ...keys.verifiedMarkerKey(TENANT, pacticipant, provider, sha, { branch: 'main' }), entity: 'verifiedMarker', firstAt: createdAt, providerVersion });
          seen.verifications++;
        }
      }
    }
  }
  // What is deployed now: each pacticipant's newest version in every environment.
  const newest = `1.${(generation + 1) * VERSIONS_PER_PACTICIPANT - 1}.0`;
  for (const [index, environmentUuid] of environmentUuids.entries()) {
    for (let p = 0; p < PACTICIPANTS; p++) {
      const uuid = randomUUID();
      const createdAt = iso();
      items.push({
        ...keys.deployedVersionKey(TENANT, uuid),
        ...keys.deployedVersionGsi1(TENANT, environmentUuid, createdAt, uuid),
        ...keys.deployedVersionGsi2(TENANT, name(p), newest, environmentUuid, createdAt, uuid),
        entity: 'deployedVersion',
        uuid,
        pacticipant: name(p),
        version: newest,
        environmentUuid,
        createdAt,
      });
      const versionOrder = orders.get(`${name(p)}@${newest}`);
      items.push({ ...keys.currentlyDeployedKey(TENANT, environmentUuid, name(p), undefined), entity: 'currentDeployment', deployedVersionUuid: uuid, pacticipant: name(p), version: newest, versionOrder, environmentUuid, createdAt });
      void index;
    }
  }
  const started = performance.now();
  await writeAll(items);
  console.log(`seeded ${items.length} items (${seen.versions} versions, ${seen.verifications} verification results, ${seen.pactVersions} pact versions) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function event(method: string, path: string, rawQueryString: string, body?: unknown): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString,
    headers: { 'content-type': 'application/json' },
    isBase64Encoded: false,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' }, requestId: randomUUID(), domainName: 'bench.example', accountId: 'local', apiId: 'local', domainPrefix: 'bench', routeKey: `${method} ${path}`, stage: '$default', time: '', timeEpoch: 0 },
  };
}

const context = { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

async function measure(label: string, call: (index: number) => Promise<APIGatewayProxyStructuredResultV2>): Promise<void> {
  // Warm the "container" first (JIT, connections, the tenant check), as a Lambda serving CI traffic would be.
  for (let index = 0; index < 100; index++) await call(index);
  const timings: number[] = [];
  const before = requests;
  for (let index = 0; index < CALLS; index++) {
    const started = performance.now();
    const result = await call(index);
    timings.push(performance.now() - started);
    if (result.statusCode !== 200) throw new Error(`${label}: status ${result.statusCode} ${result.body}`);
  }
  timings.sort((a, b) => a - b);
  const pick = (q: number) => (timings[Math.min(timings.length - 1, Math.floor(q * timings.length))] as number).toFixed(1);
  console.log(`${label.padEnd(52)} p50 ${pick(0.5).padStart(6)} ms   p99 ${pick(0.99).padStart(6)} ms   DynamoDB requests/call ${((requests - before) / CALLS).toFixed(1)}`);
}

async function round(generation: number): Promise<void> {
  const newest = `1.${(generation + 1) * VERSIONS_PER_PACTICIPANT - 1}.0`;
  await measure(`can-i-deploy (to production)`, (index) =>
    canIDeploy(event('GET', '/matrix', `q[][pacticipant]=${name(index % PACTICIPANTS)}&q[][version]=${newest}&latestby=cvpv&environment=production`), context),
  );
  await measure(`pacts-for-verification (mainBranch, deployedOrReleased)`, (index) =>
    forVerification(
      event('POST', `/pacts/provider/${name(index % PACTICIPANTS)}/for-verification`, '', { consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }], providerVersionBranch: 'main', includePendingStatus: true }),
      context,
    ),
  );
}

/** Bi-directional contracts: engine throughput, and time from a publication being answered to its comparison being readable. */
async function comparisons(): Promise<void> {
  const { compare } = await import('../shared/services/comparisons.ts');
  const paths: Record<string, unknown> = {};
  for (let index = 0; index < 200; index++) {
    paths[`/resources-${index}/{id}`] = {
      get: {
        parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, value: { type: 'integer' } }, required: ['id'] } } } } },
      },
    };
  }
  const oas = { openapi: '3.0.0', info: { title: 'Provider', version: '1' }, paths };
  const pactFor = (seed: string) => ({
    consumer: { name: 'Consumer' },
    provider: { name: 'Provider' },
    interactions: Array.from({ length: 50 }, (_, index) => ({
      description: `get resource ${index} ${seed}`,
      request: { method: 'GET', path: `/resources-${index * 4}/abc` },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 'abc', value: index } },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
  await compare(pactFor('warm'), oas);
  const pairs = 100;
  const started = performance.now();
  for (let index = 0; index < pairs; index++) {
    const findings = await compare(pactFor(String(index)), oas);
    if (findings.some((finding) => finding.type === 'error')) throw new Error(`unexpected incompatibility: ${JSON.stringify(findings[0])}`);
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(`comparison throughput (200-path OAS, 50-interaction pact)      ${(pairs / seconds).toFixed(1)} pairs/s (${((seconds / pairs) * 1000).toFixed(1)} ms per pair)`);

  // Publication to result, through the real queue path: SQS emulator, poller, worker.
  const { startLocalQueue, startPoller } = await import('../infra/local/sqs-local.ts');
  const { handler: worker } = await import('../functions/queue/compare-contracts.ts');
  const { handler: publishProviderContract } = (await import('../functions/http/provider-contracts/publish-provider-contract.ts')) as { handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> };
  const { handler: publish } = (await import('../functions/http/contracts/publish-contracts.ts')) as { handler: (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2> };
  const { getComparison } = await import('../shared/storage/repositories/provider-contracts.ts');
  const { getPublication } = await import('../shared/storage/repositories/pacts.ts');
  const { getProviderContract } = await import('../shared/storage/repositories/provider-contracts.ts');
  const queue = await startLocalQueue();
  process.env['AWS_ENDPOINT_URL_SQS'] = queue.endpoint;
  process.env['COMPARISON_QUEUE_URL'] = queue.queueUrl;
  const poller = startPoller(queue.endpoint, queue.queueUrl, worker);
  try {
    const contractResult = await publishProviderContract(
      event('POST', '/provider-contracts/provider/Provider/publish', '', {
        pacticipantVersionNumber: '1.0.0',
        branch: 'main',
        contract: { content: Buffer.from(JSON.stringify(oas)).toString('base64'), contentType: 'application/json', specification: 'oas', selfVerificationResults: { success: true } },
      }),
      context,
    );
    if (contractResult.statusCode !== 200) throw new Error(`provider contract: ${contractResult.body}`);
    const oasSha = (await getProviderContract(db, TENANT, 'Provider', '1.0.0'))?.sha as string;
    const latencies: number[] = [];
    for (let index = 0; index < 50; index++) {
      const document = pactFor(`latency-${index}`);
      const body = { pacticipantName: 'Consumer', pacticipantVersionNumber: `2.${index}.0`, branch: 'main', contracts: [{ consumerName: 'Consumer', providerName: 'Provider', specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(document)).toString('base64'), onConflict: 'overwrite' }] };
      const publishedResult = await publish(event('POST', '/contracts/publish', '', body), context);
      const answered = performance.now();
      if (publishedResult.statusCode !== 200) throw new Error(`publish: ${publishedResult.body}`);
      const pactSha = (await getPublication(db, TENANT, 'Consumer', `2.${index}.0`, 'Provider'))?.sha as string;
      while ((await getComparison(db, TENANT, 'Consumer', 'Provider', pactSha, oasSha)) === undefined) {
        if (performance.now() - answered > 30_000) throw new Error('no comparison within 30 s');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      latencies.push(performance.now() - answered);
    }
    latencies.sort((a, b) => a - b);
    const pick = (q: number) => (latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] as number).toFixed(0);
    console.log(`publication answered -> comparison readable (50 publications)   p50 ${pick(0.5)} ms   p99 ${pick(0.99)} ms`);
  } finally {
    await poller.stop();
    await queue.stop();
  }
}

try {
  if (process.env['BENCH_ONLY'] === 'comparisons') {
    await seedTenant(db, TENANT, [], iso());
    await comparisons();
  } else {
    await main();
  }
} finally {
  await dynamo.stop();
}

async function main(): Promise<void> {
  await seedHistory(0);
  console.log(`\nHistory: ${seen.versions} versions, ${seen.verifications} verification results (${CALLS} calls each, handler level, DynamoDB Local)`);
  await round(0);
  await seedHistory(1);
  console.log(`\nHistory doubled: ${seen.versions} versions, ${seen.verifications} verification results`);
  await round(1);
  console.log('\nBi-directional contracts');
  await comparisons();
}
