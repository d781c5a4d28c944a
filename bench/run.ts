/**
 * `npm run bench`: the broker's latency and DynamoDB cost per request, measured through the local runtime under the
 * AWS rules, i.e. the full path a request takes in AWS: HTTP → the API Gateway emulator → the route's authorizer →
 * the route's function in its Lambda environment (worker thread, the template's memory, timeout and variables, its
 * execution role's credentials, then the tenant-scoped role it assumes) → the IAM-enforcing AWS endpoint → DynamoDB
 * Local. Nothing is imported from the functions; the bench only speaks HTTP to `startLocalBroker`'s URL.
 *
 * It seeds a tenant into DynamoDB Local with the operator's (unrestricted) credentials, as CloudFormation/an operator
 * loads data: 50 pacticipants, 200 integrations, 10,000 versions, 20,000 verification results, 5 environments. Then:
 * - can-i-deploy (GET /matrix …&environment=production, and GET /can-i-deploy), POST pacts-for-verification and
 *   get-version, BENCH_CALLS times each (1,000 by default) after 100 warm-up calls: p50/p99 latency and DynamoDB
 *   requests per call (counted by the AWS endpoint for the route's function), and the cold start (the first request
 *   to a fresh function vs the warm p50);
 * - the cost of the AWS rules: the can-i-deploy loop (300 calls at most), calls interleaved between this broker and a
 *   second one on the same table started with BROKER_AWS_RULES=off (no IAM evaluation, payload limits or timeouts);
 * - the same routes again after the history is doubled (20,000 versions);
 * - the writes, last (they change the data): record-deployment replacing a slot's version, and publishing a pact;
 * - bi-directional contracts, through the publishing routes, the template's SQS queue, its event source mapping and
 *   the comparison worker: throughput (100 comparisons enqueued by one provider contract publication, until the last
 *   result is readable) and the latency from a pact publication being answered to its comparison being readable.
 * - webhooks: what a listening webhook adds to a publication (DynamoDB requests), the latency from a publication being
 *   answered to its webhook reaching a loopback receiver (event in the publication's transaction → table stream →
 *   router → dispatch queue → dispatcher → HTTP), and the router's and dispatcher's DynamoDB requests per delivery.
 * BENCH_ONLY=comparisons or BENCH_ONLY=webhooks runs that part alone. Everything listens on loopback; the bench stops itself (within
 * BENCH_TIMEOUT_MINUTES, 30 by default). It prints figures; it asserts nothing.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { startDynamoDbLocal, type DynamoDbLocal } from '../infra/local/dynamodb-local.ts';
import { startLocalBroker, type LocalBroker } from '../infra/local/local-broker.ts';
import { bundleAll } from '../infra/local/aws/bundles.ts';
import * as keys from '../shared/storage/keys.ts';
import type { Db } from '../shared/storage/client.ts';
import { seedTenant } from '../shared/storage/repositories/tenants.ts';
import { dynamoRepositories } from '../shared/storage/repositories/index.ts';

const PACTICIPANTS = 50;
const PROVIDERS_PER_CONSUMER = 4; // 50 × 4 = 200 integrations
const VERSIONS_PER_PACTICIPANT = 200; // 10,000 versions
const CONTENT_EVERY = 20; // a new pact content every 20 consumer versions
const ENVIRONMENTS = ['production', 'staging', 'test', 'qa', 'dev'];
const CALLS = Number(process.env['BENCH_CALLS'] ?? 1000);
const WARM_UP_CALLS = 100;
const RULES_CALLS = Math.min(CALLS, 300);
const TENANT = 'bench';
const TABLE_NAME = `bench-${randomUUID()}`;
const REQUEST_TIMEOUT_MS = 60_000;

// The functions get these from this process's environment when the broker starts (auth off: every request is
// DEFAULT_TENANT's). The first broker runs under the AWS rules whatever BROKER_AWS_RULES says here.
process.env['DEFAULT_TENANT'] = TENANT;
process.env['LOG_LEVEL'] = 'ERROR';
const rulesSetting = process.env['BROKER_AWS_RULES'];
delete process.env['BROKER_AWS_RULES'];

const cleanups: (() => Promise<void>)[] = [];
let cleaning: Promise<void> | undefined;
/** Closes what was started, newest first; every caller (the end, a signal, the watchdog) waits for the same run. */
function cleanUp(): Promise<void> {
  cleaning ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => console.error('clean-up failed:', error));
  })();
  return cleaning;
}
const watchdog = setTimeout(
  () => {
    console.error(`bench: still running after ${process.env['BENCH_TIMEOUT_MINUTES'] ?? 30} minutes, stopping`);
    void cleanUp().finally(() => process.exit(1));
  },
  Number(process.env['BENCH_TIMEOUT_MINUTES'] ?? 30) * 60_000,
);

// Interrupted (Ctrl-C, a CI timeout): stop the brokers and DynamoDB Local's Java process rather than orphan it.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`bench: ${signal}, stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const dynamo: DynamoDbLocal = await startDynamoDbLocal();
cleanups.push(() => dynamo.stop());

const closers = new Map<LocalBroker, () => Promise<void>>();

async function startBroker(): Promise<LocalBroker> {
  const started = performance.now();
  const broker = await startLocalBroker({
    dynamoDbEndpoint: dynamo.endpoint,
    tableName: TABLE_NAME,
    auth: false,
    baseUrl: 'http://bench.example',
    seedDefaultTenant: false,
    port: 0,
    host: '127.0.0.1',
    // The webhook section's receiver listens on loopback over http; the operator names it.
    webhookSettings: { PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1', PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http' },
  });
  const close = () => broker.close();
  closers.set(broker, close);
  cleanups.push(close);
  // Built once per source change (cached on disk): the cold starts below are the environments', not esbuild's.
  await bundleAll([...broker.aws.deployment.functions.values()].map((spec) => spec.entry));
  console.log(`broker on ${broker.url} (AWS rules ${broker.aws.enforce ? 'on' : 'OFF'}), ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return broker;
}

async function closeBroker(broker: LocalBroker): Promise<void> {
  const close = closers.get(broker);
  if (close === undefined) return;
  closers.delete(broker);
  cleanups.splice(cleanups.indexOf(close), 1);
  await close();
}

const name = (index: number) => `app-${String(index).padStart(2, '0')}`;
const providersOf = (consumer: number) => Array.from({ length: PROVIDERS_PER_CONSUMER }, (_, k) => (consumer + 1 + k) % PACTICIPANTS);
let sequence = 0;
const now = new Date('2026-01-01T00:00:00Z').getTime();
const iso = () => new Date(now + sequence * 1000).toISOString();

async function writeAll(db: Db, items: Record<string, unknown>[]): Promise<void> {
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

/** Writes `VERSIONS_PER_PACTICIPANT` more versions per pacticipant (the first call also creates the tenant and the rest). */
async function seedHistory(db: Db, generation: number): Promise<void> {
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
  for (const environmentUuid of environmentUuids) {
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
    }
  }
  const started = performance.now();
  await writeAll(db, items);
  console.log(`seeded ${items.length} items (${seen.versions} versions, ${seen.verifications} verification results, ${seen.pactVersions} pact versions) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

// --- HTTP, and what the AWS endpoint counted ---------------------------------------------------------------------

interface Answer {
  readonly status: number;
  readonly body: string;
}

/** One request to the broker, body read (so a timing covers the whole response). */
async function http(broker: LocalBroker, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await fetch(`${broker.url}${path}`, {
    method,
    headers: { accept: 'application/hal+json, application/json', 'user-agent': 'bench', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  return { status: response.status, body: await response.text() };
}

function expectOk(label: string, answer: Answer): void {
  if (answer.status < 200 || answer.status > 299) throw new Error(`${label}: status ${answer.status} ${answer.body.slice(0, 500)}`);
}

/** DynamoDB requests the AWS endpoint served so far for the function behind `routeKey` (its label is `<id> (<routeKey>)`). */
function dynamoRequestsOfRoute(broker: LocalBroker, routeKey: string): number {
  let total = 0;
  for (const [key, count] of broker.aws.endpoint.calls) if (key.startsWith('dynamodb ') && key.includes(`(${routeKey})`)) total += count;
  return total;
}

/** Requests the AWS endpoint served for one principal label exactly (a function behind no route: the worker). */
const requestsOf = (broker: LocalBroker, service: string, label: string): number => broker.aws.endpoint.calls.get(`${service} ${label}`) ?? 0;

function routeOf(broker: LocalBroker, routeKey: string): void {
  if (!broker.aws.deployment.routes.some((route) => route.routeKey === routeKey)) throw new Error(`The template has no route ${routeKey}`);
}

const quantile = (sorted: readonly number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
const ms = (value: number, digits = 1) => value.toFixed(digits).padStart(7);

interface Figures {
  readonly p50: number;
  readonly p99: number;
  readonly dynamoPerCall: number;
}

interface Measured {
  readonly label: string;
  readonly routeKey: string;
  readonly call: (broker: LocalBroker, index: number) => Promise<Answer>;
}

/**
 * The first request to the route's function (a fresh environment: worker start, bundle import, the first STS
 * AssumeRole for the tenant, cold SDK connections). The authorizer is warmed first so it is not counted in.
 */
async function coldStart(broker: LocalBroker, target: Measured): Promise<number> {
  await http(broker, 'GET', '/');
  const started = performance.now();
  expectOk(target.label, await target.call(broker, 0));
  return performance.now() - started;
}

interface Run {
  readonly broker: LocalBroker;
  readonly label: string;
}

/**
 * The route's latency and DynamoDB requests per call, after a warm-up. With several runs (brokers), their calls are
 * interleaved (and the order alternated), so every run meets the same machine load and DynamoDB Local state.
 */
async function measureRuns(runs: readonly Run[], target: Measured, calls: number): Promise<Figures[]> {
  // Warm the environment first (JIT, connections, the tenant's credentials), as a Lambda serving CI traffic would be.
  for (const run of runs) {
    routeOf(run.broker, target.routeKey);
    for (let index = 0; index < WARM_UP_CALLS; index++) expectOk(run.label, await target.call(run.broker, index));
  }
  const timings = runs.map(() => [] as number[]);
  const before = runs.map((run) => dynamoRequestsOfRoute(run.broker, target.routeKey));
  for (let index = 0; index < calls; index++) {
    const order = index % 2 === 0 ? runs.map((_, position) => position) : runs.map((_, position) => runs.length - 1 - position);
    for (const position of order) {
      const run = runs[position] as Run;
      const started = performance.now();
      const answer = await target.call(run.broker, index);
      timings[position]?.push(performance.now() - started);
      expectOk(run.label, answer);
    }
  }
  return runs.map((run, position) => {
    const sorted = (timings[position] as number[]).sort((a, b) => a - b);
    const figures = { p50: quantile(sorted, 0.5), p99: quantile(sorted, 0.99), dynamoPerCall: (dynamoRequestsOfRoute(run.broker, target.routeKey) - (before[position] as number)) / calls };
    console.log(`${run.label.padEnd(58)} p50 ${ms(figures.p50)} ms   p99 ${ms(figures.p99)} ms   DynamoDB requests/call ${figures.dynamoPerCall.toFixed(1)}`);
    return figures;
  });
}

async function measure(broker: LocalBroker, target: Measured, calls: number): Promise<Figures> {
  return (await measureRuns([{ broker, label: target.label }], target, calls))[0] as Figures;
}

const printColdStart = (cold: number, warm: Figures): void =>
  console.log(`${'  first request to a fresh function (cold start)'.padEnd(58)}     ${ms(cold)} ms   (warm p50 ${warm.p50.toFixed(1)} ms: +${(cold - warm.p50).toFixed(1)} ms)`);

let newestVersion = `1.${VERSIONS_PER_PACTICIPANT - 1}.0`;

const canIDeploy: Measured = {
  label: 'can-i-deploy (GET /matrix, to production)',
  routeKey: 'GET /matrix',
  call: (broker, index) => http(broker, 'GET', `/matrix?q[][pacticipant]=${name(index % PACTICIPANTS)}&q[][version]=${newestVersion}&latestby=cvpv&environment=production`),
};

const pactsForVerification: Measured = {
  label: 'pacts-for-verification (mainBranch, deployedOrReleased)',
  routeKey: 'POST /pacts/provider/{provider}/for-verification',
  call: (broker, index) =>
    http(broker, 'POST', `/pacts/provider/${name(index % PACTICIPANTS)}/for-verification`, { consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }], providerVersionBranch: 'main', includePendingStatus: true }),
};

const canIDeployRoute: Measured = {
  label: 'can-i-deploy (GET /can-i-deploy, to production)',
  routeKey: 'GET /can-i-deploy',
  call: (broker, index) => http(broker, 'GET', `/can-i-deploy?pacticipant=${name(index % PACTICIPANTS)}&version=${newestVersion}&environment=production`),
};

const getVersion: Measured = {
  label: 'get-version',
  routeKey: 'GET /pacticipants/{pacticipant}/versions/{version}',
  call: (broker, index) => http(broker, 'GET', `/pacticipants/${name(index % PACTICIPANTS)}/versions/${newestVersion}`),
};

let written = 0;

/** Each call deploys the other of two versions into one instance slot of `dev`: a real replacement every time. */
const recordDeployment: Measured = {
  label: 'record-deployment (replacing the slot\'s version)',
  routeKey: 'POST /pacticipants/{pacticipant}/versions/{version}/deployed-versions/environment/{environmentId}',
  call: (broker) => {
    const call = written++;
    const version = `1.${(Number(newestVersion.split('.')[1]) - (call % 2))}.0`;
    return http(broker, 'POST', `/pacticipants/${name(Math.floor(call / 2) % PACTICIPANTS)}/versions/${version}/deployed-versions/environment/${environmentUuids[4] as string}`, { applicationInstance: 'bench' });
  },
};

/** Each call publishes a new consumer version's pact (a new version, branch and content each time). */
const publish: Measured = {
  label: 'publish (one pact, new consumer version)',
  routeKey: 'POST /contracts/publish',
  call: (broker) => {
    const call = written++;
    const consumer = name(call % PACTICIPANTS);
    const provider = name((call + 1) % PACTICIPANTS);
    const pact = { consumer: { name: consumer }, provider: { name: provider }, interactions: [{ description: `call ${call}`, request: { method: 'GET', path: `/things/${call}` }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } };
    return http(broker, 'POST', '/contracts/publish', {
      pacticipantName: consumer,
      pacticipantVersionNumber: `bench-${call}`,
      branch: 'bench',
      contracts: [{ consumerName: consumer, providerName: provider, specification: 'pact', contentType: 'application/json', content: Buffer.from(JSON.stringify(pact)).toString('base64') }],
    });
  },
};

async function round(broker: LocalBroker, generation: number, withColdStarts: boolean): Promise<void> {
  newestVersion = `1.${(generation + 1) * VERSIONS_PER_PACTICIPANT - 1}.0`;
  for (const target of [canIDeploy, canIDeployRoute, pactsForVerification, getVersion]) {
    const cold = withColdStarts ? await coldStart(broker, target) : undefined;
    const warm = await measure(broker, target, CALLS);
    if (cold !== undefined) printColdStart(cold, warm);
  }
}

/**
 * The can-i-deploy loop with the AWS rules on (this broker) and off (a second broker on the same table and data,
 * started with BROKER_AWS_RULES=off), calls interleaved.
 */
async function rulesCost(withRules: LocalBroker): Promise<void> {
  console.log(`\nCost of the AWS rules (can-i-deploy, ${RULES_CALLS} calls each, interleaved, same table and data)`);
  process.env['BROKER_AWS_RULES'] = 'off';
  let withoutRules: LocalBroker;
  try {
    withoutRules = await startBroker();
  } finally {
    delete process.env['BROKER_AWS_RULES'];
  }
  try {
    if (withoutRules.aws.enforce) throw new Error('the second broker enforces the AWS rules');
    const cold = await coldStart(withoutRules, canIDeploy);
    const [on, off] = (await measureRuns(
      [
        { broker: withRules, label: 'can-i-deploy, AWS rules on' },
        { broker: withoutRules, label: 'can-i-deploy, AWS rules off' },
      ],
      canIDeploy,
      RULES_CALLS,
    )) as [Figures, Figures];
    console.log(`${'  rules off: first request to a fresh function'.padEnd(58)}     ${ms(cold)} ms   (warm p50 ${off.p50.toFixed(1)} ms: +${(cold - off.p50).toFixed(1)} ms)`);
    const p50 = on.p50 - off.p50;
    console.log(
      `${'AWS rules cost per request (on − off)'.padEnd(58)} p50 ${ms(p50)} ms   p99 ${ms(on.p99 - off.p99)} ms   (p50 ${on.dynamoPerCall > 0 ? ((p50 / on.dynamoPerCall) * 1000).toFixed(0) : '-'} µs per DynamoDB request evaluated)`,
    );
  } finally {
    await closeBroker(withoutRules);
  }
}

// --- Bi-directional contracts --------------------------------------------------------------------------------------

const OAS_PATHS = 200;
const oas = {
  openapi: '3.0.0',
  info: { title: 'Provider', version: '1' },
  paths: Object.fromEntries(
    Array.from({ length: OAS_PATHS }, (_, index) => [
      `/resources-${index}/{id}`,
      {
        get: {
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'ok', content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, value: { type: 'integer' } }, required: ['id'] } } } } },
        },
      },
    ]),
  ),
};
const pactFor = (consumer: string, provider: string, seed: string) => ({
  consumer: { name: consumer },
  provider: { name: provider },
  interactions: Array.from({ length: 50 }, (_, index) => ({
    description: `get resource ${index} ${seed}`,
    request: { method: 'GET', path: `/resources-${index * 4}/abc` },
    response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { id: 'abc', value: index } },
  })),
  metadata: { pactSpecification: { version: '2.0.0' } },
});
const base64Json = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64');

interface Pair {
  readonly consumer: string;
  readonly provider: string;
  readonly pactSha: string;
  readonly oasSha: string;
}

async function publishProviderContract(broker: LocalBroker, provider: string): Promise<string> {
  expectOk(
    `provider contract ${provider}`,
    await http(broker, 'POST', `/provider-contracts/provider/${provider}/publish`, {
      pacticipantVersionNumber: '1.0.0',
      branch: 'main',
      contract: { content: base64Json(oas), contentType: 'application/json', specification: 'oas', selfVerificationResults: { success: true } },
    }),
  );
  const sha = (await dynamoRepositories(broker.operatorDb, TENANT).providerContracts.find(provider, '1.0.0'))?.sha;
  if (sha === undefined) throw new Error(`provider contract ${provider}: not stored`);
  return sha;
}

/** Publishes one consumer version's pacts (one per provider); returns the pairs it should get compared. */
async function publishPacts(broker: LocalBroker, consumer: string, version: string, providers: readonly { name: string; oasSha: string }[], seed: string): Promise<{ pairs: Pair[]; answered: number }> {
  const body = {
    pacticipantName: consumer,
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: providers.map((provider) => ({ consumerName: consumer, providerName: provider.name, specification: 'pact', contentType: 'application/json', content: base64Json(pactFor(consumer, provider.name, seed)), onConflict: 'overwrite' })),
  };
  const answer = await http(broker, 'POST', '/contracts/publish', body);
  const answered = performance.now();
  expectOk(`publish ${consumer} ${version}`, answer);
  const pairs = await Promise.all(
    providers.map(async (provider) => {
      const pactSha = (await dynamoRepositories(broker.operatorDb, TENANT).pacts.findPublication(consumer, version, provider.name))?.sha;
      if (pactSha === undefined) throw new Error(`publish ${consumer} ${version}: no publication for ${provider.name}`);
      return { consumer, provider: provider.name, pactSha, oasSha: provider.oasSha };
    }),
  );
  return { pairs, answered };
}

/** Polls (operator credentials) until every pair's comparison result is readable; bounded. */
async function waitForComparisons(broker: LocalBroker, pairs: readonly Pair[], timeoutMs: number): Promise<void> {
  const started = performance.now();
  for (;;) {
    const found = pairs.length === 1 ? ((await dynamoRepositories(broker.operatorDb, TENANT).comparisons.find(pairs[0]!)) === undefined ? 0 : 1) : (await dynamoRepositories(broker.operatorDb, TENANT).comparisons.findMany(pairs)).size;
    if (found >= pairs.length) return;
    if (performance.now() - started > timeoutMs) throw new Error(`${pairs.length - found} of ${pairs.length} comparisons not readable within ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Bi-directional contracts through the runtime: throughput, and time from a publication being answered to its comparison being readable. */
async function comparisons(broker: LocalBroker): Promise<void> {
  const workerId = broker.aws.deployment.eventSources[0]?.functionId;
  if (workerId === undefined) throw new Error('The template has no event source mapping');
  routeOf(broker, 'POST /contracts/publish');

  // Warm the publishing functions and the worker (their cold starts are not what is measured here).
  const oasSha = await publishProviderContract(broker, 'Provider');
  const warm = await publishPacts(broker, 'Consumer', '0.0.0', [{ name: 'Provider', oasSha }], 'warm');
  await waitForComparisons(broker, warm.pairs, 60_000);

  // Throughput: 100 consumers publish a pact for a provider that has no contract yet (nothing to compare), then the
  // provider publishes its contract, which enqueues the 100 comparisons at once: from that publication being
  // answered to the last of the 100 results being readable (queue, event source mapping batches, worker, DynamoDB).
  const provider = 'ThroughputProvider';
  const consumers = Array.from({ length: 100 }, (_, index) => `ThroughputConsumer-${String(index).padStart(3, '0')}`);
  const pactShas = new Map<string, string>();
  for (const consumer of consumers) {
    const body = { pacticipantName: consumer, pacticipantVersionNumber: '1.0.0', branch: 'main', contracts: [{ consumerName: consumer, providerName: provider, specification: 'pact', contentType: 'application/json', content: base64Json(pactFor(consumer, provider, 'throughput')), onConflict: 'overwrite' }] };
    expectOk(`publish ${consumer}`, await http(broker, 'POST', '/contracts/publish', body));
    pactShas.set(consumer, (await dynamoRepositories(broker.operatorDb, TENANT).pacts.findPublication(consumer, '1.0.0', provider))?.sha as string);
  }
  const workerBefore = requestsOf(broker, 'dynamodb', workerId);
  const contractRoute = 'POST /provider-contracts/provider/{provider}/publish';
  const contractBefore = dynamoRequestsOfRoute(broker, contractRoute);
  const sent = performance.now();
  const throughputOasSha = await publishProviderContract(broker, provider);
  const answered = performance.now();
  const pairs = consumers.map((consumer) => ({ consumer, provider, pactSha: pactShas.get(consumer) as string, oasSha: throughputOasSha }));
  await waitForComparisons(broker, pairs, 300_000);
  const seconds = (performance.now() - answered) / 1000;
  const workerPerPair = (requestsOf(broker, 'dynamodb', workerId) - workerBefore) / pairs.length;
  console.log(`${`comparison throughput (${OAS_PATHS}-path OAS, 50-interaction pact)`.padEnd(58)} ${(pairs.length / seconds).toFixed(1)} pairs/s (${((seconds / pairs.length) * 1000).toFixed(1)} ms per pair, ${pairs.length} pairs enqueued by one provider contract publication)`);
  console.log(
    `${'  the provider contract publication that enqueued them'.padEnd(58)}     ${ms(answered - sent, 0)} ms   DynamoDB requests ${dynamoRequestsOfRoute(broker, contractRoute) - contractBefore} (worker: ${workerPerPair.toFixed(1)} per pair)`,
  );

  // Latency: one pact at a time, from the publication being answered to its comparison being readable.
  const latencies: number[] = [];
  const count = 50;
  for (let index = 0; index < count; index++) {
    const publication = await publishPacts(broker, 'Consumer', `2.${index}.0`, [{ name: 'Provider', oasSha }], `latency-${index}`);
    await waitForComparisons(broker, publication.pairs, 30_000);
    latencies.push(performance.now() - publication.answered);
  }
  latencies.sort((a, b) => a - b);
  console.log(`${`publication answered -> comparison readable (${count} publications)`.padEnd(58)} p50 ${ms(quantile(latencies, 0.5), 0)} ms   p99 ${ms(quantile(latencies, 0.99), 0)} ms`);
}

/** Webhooks through the runtime: the cost a listening webhook adds to a publication, and the delivery latency. */
async function webhooks(broker: LocalBroker): Promise<void> {
  const routeKey = 'POST /contracts/publish';
  routeOf(broker, routeKey);
  const routerId = broker.aws.deployment.streamEventSources[0]?.functionId;
  const dispatcherId = broker.aws.deployment.eventSources.find((source) => source.queueLogicalId.startsWith('PactBrokerWebhooksQueue'))?.functionId;
  if (routerId === undefined || dispatcherId === undefined) throw new Error('The template has no webhook router or dispatcher');
  const arrivals = new Map<string, number>();
  const receiver = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      arrivals.set(request.url ?? '', performance.now());
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => new Promise((resolve) => receiver.close(() => resolve())));
  const address = receiver.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const publishOne = async (consumer: string, version: string) => {
    const body = { pacticipantName: consumer, pacticipantVersionNumber: version, branch: 'main', contracts: [{ consumerName: consumer, providerName: 'HookProvider', specification: 'pact', contentType: 'application/json', content: base64Json(pactFor(consumer, 'HookProvider', version)) }] };
    const before = dynamoRequestsOfRoute(broker, routeKey);
    const answer = await http(broker, 'POST', '/contracts/publish', body);
    const answered = performance.now();
    expectOk(`publish ${consumer} ${version}`, answer);
    return { answered, requests: dynamoRequestsOfRoute(broker, routeKey) - before };
  };
  // Without a webhook that could fire, then with one listening to every publication of HookConsumer.
  await publishOne('HookConsumer', '0.0.1');
  const without = await publishOne('HookConsumer', '0.0.2');
  expectOk('create webhook', await http(broker, 'POST', '/webhooks', { consumer: { name: 'HookConsumer' }, events: [{ name: 'contract_published' }], request: { method: 'POST', url: `http://127.0.0.1:${port}/hook/\${pactbroker.consumerVersionNumber}` } }));
  const waitFor = async (path: string, timeoutMs: number): Promise<number> => {
    const started = performance.now();
    for (;;) {
      const at = arrivals.get(path);
      if (at !== undefined) return at;
      if (performance.now() - started > timeoutMs) throw new Error(`webhook ${path} not received within ${timeoutMs / 1000} s`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  await publishOne('HookConsumer', '0.1.0'); // warms the router and the dispatcher
  await waitFor('/hook/0.1.0', 60_000);
  const count = 50;
  const latencies: number[] = [];
  let withWebhook = 0;
  const routerBefore = requestsOf(broker, 'dynamodb', routerId);
  const dispatcherBefore = requestsOf(broker, 'dynamodb', dispatcherId);
  for (let index = 0; index < count; index++) {
    const version = `1.${index}.0`;
    const published = await publishOne('HookConsumer', version);
    withWebhook += published.requests;
    latencies.push((await waitFor(`/hook/${version}`, 30_000)) - published.answered);
  }
  // The dispatcher records the attempt after the receiver has answered: give the last one a moment.
  await new Promise((resolve) => setTimeout(resolve, 500));
  latencies.sort((a, b) => a - b);
  console.log(`${'publish, no webhook could fire'.padEnd(58)}     DynamoDB requests ${without.requests}`);
  console.log(`${'publish, one webhook listening (event in its transaction)'.padEnd(58)}     DynamoDB requests ${(withWebhook / count).toFixed(1)}`);
  console.log(`${`publication answered -> webhook received (${count} publications)`.padEnd(58)} p50 ${ms(quantile(latencies, 0.5), 0)} ms   p99 ${ms(quantile(latencies, 0.99), 0)} ms`);
  console.log(
    `${'  per delivery: router / dispatcher DynamoDB requests'.padEnd(58)}     ${((requestsOf(broker, 'dynamodb', routerId) - routerBefore) / count).toFixed(1)} / ${((requestsOf(broker, 'dynamodb', dispatcherId) - dispatcherBefore) / count).toFixed(1)}`,
  );
}

async function main(): Promise<void> {
  const broker = await startBroker();
  if (process.env['BENCH_ONLY'] === 'webhooks') {
    await seedTenant(broker.operatorDb, TENANT, ENVIRONMENTS.map((environment, index) => ({ uuid: environmentUuids[index] as string, name: environment, displayName: environment, production: environment === 'production', createdAt: iso() })), iso());
    console.log('\nWebhooks (publication → its transaction → table stream → router → SQS → dispatcher → loopback receiver)');
    await webhooks(broker);
    return;
  }
  if (process.env['BENCH_ONLY'] === 'comparisons') {
    await seedTenant(broker.operatorDb, TENANT, ENVIRONMENTS.map((environment, index) => ({ uuid: environmentUuids[index] as string, name: environment, displayName: environment, production: environment === 'production', createdAt: iso() })), iso());
    console.log('\nBi-directional contracts (HTTP → publish function → SQS queue → event source mapping → worker)');
    await comparisons(broker);
    return;
  }
  await seedHistory(broker.operatorDb, 0);
  console.log(`\nHistory: ${seen.versions} versions, ${seen.verifications} verification results (${CALLS} calls each, through HTTP and the local runtime, AWS rules ${broker.aws.enforce ? 'on' : 'OFF'})`);
  await round(broker, 0, true);
  await rulesCost(broker);
  await seedHistory(broker.operatorDb, 1);
  console.log(`\nHistory doubled: ${seen.versions} versions, ${seen.verifications} verification results`);
  await round(broker, 1, false);
  // Writes last: they change what is deployed and published, which the read figures above must not see.
  console.log(`\nWrites (${CALLS} calls each)`);
  for (const target of [recordDeployment, publish]) printColdStart(await coldStart(broker, target), await measure(broker, target, CALLS));
  console.log('\nBi-directional contracts (HTTP → publish function → SQS queue → event source mapping → worker)');
  await comparisons(broker);
  console.log('\nWebhooks (publication → its transaction → table stream → router → SQS → dispatcher → loopback receiver)');
  await webhooks(broker);
}

let exitCode = 0;
try {
  await main();
} catch (error) {
  console.error('bench failed:', error);
  exitCode = 1;
} finally {
  await cleanUp();
  clearTimeout(watchdog);
  if (rulesSetting === undefined) delete process.env['BROKER_AWS_RULES'];
  else process.env['BROKER_AWS_RULES'] = rulesSetting;
}
process.exit(exitCode);
