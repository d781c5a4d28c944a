/**
 * One table of scenarios over the repository ports (`shared/services/ports.ts`), run against the DynamoDB
 * implementations (DynamoDB Local, through a tenant's scoped session as the functions hold it) and the in-memory fakes
 * (`test/support/memory-repositories.ts`): absent things, ordering, conditional writes and their WriteConflicts,
 * idempotent re-creation, deletion cascades. Then random operation sequences run on both side by side must give the same
 * answer at every step (a model-based comparison). Passing here is what lets the service tests trust the fakes.
 *
 * Every scenario gets a fresh tenant, so tenant sequences (version order, branch membership order) start at 1 in both.
 */
import type { Webhook } from '../../shared/domain/webhooks/definition.ts';
import type { TriggeredWebhook, WebhookEvent } from '../../shared/domain/webhooks/events.ts';
import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Db } from '../../shared/storage/client.ts';
import type { ComparisonResult, CurrentDeployment, DeployedVersion, DeploymentSlot, Environment, PactPublication, ProviderContract, ReleasedVersion, VerificationResult, Version } from '../../shared/domain/model.ts';
import type { ApiToken } from '../../shared/domain/auth.ts';
import { WriteConflict } from '../../shared/domain/errors.ts';
import { planDeployment } from '../../shared/domain/deployments/rules.ts';
import { comparisonLookupKey, latestVerificationRequestKey, type OperatorRepositories, type Repositories } from '../../shared/services/ports.ts';
import { dynamoRepositories } from '../../shared/storage/repositories/index.ts';
import * as tokens from '../../shared/storage/repositories/tokens.ts';
import * as tenants from '../../shared/storage/repositories/tenants.ts';
import { createTestTable, tenantContext } from '../support/table.ts';
import { memoryOperatorRepositories, memoryRepositories } from '../support/memory-repositories.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

type Implementation = 'dynamodb' | 'memory';

/** Which port methods the scenarios called (on the fakes, which implement every one). */
const called = new Set<string>();
function recordingCalls(repositories: Repositories): Repositories {
  const wrap = (port: string, methods: object) =>
    Object.fromEntries(Object.entries(methods).map(([name, method]) => [name, (...args: unknown[]) => (called.add(`${port}.${name}`), (method as (...a: unknown[]) => unknown)(...args))]));
  return Object.fromEntries(Object.entries(repositories).map(([port, methods]) => [port, wrap(port, methods as object)])) as unknown as Repositories;
}

/** A fresh tenant's repositories; on DynamoDB through the tenant's scoped session, as the functions hold them. */
const fresh = (implementation: Implementation): Repositories => (implementation === 'dynamodb' ? tenantContext(db) : recordingCalls(memoryRepositories()));
/** The operator's ports over DynamoDB: its bindings delegate to these storage functions, one to one. */
const dynamoOperator = (): OperatorRepositories => ({
  tokens: {
    put: (token, tokenHash) => tokens.putToken(db, token, tokenHash),
    findByHash: (tenant, tokenHash) => tokens.findTokenByHash(db, tenant, tokenHash),
    list: (tenant) => tokens.listTokens(db, tenant),
    revoke: (tenant, sk, at) => tokens.revokeToken(db, tenant, sk, at),
  },
  tenants: (tenant) => ({ nextSequence: () => tenants.nextSequence(db, tenant), seed: (list, now) => tenants.seedTenant(db, tenant, list, now), exists: () => tenants.tenantExists(db, tenant) }),
});
const freshOperator = (implementation: Implementation): OperatorRepositories => (implementation === 'dynamodb' ? dynamoOperator() : memoryOperatorRepositories());

/** Seconds after 2026-01-01T00:00:00Z, as an ISO timestamp. */
const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();

async function version(r: Repositories, pacticipant: string, number: string, seconds = 0): Promise<Version> {
  return (await r.versions.createIfMissing(pacticipant, number, {}, at(seconds))).version;
}

const conflict = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(WriteConflict);

const publication = (consumerVersion: string, order: number, fields: Partial<PactPublication> = {}): PactPublication => ({
  consumer: 'Foo',
  consumerVersion,
  consumerVersionOrder: order,
  provider: 'Bar',
  sha: `sha-${consumerVersion}`,
  revision: 1,
  createdAt: at(order),
  ...fields,
});

const verification = (number: number, fields: Partial<VerificationResult> = {}): VerificationResult => ({
  number,
  consumer: 'Foo',
  provider: 'Bar',
  sha: 'sha-1',
  providerVersion: 'p1',
  success: true,
  verifiedAt: at(number),
  ...fields,
});

const environment = (uuid: string, name: string, fields: Partial<Environment> = {}): Environment => ({ uuid, name, displayName: name.toUpperCase(), production: false, createdAt: at(0), ...fields });

type DeployPlan = Extract<ReturnType<typeof planDeployment>, { kind: 'deploy' }>;

/** The plan record-deployment makes for a slot whose pointer said `current` when read. */
function deployPlan(slot: DeploymentSlot, number: string, current: CurrentDeployment | undefined, uuid: string, seconds: number): DeployPlan {
  const plan = planDeployment(slot, number, current, { uuid, now: at(seconds) });
  if (plan.kind !== 'deploy') throw new Error(`${number} is already current`);
  return plan;
}

/** A deployment as record-deployment makes it: planned from what the slot's pointer says now. */
async function deploy(r: Repositories, uuid: string, pacticipant: string, number: string, environmentUuid: string, seconds: number, applicationInstance?: string): Promise<DeployedVersion> {
  const slot = { pacticipant, environmentUuid, ...(applicationInstance === undefined ? {} : { applicationInstance }) };
  const plan = deployPlan(slot, number, await r.deployments.findCurrent(slot), uuid, seconds);
  await r.deployments.commit(plan);
  return plan.record;
}

const release = (uuid: string, pacticipant: string, number: string, environmentUuid: string, seconds: number): ReleasedVersion => ({ uuid, pacticipant, version: number, versionOrder: 1, environmentUuid, createdAt: at(seconds) });

const comparison = (pactSha: string, oasSha: string, fields: Partial<ComparisonResult> = {}): ComparisonResult => ({
  consumer: 'Foo',
  provider: 'Bar',
  pactSha,
  oasSha,
  success: true,
  errors: [],
  warnings: [],
  engine: 'test',
  engineVersion: '1',
  comparedAt: at(1),
  ...fields,
});

const contract = (providerVersion: string, sha: string, fields: Partial<ProviderContract> = {}): ProviderContract => ({
  provider: 'Bar',
  providerVersion,
  providerVersionOrder: 1,
  sha,
  specification: 'oas',
  contentType: 'application/yaml',
  selfVerification: { success: true, verifier: 'schemathesis' },
  createdAt: at(1),
  ...fields,
});

/** DynamoDB's header carries storage attributes (chunks, digest, bytes) too: compare the pact version's own fields. */
const pactVersionFields = (value: { consumer: string; provider: string; sha: string; createdAt: string } | undefined) =>
  value === undefined ? undefined : { consumer: value.consumer, provider: value.provider, sha: value.sha, createdAt: value.createdAt };

const numbers = (versions: readonly Version[]) => versions.map((v) => v.number);
const bySortKey = <T>(items: readonly T[], key: (item: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

type Scenario = readonly [name: string, run: (r: Repositories) => Promise<void>];

const webhook = (uuid: string, fields: Partial<Webhook> = {}): Webhook => ({
  uuid,
  enabled: true,
  events: ['contract_published'],
  request: { method: 'POST', url: 'https://ci.example/${pactbroker.consumerName}', headers: { Authorization: 'Bearer x' }, body: { nested: { '': [1, null, 'é'] } } },
  createdAt: at(1),
  revision: 1,
  ...fields,
});

const webhookEvent = (id: string): WebhookEvent => ({
  id,
  names: ['contract_published'],
  subject: { kind: 'pact', consumer: 'Foo', provider: 'Bar', consumerVersion: '1', sha: 'aaa', consumerVersionTags: ['t'] },
  occurredAt: at(1),
  baseUrl: 'https://broker.example',
});

const triggered = (id: string, subject: TriggeredWebhook['subject'], fields: Partial<TriggeredWebhook> = {}): TriggeredWebhook => ({
  id,
  webhookUuid: 'w1',
  eventId: 'e1',
  eventName: 'contract_published',
  subject,
  params: { consumerName: 'Foo', pactUrl: 'https://broker.example/pacts/provider/Bar/consumer/Foo/pact-version/aaa' },
  status: 'not_run',
  attempts: 0,
  baseUrl: 'https://broker.example',
  createdAt: at(1),
  ...fields,
});

const scenarios: Scenario[] = [
  // Labels
  [
    'labels: added once to an existing pacticipant (sorted on it), listed by label, removed once',
    async (r) => {
      await conflict(r.pacticipants.addLabel('Foo', 'ui', at(1)));
      await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Foo', createdAt: at(1) });
      await r.pacticipants.createIfMissing({ name: 'Bar', displayName: 'Bar', createdAt: at(1) });
      expect(await r.pacticipants.addLabel('Foo', 'ui', at(2))).toBe(true);
      expect(await r.pacticipants.addLabel('Foo', 'ui', at(3))).toBe(false);
      expect(await r.pacticipants.addLabel('Foo', 'a#b', at(3))).toBe(true);
      expect(await r.pacticipants.addLabel('Bar', 'ui', at(3))).toBe(true);
      expect((await r.pacticipants.find('Foo'))?.labels).toEqual(['a#b', 'ui']);
      expect((await r.pacticipants.list()).find((p) => p.name === 'Bar')?.labels).toEqual(['ui']);
      expect(await r.pacticipants.listWithLabel('ui')).toEqual(['Bar', 'Foo']);
      await r.pacticipants.removeLabel('Foo', 'ui');
      await conflict(r.pacticipants.removeLabel('Foo', 'ui'));
      await r.pacticipants.removeLabel('Foo', 'a#b');
      expect(await r.pacticipants.find('Foo')).toEqual({ name: 'Foo', displayName: 'Foo', createdAt: at(1) });
      expect(await r.pacticipants.listWithLabel('ui')).toEqual(['Bar']);
    },
  ],
  // Webhooks
  [
    'webhooks: created once per uuid, replaced only as read, listed by uuid, deleted once; the request reads back exactly',
    async (r) => {
      expect(await r.webhooks.find('w1')).toBeUndefined();
      await r.webhooks.put(webhook('w2'), undefined);
      await r.webhooks.put(webhook('w1', { consumer: { name: 'Foo' }, provider: { label: 'api' }, teamUuid: 't' }), undefined);
      await conflict(r.webhooks.put(webhook('w1'), undefined));
      expect(await r.webhooks.find('w1')).toEqual(webhook('w1', { consumer: { name: 'Foo' }, provider: { label: 'api' }, teamUuid: 't' }));
      await r.webhooks.put(webhook('w1', { revision: 2, description: 'second', updatedAt: at(2) }), 1);
      await conflict(r.webhooks.put(webhook('w1', { revision: 3 }), 1));
      expect((await r.webhooks.list()).map((w) => [w.uuid, w.revision])).toEqual([['w1', 2], ['w2', 1]]);
      await r.webhooks.delete('w1');
      await conflict(r.webhooks.delete('w1'));
      expect((await r.webhooks.list()).map((w) => w.uuid)).toEqual(['w2']);
    },
  ],
  [
    'webhook deliveries: an event on its own or with its write; a triggered webhook created once and listed by what triggered it; each attempt claimed once and finished once',
    async (r) => {
      await r.webhookDeliveries.recordEvent(webhookEvent('e1'));
      await conflict(r.webhookDeliveries.recordEvent(webhookEvent('e1')));
      const pact = { kind: 'pact', consumer: 'Foo', provider: 'Bar', consumerVersion: '1', sha: 'aaa', consumerVersionTags: [] } as const;
      const verification = { kind: 'verification', consumer: 'Foo', provider: 'Bar', sha: 'aaa', number: 7, providerVersion: '2', success: true } as const;
      expect(await r.webhookDeliveries.createTriggered(triggered('t1', pact))).toBe(true);
      expect(await r.webhookDeliveries.createTriggered(triggered('t1', pact, { status: 'success' }))).toBe(false);
      expect(await r.webhookDeliveries.createTriggered(triggered('t2', verification, { createdAt: at(2) }))).toBe(true);
      expect(await r.webhookDeliveries.createTriggered(triggered('t3', pact, { createdAt: at(3), webhookUuid: 'w2' }))).toBe(true);
      expect(await r.webhookDeliveries.findTriggered('t1')).toEqual(triggered('t1', pact));
      expect((await r.webhookDeliveries.listTriggeredByPublication('Foo', 'Bar', '1')).map((t) => t.id)).toEqual(['t1', 't3']);
      expect((await r.webhookDeliveries.listTriggeredByVerification('Foo', 'Bar', 'aaa', 7)).map((t) => t.id)).toEqual(['t2']);
      expect((await r.webhookDeliveries.listTriggeredOfWebhook('w1', 10)).map((t) => t.id)).toEqual(['t2', 't1']);
      expect((await r.webhookDeliveries.listTriggeredOfWebhook('w1', 1)).map((t) => t.id)).toEqual(['t2']);

      const stored = (await r.webhookDeliveries.findTriggered('t1')) as TriggeredWebhook;
      expect(await r.webhookDeliveries.claimAttempt(stored, 1, at(4))).toBe(true);
      expect(await r.webhookDeliveries.claimAttempt(stored, 1, at(5))).toBe(false);
      expect(await r.webhookDeliveries.findAttempt('t1', 1)).toEqual({ attempt: 1, claimedAt: at(4), logs: '' });
      const attempt = { attempt: 1, claimedAt: at(4), finishedAt: at(5), success: false, request: { method: 'POST', url: 'https://ci.example/Foo', headers: { authorization: '**********' } }, response: { status: 500, headers: {}, body: 'no', truncated: false }, logs: 'line\n' };
      await r.webhookDeliveries.finishAttempt(stored, attempt, { status: 'retrying', nextAttemptAt: at(15), at: at(5) });
      await conflict(r.webhookDeliveries.finishAttempt(stored, attempt, { status: 'retrying', at: at(6) }));
      expect(await r.webhookDeliveries.findTriggered('t1')).toEqual(triggered('t1', pact, { status: 'retrying', attempts: 1, updatedAt: at(5), nextAttemptAt: at(15) }));
      // Attempt 2, unclaimed, cannot be finished; claimed, it can, and the next attempt time goes.
      const retrying = (await r.webhookDeliveries.findTriggered('t1')) as TriggeredWebhook;
      await conflict(r.webhookDeliveries.finishAttempt(retrying, { attempt: 2, claimedAt: at(16), logs: '' }, { status: 'success', at: at(16) }));
      expect(await r.webhookDeliveries.claimAttempt(retrying, 2, at(16))).toBe(true);
      await r.webhookDeliveries.finishAttempt(retrying, { attempt: 2, claimedAt: at(16), finishedAt: at(17), success: true, logs: 'ok\n' }, { status: 'success', at: at(17) });
      expect(await r.webhookDeliveries.findTriggered('t1')).toEqual(triggered('t1', pact, { status: 'success', attempts: 2, updatedAt: at(17) }));
      expect((await r.webhookDeliveries.listAttempts('t1')).map((a) => [a.attempt, a.success, a.logs])).toEqual([
        [1, false, 'line\n'],
        [2, true, 'ok\n'],
      ]);
      expect((await r.webhookDeliveries.listAttempts('t1'))[0]).toEqual(attempt);
    },
  ],
  // Pacticipants
  [
    'pacticipants: absent is undefined; createIfMissing creates once and then answers the stored one',
    async (r) => {
      expect(await r.pacticipants.find('Foo')).toBeUndefined();
      expect(await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Foo', mainBranch: 'main', createdAt: at(1) })).toEqual({
        created: true,
        pacticipant: { name: 'Foo', displayName: 'Foo', mainBranch: 'main', createdAt: at(1) },
      });
      expect(await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Other', createdAt: at(2) })).toEqual({
        created: false,
        pacticipant: { name: 'Foo', displayName: 'Foo', mainBranch: 'main', createdAt: at(1) },
      });
      expect(await r.pacticipants.find('Foo')).toEqual({ name: 'Foo', displayName: 'Foo', mainBranch: 'main', createdAt: at(1) });
    },
  ],
  [
    'pacticipants: list is by name in byte order (UTF-8), whatever the characters',
    async (r) => {
      await Promise.all(['b', '😀', 'a#b', 'A', '\uFFFD', 'a', 'é', 'a b', 'a%b'].map((name) => r.pacticipants.createIfMissing({ name, displayName: name, createdAt: at(0) })));
      expect((await r.pacticipants.list()).map((p) => p.name)).toEqual(['A', 'a', 'a b', 'a#b', 'a%b', 'b', 'é', '\uFFFD', '😀']);
    },
  ],
  [
    'pacticipants: update sets and removes fields and stamps updatedAt; a missing pacticipant is undefined',
    async (r) => {
      expect(await r.pacticipants.update('Foo', { mainBranch: 'main' }, at(5))).toBeUndefined();
      expect(await r.pacticipants.find('Foo')).toBeUndefined();
      await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Foo', repositoryUrl: 'https://git/foo', createdAt: at(1) });
      expect(await r.pacticipants.update('Foo', { mainBranch: 'main', repositoryUrl: null, displayName: undefined }, at(5))).toEqual({ name: 'Foo', displayName: 'Foo', mainBranch: 'main', createdAt: at(1), updatedAt: at(5) });
      expect(await r.pacticipants.update('Foo', {}, at(6))).toEqual({ name: 'Foo', displayName: 'Foo', mainBranch: 'main', createdAt: at(1), updatedAt: at(6) });
    },
  ],
  [
    'pacticipants: onlyIfUnset refuses the whole update (undefined) when any given field is set',
    async (r) => {
      await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Foo', mainBranch: 'develop', createdAt: at(1) });
      expect(await r.pacticipants.update('Foo', { mainBranch: 'main' }, at(2), { onlyIfUnset: true })).toBeUndefined();
      expect(await r.pacticipants.update('Foo', { mainBranch: 'main', repositoryName: 'foo' }, at(2), { onlyIfUnset: true })).toBeUndefined();
      expect(await r.pacticipants.find('Foo')).toEqual({ name: 'Foo', displayName: 'Foo', mainBranch: 'develop', createdAt: at(1) });
      expect(await r.pacticipants.update('Foo', { repositoryName: 'foo' }, at(3), { onlyIfUnset: true })).toMatchObject({ repositoryName: 'foo', mainBranch: 'develop', updatedAt: at(3) });
    },
  ],
  [
    "pacticipants: deletePartition removes the pacticipant and its branches, not its versions or their branch memberships",
    async (r) => {
      await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Foo', createdAt: at(0) });
      const v1 = await version(r, 'Foo', '1');
      await r.versions.addBranchVersion(v1, 'main', at(1));
      await r.pacticipants.deletePartition('Foo');
      await r.pacticipants.deletePartition('Foo');
      expect(await r.pacticipants.find('Foo')).toBeUndefined();
      expect(await r.versions.findBranch('Foo', 'main')).toBeUndefined();
      expect(await r.versions.listBranches('Foo')).toEqual([]);
      expect(await r.versions.find('Foo', '1')).toEqual(v1);
      expect(await r.versions.findBranchHead('Foo', 'main')).toMatchObject({ version: '1' });
    },
  ],
  [
    'answers are copies: mutating one changes nothing stored',
    async (r) => {
      const created = (await r.pacticipants.createIfMissing({ name: 'Foo', displayName: 'Foo', createdAt: at(0) })).pacticipant as { displayName: string };
      created.displayName = 'changed';
      const found = (await r.pacticipants.find('Foo')) as { displayName: string };
      found.displayName = 'changed too';
      await r.environments.create(environment('e1', 'test', { contacts: [{ name: 'Team', details: { email: 'a@b' } }] }));
      const listed = (await r.environments.list())[0] as unknown as { contacts: { name: string }[] };
      (listed.contacts[0] as { name: string }).name = 'mutated';
      expect(await r.pacticipants.find('Foo')).toMatchObject({ displayName: 'Foo' });
      expect(await r.environments.find('e1')).toMatchObject({ contacts: [{ name: 'Team', details: { email: 'a@b' } }] });
    },
  ],

  // Versions
  [
    'versions: createIfMissing takes the next tenant sequence number only when it creates',
    async (r) => {
      expect(await r.versions.find('Foo', '1')).toBeUndefined();
      expect(await r.versions.createIfMissing('Foo', '1', { buildUrl: 'https://ci/1' }, at(1))).toEqual({ created: true, version: { pacticipant: 'Foo', number: '1', order: 1, buildUrl: 'https://ci/1', createdAt: at(1) } });
      expect(await r.versions.createIfMissing('Foo', '1', { buildUrl: 'https://ci/other' }, at(2))).toEqual({ created: false, version: { pacticipant: 'Foo', number: '1', order: 1, buildUrl: 'https://ci/1', createdAt: at(1) } });
      expect((await version(r, 'Bar', '1')).order).toBe(2);
      expect(await r.tenant.nextSequence()).toBe(3);
      expect((await version(r, 'Foo', '2')).order).toBe(4);
    },
  ],
  [
    'versions: updateBuildUrl sets or removes it and stamps updatedAt; a missing version is refused',
    async (r) => {
      await version(r, 'Foo', '1');
      expect(await r.versions.updateBuildUrl('Foo', '1', 'https://ci/1', at(3))).toEqual({ pacticipant: 'Foo', number: '1', order: 1, buildUrl: 'https://ci/1', createdAt: at(0), updatedAt: at(3) });
      expect(await r.versions.updateBuildUrl('Foo', '1', null, at(4))).toEqual({ pacticipant: 'Foo', number: '1', order: 1, createdAt: at(0), updatedAt: at(4) });
      await expect(r.versions.updateBuildUrl('Foo', '2', 'https://ci/2', at(5))).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
      expect(await r.versions.find('Foo', '2')).toBeUndefined();
    },
  ],
  [
    'versions: findLatest is the newest by creation order, or the newest tagged version (tagging order does not matter)',
    async (r) => {
      expect(await r.versions.findLatest('Foo')).toBeUndefined();
      const [v1, v2, v3] = [await version(r, 'Foo', '1'), await version(r, 'Foo', '2'), await version(r, 'Foo', '3')];
      await r.versions.putTagIfMissing(v2, 'prod', at(1));
      await r.versions.putTagIfMissing(v1, 'prod', at(2));
      expect(await r.versions.findLatest('Foo')).toEqual(v3);
      expect(await r.versions.findLatest('Foo', 'prod')).toEqual(v2);
      expect(await r.versions.findLatest('Foo', 'dev')).toBeUndefined();
      expect(await r.versions.findLatest('Bar')).toBeUndefined();
    },
  ],
  [
    'versions: list is newest first, at most limit; listWith a tag or branch is newest first by version order',
    async (r) => {
      const vs = [];
      for (const n of ['1', '2', '3', '4']) vs.push(await version(r, 'Foo', n));
      expect(numbers(await r.versions.list('Foo', 10))).toEqual(['4', '3', '2', '1']);
      expect(numbers(await r.versions.list('Foo', 2))).toEqual(['4', '3']);
      expect(await r.versions.list('Bar', 5)).toEqual([]);
      // Added to the branch and tagged in another order than created.
      for (const v of [vs[2], vs[0], vs[3]] as Version[]) {
        await r.versions.addBranchVersion(v, 'main', at(9));
        await r.versions.putTagIfMissing(v, 'dev', at(9));
      }
      expect(numbers(await r.versions.listWith('Foo', { branch: 'main' }))).toEqual(['4', '3', '1']);
      expect(numbers(await r.versions.listWith('Foo', { tag: 'dev' }))).toEqual(['4', '3', '1']);
      expect(await r.versions.listWith('Foo', { tag: 'none' })).toEqual([]);
      // Older than a version, newest first, at most limit (the previous pact of a tag is looked for there).
      expect(numbers(await r.versions.listTaggedBefore('Foo', 'dev', (vs[3] as Version).order, 10))).toEqual(['3', '1']);
      expect(numbers(await r.versions.listTaggedBefore('Foo', 'dev', (vs[3] as Version).order, 1))).toEqual(['3']);
      expect(await r.versions.listTaggedBefore('Foo', 'dev', (vs[0] as Version).order, 10)).toEqual([]);
    },
  ],
  [
    'versions: a limit below 1 is refused',
    async (r) => {
      await version(r, 'Foo', '1');
      await expect(r.versions.list('Foo', 0)).rejects.toThrow();
      await expect(r.versions.pageNumbers('Foo', 0)).rejects.toThrow();
    },
  ],
  [
    'versions: pageNumbers walks every version newest first; a full page has a continuation, even the last one',
    async (r) => {
      for (const n of ['1', '2', '3', '4', '5']) await version(r, 'Foo', n);
      const first = await r.versions.pageNumbers('Foo', 2);
      expect(first.numbers).toEqual(['5', '4']);
      const second = await r.versions.pageNumbers('Foo', 2, first.next);
      expect(second.numbers).toEqual(['3', '2']);
      const third = await r.versions.pageNumbers('Foo', 2, second.next);
      expect(third).toEqual({ numbers: ['1'] });
      const exact = await r.versions.pageNumbers('Foo', 5);
      expect(exact.numbers).toEqual(['5', '4', '3', '2', '1']);
      expect(exact.next).toBeDefined();
      expect(await r.versions.pageNumbers('Foo', 5, exact.next)).toEqual({ numbers: [] });
      expect(await r.versions.pageNumbers('Bar', 5)).toEqual({ numbers: [] });
    },
  ],
  [
    'versions: pageNumbers continues where it stopped when the versions of the page were deleted meanwhile',
    async (r) => {
      for (const n of ['1', '2', '3']) await version(r, 'Foo', n);
      const first = await r.versions.pageNumbers('Foo', 2);
      for (const n of first.numbers) await r.versions.deletePartition('Foo', n);
      expect((await r.versions.pageNumbers('Foo', 2, first.next)).numbers).toEqual(['1']);
    },
  ],
  [
    'versions: findMany answers the existing ones, each once',
    async (r) => {
      const [v1, v2] = [await version(r, 'Foo', '1'), await version(r, 'Bar', '1')];
      const found = await r.versions.findMany([{ pacticipant: 'Foo', number: '1' }, { pacticipant: 'Foo', number: '9' }, { pacticipant: 'Bar', number: '1' }, { pacticipant: 'Foo', number: '1' }]);
      expect(bySortKey(found, (v) => v.pacticipant)).toEqual([v2, v1]);
      expect(await r.versions.findMany([])).toEqual([]);
    },
  ],
  [
    'versions: findDetails has the tags, branches (with whether it heads each) and pacts, each by name',
    async (r) => {
      expect(await r.versions.findDetails('Foo', '1')).toBeUndefined();
      const [v1, v2] = [await version(r, 'Foo', '1'), await version(r, 'Foo', '2')];
      await r.versions.putTagIfMissing(v1, 'prod', at(1));
      await r.versions.putTagIfMissing(v1, 'dev', at(2));
      await r.versions.addBranchVersion(v1, 'main', at(3));
      await r.versions.addBranchVersion(v1, 'feat', at(3));
      await r.versions.addBranchVersion(v2, 'main', at(4));
      await r.pacts.putPublication(publication('1', 1, { provider: 'Zed' }), undefined);
      await r.pacts.putPublication(publication('1', 1, { provider: 'Bar' }), undefined);
      const details = await r.versions.findDetails('Foo', '1');
      expect(details).toEqual({
        version: v1,
        tags: [
          { pacticipant: 'Foo', version: '1', name: 'dev', versionOrder: 1, createdAt: at(2) },
          { pacticipant: 'Foo', version: '1', name: 'prod', versionOrder: 1, createdAt: at(1) },
        ],
        branches: [
          { pacticipant: 'Foo', branch: 'feat', version: '1', sequence: 4, createdAt: at(3), latest: true },
          { pacticipant: 'Foo', branch: 'main', version: '1', sequence: 3, createdAt: at(3), latest: false },
        ],
        pacts: [publication('1', 1, { provider: 'Bar' }), publication('1', 1, { provider: 'Zed' })],
      });
    },
  ],
  [
    'tags: putTagIfMissing is idempotent (the first tag stays); deleteTag says whether there was one',
    async (r) => {
      const v1 = await version(r, 'Foo', '1');
      expect(await r.versions.findTag('Foo', '1', 'prod')).toBeUndefined();
      expect(await r.versions.putTagIfMissing(v1, 'prod', at(1))).toEqual({ created: true, tag: { pacticipant: 'Foo', version: '1', name: 'prod', versionOrder: 1, createdAt: at(1) } });
      expect(await r.versions.putTagIfMissing(v1, 'prod', at(2))).toEqual({ created: false, tag: { pacticipant: 'Foo', version: '1', name: 'prod', versionOrder: 1, createdAt: at(1) } });
      expect(await r.versions.findTag('Foo', '1', 'prod')).toMatchObject({ createdAt: at(1) });
      expect(await r.versions.deleteTag('Foo', '1', 'prod')).toBe(true);
      expect(await r.versions.deleteTag('Foo', '1', 'prod')).toBe(false);
      expect(await r.versions.findLatest('Foo', 'prod')).toBeUndefined();
    },
  ],
  [
    'branches: the head is the version added to the branch last (its membership sequence), not the newest version',
    async (r) => {
      const [v1, v2] = [await version(r, 'Foo', '1'), await version(r, 'Foo', '2')];
      expect(await r.versions.findBranchHead('Foo', 'main')).toBeUndefined();
      expect(await r.versions.addBranchVersion(v2, 'main', at(5))).toEqual({ created: true, branchVersion: { pacticipant: 'Foo', branch: 'main', version: '2', sequence: 3, createdAt: at(5) } });
      expect(await r.versions.addBranchVersion(v1, 'main', at(6))).toEqual({ created: true, branchVersion: { pacticipant: 'Foo', branch: 'main', version: '1', sequence: 4, createdAt: at(6) } });
      expect(await r.versions.findBranchHead('Foo', 'main')).toMatchObject({ version: '1' });
      // Re-adding changes nothing: the head stays, no sequence number is taken.
      expect(await r.versions.addBranchVersion(v2, 'main', at(7))).toEqual({ created: false, branchVersion: { pacticipant: 'Foo', branch: 'main', version: '2', sequence: 3, createdAt: at(5) } });
      expect(await r.versions.findBranchHead('Foo', 'main')).toMatchObject({ version: '1' });
      expect(await r.tenant.nextSequence()).toBe(5);
      expect(await r.versions.findBranch('Foo', 'main')).toEqual({ pacticipant: 'Foo', name: 'main', createdAt: at(5) });
    },
  ],
  [
    'branches: listBranches is by (escaped) name; memberships and branches delete as reported',
    async (r) => {
      const [v1, v2] = [await version(r, 'Foo', '1'), await version(r, 'Foo', '2')];
      await Promise.all(['main', 'feat#2', 'feat 1', 'feat%1', 'Main'].map((branch) => r.versions.addBranchVersion(v1, branch, at(1))));
      // Escaped, `feat#2` is `feat%232` and `feat%1` is `feat%251`.
      expect((await r.versions.listBranches('Foo')).map((b) => b.name)).toEqual(['Main', 'feat 1', 'feat#2', 'feat%1', 'main']);
      await r.versions.addBranchVersion(v2, 'main', at(2));
      expect(await r.versions.findBranchVersion('Foo', 'main', '2')).toMatchObject({ version: '2' });
      expect(await r.versions.findBranchVersion('Foo', 'main', '3')).toBeUndefined();
      expect(await r.versions.deleteBranchVersion('Foo', 'main', '2')).toBe(true);
      expect(await r.versions.deleteBranchVersion('Foo', 'main', '2')).toBe(false);
      expect(await r.versions.findBranchHead('Foo', 'main')).toMatchObject({ version: '1' });
      expect(await r.versions.deleteBranch('Foo', 'main')).toBe(true);
      expect(await r.versions.deleteBranch('Foo', 'main')).toBe(false);
      expect(await r.versions.findBranchHead('Foo', 'main')).toBeUndefined();
      expect(await r.versions.findBranchVersion('Foo', 'main', '1')).toBeUndefined();
      expect(await r.versions.find('Foo', '1')).toEqual(v1);
      // A branch item gone but a membership left (as a pacticipant deletion cut off would leave): still reported deleted.
      await r.versions.addBranchVersion(v1, 'rel', at(3));
      await r.pacticipants.deletePartition('Foo');
      expect(await r.versions.deleteBranch('Foo', 'rel')).toBe(true);
      expect(await r.versions.findBranchHead('Foo', 'rel')).toBeUndefined();
    },
  ],
  [
    'versions: deletePartition removes the version with its tags, memberships, pacts and provider contract, nothing else',
    async (r) => {
      const [v1, v2] = [await version(r, 'Foo', '1'), await version(r, 'Foo', '2')];
      for (const v of [v1, v2]) {
        await r.versions.putTagIfMissing(v, 'prod', at(1));
        await r.versions.addBranchVersion(v, 'main', at(1));
        await r.pacts.putPublication(publication(v.number, v.order), undefined);
        await r.providerContracts.put(contract(v.number, `oas-${v.number}`, { provider: 'Foo' }));
      }
      await r.versions.deletePartition('Foo', '2');
      await r.versions.deletePartition('Foo', '2');
      expect(await r.versions.find('Foo', '2')).toBeUndefined();
      expect(await r.versions.findTag('Foo', '2', 'prod')).toBeUndefined();
      expect(await r.versions.findBranchVersion('Foo', 'main', '2')).toBeUndefined();
      expect(await r.pacts.findPublication('Foo', '2', 'Bar')).toBeUndefined();
      expect(await r.providerContracts.find('Foo', '2')).toBeUndefined();
      expect(await r.versions.findLatest('Foo', 'prod')).toEqual(v1);
      expect(await r.versions.findBranchHead('Foo', 'main')).toMatchObject({ version: '1' });
      expect(await r.pacts.findLatestPublication('Foo', 'Bar')).toEqual(publication('1', 1));
      expect(await r.providerContracts.find('Foo', '1')).toBeDefined();
      expect(await r.versions.findBranch('Foo', 'main')).toBeDefined();
    },
  ],

  // Pacts: content
  [
    'pact content: stored once (the first copy stays), listed by hash, absent is undefined',
    async (r) => {
      expect(await r.pacts.findPactVersion('Foo', 'Bar', 'b')).toBeUndefined();
      expect(await r.pacts.findPactContent('Foo', 'Bar', 'b')).toBeUndefined();
      const big = JSON.stringify({ interactions: Array.from({ length: 2000 }, (_, i) => ({ description: `d${i}`, body: 'x'.repeat(200) })) });
      await r.pacts.putPactContent({ consumer: 'Foo', provider: 'Bar', sha: 'b', createdAt: at(1) }, big);
      await r.pacts.putPactContent({ consumer: 'Foo', provider: 'Bar', sha: 'b', createdAt: at(2) }, '{"other":true}');
      await r.pacts.putPactContent({ consumer: 'Foo', provider: 'Bar', sha: 'a', createdAt: at(3) }, '{}');
      await r.pacts.putPactContent({ consumer: 'Foo', provider: 'Baz', sha: 'c', createdAt: at(3) }, '{}');
      expect(pactVersionFields(await r.pacts.findPactVersion('Foo', 'Bar', 'b'))).toEqual({ consumer: 'Foo', provider: 'Bar', sha: 'b', createdAt: at(1) });
      expect(await r.pacts.findPactContent('Foo', 'Bar', 'b')).toBe(big);
      expect(await r.pacts.listPactVersionShas('Foo', 'Bar')).toEqual(['a', 'b']);
      expect(await r.pacts.listPactVersionShas('Bar', 'Foo')).toEqual([]);
    },
  ],
  [
    'pact content: deletePactVersion removes the content, its results, latest results and markers; publications stay',
    async (r) => {
      await r.pacts.putPactContent({ consumer: 'Foo', provider: 'Bar', sha: 'sha-1', createdAt: at(1) }, '{}');
      await r.pacts.putPactContent({ consumer: 'Foo', provider: 'Bar', sha: 'sha-2', createdAt: at(1) }, '{}');
      await r.pacts.putPublication(publication('1', 1), undefined);
      await r.verifications.put(verification(1), undefined);
      await r.verifications.put(verification(2, { sha: 'sha-2' }), undefined);
      await r.verifications.markVerified('Foo', 'Bar', 'sha-1', 'any', at(1), 'p1');
      await r.pacts.deletePactVersion('Foo', 'Bar', 'sha-1');
      await r.pacts.deletePactVersion('Foo', 'Bar', 'sha-1');
      expect(await r.pacts.findPactVersion('Foo', 'Bar', 'sha-1')).toBeUndefined();
      expect(await r.verifications.find('Foo', 'Bar', 'sha-1', 1)).toBeUndefined();
      expect(await r.verifications.listLatestOfPactVersion('Foo', 'Bar', 'sha-1')).toEqual([]);
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', 'any')).toBeUndefined();
      expect(await r.verifications.hasAny('Bar', 'p1')).toBe(true);
      expect(await r.verifications.listOfProviderVersion('Bar', 'p1')).toEqual([verification(2, { sha: 'sha-2' })]);
      expect(await r.pacts.findPublication('Foo', '1', 'Bar')).toEqual(publication('1', 1));
      expect(await r.pacts.listPactVersionShas('Foo', 'Bar')).toEqual(['sha-2']);
    },
  ],

  // Pacts: publications
  [
    'publications: putPublication is conditional on the revision read (or on there being none)',
    async (r) => {
      expect(await r.pacts.findPublication('Foo', '1', 'Bar')).toBeUndefined();
      await conflict(r.pacts.putPublication(publication('1', 1), 1));
      await r.pacts.putPublication(publication('1', 1), undefined);
      await conflict(r.pacts.putPublication(publication('1', 1, { sha: 'x' }), undefined));
      await conflict(r.pacts.putPublication(publication('1', 1, { sha: 'x', revision: 3 }), 2));
      expect(await r.pacts.findPublication('Foo', '1', 'Bar')).toEqual(publication('1', 1));
      await r.pacts.putPublication(publication('1', 1, { sha: 'x', revision: 2, updatedAt: at(9) }), 1);
      expect(await r.pacts.findPublication('Foo', '1', 'Bar')).toEqual(publication('1', 1, { sha: 'x', revision: 2, updatedAt: at(9) }));
      await conflict(r.pacts.putPublication(publication('1', 1, { revision: 3 }), 1));
    },
  ],
  [
    'publications: latest and listings of an integration go by consumer version order, not by writing order',
    async (r) => {
      for (const [number, order] of [['3', 30], ['1', 10], ['4', 40], ['2', 20]] as const) await r.pacts.putPublication(publication(number, order), undefined);
      await r.pacts.putPublication(publication('9', 90, { provider: 'Other' }), undefined);
      expect(await r.pacts.findLatestPublication('Foo', 'Bar')).toEqual(publication('4', 40));
      expect(await r.pacts.findLatestPublication('Foo', 'None')).toBeUndefined();
      expect((await r.pacts.listPublicationsOfIntegration('Foo', 'Bar', 3)).map((p) => p.consumerVersion)).toEqual(['4', '3', '2']);
      expect((await r.pacts.listPublicationsOfIntegration('Foo', 'Bar', 100)).map((p) => p.consumerVersion)).toEqual(['4', '3', '2', '1']);
      expect((await r.pacts.newestPublicationsOfIntegration('Foo', 'Bar', 2)).map((p) => p.consumerVersion)).toEqual(['4', '3']);
      expect(bySortKey(await r.pacts.listAllPublicationsOfIntegration('Foo', 'Bar'), (p) => p.consumerVersion)).toEqual(['1', '2', '3', '4'].map((n) => publication(n, Number(n) * 10)));
      expect(await r.pacts.listAllPublicationsOfIntegration('Bar', 'Foo')).toEqual([]);
    },
  ],
  [
    "publications: a consumer version's pacts are by provider name; findPublications answers the existing ones once",
    async (r) => {
      for (const provider of ['Zed', 'Bar', 'Bar#2', 'Bar 2']) await r.pacts.putPublication(publication('1', 1, { provider }), undefined);
      expect((await r.pacts.listPublicationsOfConsumerVersion('Foo', '1')).map((p) => p.provider)).toEqual(['Bar', 'Bar 2', 'Bar#2', 'Zed']);
      expect(await r.pacts.listPublicationsOfConsumerVersion('Foo', '2')).toEqual([]);
      const found = await r.pacts.findPublications([
        { consumer: 'Foo', consumerVersion: '1', provider: 'Zed' },
        { consumer: 'Foo', consumerVersion: '1', provider: 'Bar' },
        { consumer: 'Foo', consumerVersion: '2', provider: 'Bar' },
        { consumer: 'Foo', consumerVersion: '1', provider: 'Bar' },
      ]);
      expect(bySortKey(found, (p) => p.provider)).toEqual([publication('1', 1, { provider: 'Bar' }), publication('1', 1, { provider: 'Zed' })]);
      expect(await r.pacts.findPublications([])).toEqual([]);
    },
  ],
  [
    'publications: whether another consumer version published the same content; deletePublications',
    async (r) => {
      await r.pacts.putPublication(publication('1', 1, { sha: 's' }), undefined);
      expect(await r.pacts.isPactVersionPublishedElsewhere(publication('1', 1, { sha: 's' }))).toBe(false);
      await r.pacts.putPublication(publication('2', 2, { sha: 's' }), undefined);
      await r.pacts.putPublication(publication('3', 3, { sha: 't' }), undefined);
      expect(await r.pacts.isPactVersionPublishedElsewhere(publication('1', 1, { sha: 's' }))).toBe(true);
      expect(await r.pacts.isPactVersionPublishedElsewhere(publication('3', 3, { sha: 't' }))).toBe(false);
      await r.pacts.deletePublications([publication('2', 2), publication('7', 7)]);
      await r.pacts.deletePublications([]);
      expect(await r.pacts.isPactVersionPublishedElsewhere(publication('1', 1, { sha: 's' }))).toBe(false);
      expect(await r.pacts.findPublication('Foo', '2', 'Bar')).toBeUndefined();
    },
  ],
  [
    'integrations: ensured once (the first stays), listed by consumer then provider as keyed, deleted',
    async (r) => {
      for (const [consumer, provider] of [['a', 'x'], ['a!', 'x'], ['a', 'w'], ['A', 'z'], ['a', 'x']]) await r.pacts.ensureIntegration({ consumer: consumer as string, provider: provider as string, createdAt: at(consumer === 'a' && provider === 'x' ? 1 : 2) });
      await r.pacts.ensureIntegration({ consumer: 'a', provider: 'x', createdAt: at(9) });
      // The key is consumer#P#provider, so `a!` (0x21) sorts before `a` followed by the separator (0x23).
      expect(await r.pacts.listIntegrations()).toEqual([
        { consumer: 'A', provider: 'z', createdAt: at(2) },
        { consumer: 'a!', provider: 'x', createdAt: at(2) },
        { consumer: 'a', provider: 'w', createdAt: at(2) },
        { consumer: 'a', provider: 'x', createdAt: at(1) },
      ]);
      await r.pacts.deleteIntegration('a', 'x');
      await r.pacts.deleteIntegration('a', 'x');
      expect((await r.pacts.listIntegrations()).length).toBe(3);
    },
  ],

  // Verifications
  [
    'verifications: put and find (with test results as bytes); absent is undefined',
    async (r) => {
      expect(await r.verifications.find('Foo', 'Bar', 'sha-1', 1)).toBeUndefined();
      await r.verifications.put(verification(1, { buildUrl: 'https://ci/1', verifiedBy: { implementation: 'pact-js', version: '1' } }), new Uint8Array([1, 2, 3]));
      await r.verifications.put(verification(2), undefined);
      const found = await r.verifications.find('Foo', 'Bar', 'sha-1', 1);
      expect(found).toEqual({ ...verification(1, { buildUrl: 'https://ci/1', verifiedBy: { implementation: 'pact-js', version: '1' } }), testResults: new Uint8Array([1, 2, 3]) });
      expect(found?.testResults).toBeInstanceOf(Uint8Array);
      expect(await r.verifications.find('Foo', 'Bar', 'sha-1', 2)).toEqual(verification(2));
    },
  ],
  [
    'verifications: the latest of a provider version is the highest number; an equal number replaces the result but not the latest',
    async (r) => {
      await r.verifications.put(verification(5, { success: false }), undefined);
      await r.verifications.put(verification(3), undefined);
      const request = { consumer: 'Foo', provider: 'Bar', sha: 'sha-1', providerVersion: 'p1' };
      const missing = { ...request, providerVersion: 'p9' };
      expect(await r.verifications.findLatest([request, missing])).toEqual(new Map([[latestVerificationRequestKey(request), { number: 5, providerVersion: 'p1', success: false, verifiedAt: at(5) }]]));
      await r.verifications.put(verification(5, { success: true, verifiedAt: at(55) }), new Uint8Array([9]));
      expect(await r.verifications.find('Foo', 'Bar', 'sha-1', 5)).toEqual({ ...verification(5, { verifiedAt: at(55) }), testResults: new Uint8Array([9]) });
      expect((await r.verifications.findLatest([request])).get(latestVerificationRequestKey(request))).toEqual({ number: 5, providerVersion: 'p1', success: false, verifiedAt: at(5) });
      await r.verifications.put(verification(6), undefined);
      expect((await r.verifications.findLatest([request])).get(latestVerificationRequestKey(request))).toMatchObject({ number: 6, success: true });
      expect(await r.verifications.findLatest([])).toEqual(new Map());
    },
  ],
  [
    'verifications: latest per provider version (by provider version key), any results of a provider version (by number)',
    async (r) => {
      await r.verifications.put(verification(4, { providerVersion: 'p#2' }), undefined);
      await r.verifications.put(verification(2, { providerVersion: 'p 2' }), undefined);
      await r.verifications.put(verification(1, { providerVersion: 'p1' }), new Uint8Array([1]));
      await r.verifications.put(verification(3, { providerVersion: 'p1', sha: 'sha-2' }), undefined);
      expect((await r.verifications.listLatestOfPactVersion('Foo', 'Bar', 'sha-1')).map((l) => l.providerVersion)).toEqual(['p 2', 'p#2', 'p1']);
      expect(await r.verifications.listLatestOfPactVersion('Foo', 'Bar', 'sha-9')).toEqual([]);
      expect(await r.verifications.hasAny('Bar', 'p1')).toBe(true);
      expect(await r.verifications.hasAny('Bar', 'p9')).toBe(false);
      expect(await r.verifications.listOfProviderVersion('Bar', 'p1')).toEqual([verification(1), verification(3, { sha: 'sha-2' })]);
      expect(await r.verifications.listOfProviderVersion('Bar', 'p9')).toEqual([]);
    },
  ],
  [
    "verifications: delete removes the results and their provider versions' latest items (whichever result those name)",
    async (r) => {
      await r.verifications.put(verification(1), undefined);
      await r.verifications.put(verification(2), undefined);
      await r.verifications.put(verification(3, { providerVersion: 'p2' }), undefined);
      await r.verifications.markVerified('Foo', 'Bar', 'sha-1', 'any', at(1), 'p1');
      await r.verifications.delete([verification(1)]);
      expect(await r.verifications.find('Foo', 'Bar', 'sha-1', 1)).toBeUndefined();
      expect(await r.verifications.find('Foo', 'Bar', 'sha-1', 2)).toEqual(verification(2));
      expect((await r.verifications.listLatestOfPactVersion('Foo', 'Bar', 'sha-1')).map((l) => l.providerVersion)).toEqual(['p2']);
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', 'any')).toBe(at(1));
      await r.verifications.delete([]);
    },
  ],
  [
    'verifications: markVerified keeps the first time per scope; scopes are separate',
    async (r) => {
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', 'any')).toBeUndefined();
      await r.verifications.markVerified('Foo', 'Bar', 'sha-1', 'any', at(1), 'p1');
      await r.verifications.markVerified('Foo', 'Bar', 'sha-1', 'any', at(0), 'p0');
      await r.verifications.markVerified('Foo', 'Bar', 'sha-1', { branch: 'main' }, at(2), 'p1');
      await r.verifications.markVerified('Foo', 'Bar', 'sha-1', { tag: 'main' }, at(3), 'p1');
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', 'any')).toBe(at(1));
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', { branch: 'main' })).toBe(at(2));
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', { tag: 'main' })).toBe(at(3));
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-1', { branch: 'feat' })).toBeUndefined();
      expect(await r.verifications.findVerifiedSince('Foo', 'Bar', 'sha-2', 'any')).toBeUndefined();
    },
  ],

  // Environments
  [
    'environments: created with a unique name (and uuid); listed by uuid; absent is undefined',
    async (r) => {
      expect(await r.environments.find('e1')).toBeUndefined();
      await r.environments.create(environment('e2', 'test'));
      await r.environments.create(environment('e1', 'production', { production: true, contacts: [{ name: 'Ops' }] }));
      await conflict(r.environments.create(environment('e3', 'test')));
      await conflict(r.environments.create(environment('e1', 'other')));
      expect(await r.environments.list()).toEqual([environment('e1', 'production', { production: true, contacts: [{ name: 'Ops' }] }), environment('e2', 'test')]);
      expect(await r.environments.find('e3')).toBeUndefined();
      await r.environments.create(environment('e4', 'other'));
      expect((await r.environments.list()).map((x) => x.uuid)).toEqual(['e1', 'e2', 'e4']);
    },
  ],
  [
    'environments: replace moves the name lock on a rename; conflicts on a taken name, a stale read or a vanished environment',
    async (r) => {
      const test = environment('e1', 'test');
      await r.environments.create(test);
      await r.environments.create(environment('e2', 'production'));
      const retitled = { ...test, displayName: 'Testing', updatedAt: at(1) };
      await r.environments.replace(test, retitled);
      expect(await r.environments.find('e1')).toEqual(retitled);
      await conflict(r.environments.replace(retitled, { ...retitled, name: 'production' }));
      const renamed = { ...retitled, name: 'uat' };
      await r.environments.replace(retitled, renamed);
      await conflict(r.environments.replace(retitled, { ...retitled, displayName: 'stale' }));
      await r.environments.create(environment('e3', 'test'));
      await conflict(r.environments.create(environment('e4', 'uat')));
      // A change of another field since `previous` was read is a conflict too (no lost update).
      await conflict(r.environments.replace({ ...renamed, displayName: 'read long ago' }, { ...renamed, displayName: 'last writer wins' }));
      await conflict(r.environments.replace({ ...renamed, updatedAt: at(0) }, { ...renamed, displayName: 'from an older read' }));
      expect(await r.environments.find('e1')).toEqual(renamed);
      await conflict(r.environments.replace(environment('e9', 'x'), environment('e9', 'x')));
      expect(await r.environments.find('e9')).toBeUndefined();
    },
  ],
  [
    'environments: delete frees the name; deleting again is a conflict',
    async (r) => {
      const test = environment('e1', 'test');
      await r.environments.create(test);
      await conflict(r.environments.delete({ ...test, name: 'wrong' }));
      await r.environments.delete(test);
      expect(await r.environments.find('e1')).toBeUndefined();
      await conflict(r.environments.delete(test));
      await r.environments.create(environment('e2', 'test'));
      expect((await r.environments.list()).map((x) => x.uuid)).toEqual(['e2']);
    },
  ],

  // Deployments
  [
    'deployments: a first deployment creates the record and the slot pointer',
    async (r) => {
      expect(await r.deployments.findCurrent({ pacticipant: 'Foo', environmentUuid: 'e1' })).toBeUndefined();
      expect(await r.deployments.find('d1')).toBeUndefined();
      const record = await deploy(r, 'd1', 'Foo', '1', 'e1', 1);
      expect(await r.deployments.find('d1')).toEqual({ uuid: 'd1', pacticipant: 'Foo', version: '1', environmentUuid: 'e1', createdAt: at(1) });
      expect(await r.deployments.findCurrent({ pacticipant: 'Foo', environmentUuid: 'e1' })).toEqual({ deployedVersionUuid: 'd1', pacticipant: 'Foo', version: '1', environmentUuid: 'e1', createdAt: at(1) });
      expect(await r.deployments.listCurrent('e1')).toEqual([{ deployedVersionUuid: 'd1', pacticipant: 'Foo', version: '1', environmentUuid: 'e1', createdAt: at(1) }]);
      expect(await r.deployments.listOfVersion('Foo', '1')).toEqual([record]);
      expect(await r.deployments.listCurrent('e2')).toEqual([]);
    },
  ],
  [
    'deployments: a replacing deployment ends the previous record (at its own time) and moves the pointer',
    async (r) => {
      await deploy(r, 'd1', 'Foo', '1', 'e1', 1);
      await deploy(r, 'd2', 'Foo', '2', 'e1', 2);
      expect(await r.deployments.find('d1')).toEqual({ uuid: 'd1', pacticipant: 'Foo', version: '1', environmentUuid: 'e1', createdAt: at(1), undeployedAt: at(2), updatedAt: at(2) });
      expect(await r.deployments.findCurrent({ pacticipant: 'Foo', environmentUuid: 'e1' })).toMatchObject({ deployedVersionUuid: 'd2', version: '2' });
      await deploy(r, 'd3', 'Foo', '1', 'e1', 3);
      expect((await r.deployments.listOfVersion('Foo', '1')).map((d) => [d.uuid, d.undeployedAt ?? null])).toEqual([['d1', at(2)], ['d3', null]]);
    },
  ],
  [
    'deployments: commit conflicts unless the slot is as the plan saw it, and then changes nothing',
    async (r) => {
      const slot = { pacticipant: 'Foo', environmentUuid: 'e1' };
      await r.deployments.commit(deployPlan(slot, '1', undefined, 'd1', 1));
      // Planned against an empty slot, but the slot is taken now.
      await conflict(r.deployments.commit(deployPlan(slot, '2', undefined, 'd2', 2)));
      // The same record uuid again.
      const current = await r.deployments.findCurrent(slot);
      await conflict(r.deployments.commit(deployPlan(slot, '2', current, 'd1', 3)));
      // Replacing what is no longer current.
      await r.deployments.commit(deployPlan(slot, '3', current, 'd3', 4));
      await conflict(r.deployments.commit(deployPlan(slot, '4', current, 'd4', 5)));
      expect(await r.deployments.find('d2')).toBeUndefined();
      expect(await r.deployments.find('d4')).toBeUndefined();
      expect(await r.deployments.findCurrent(slot)).toMatchObject({ deployedVersionUuid: 'd3' });
      expect(await r.deployments.find('d1')).toMatchObject({ undeployedAt: at(4) });
    },
  ],
  [
    'deployments: replacing a record that was ended outside the pointer is a conflict',
    async (r) => {
      const slot = { pacticipant: 'Foo', environmentUuid: 'e1' };
      const record = await deploy(r, 'd1', 'Foo', '1', 'e1', 1);
      const current = await r.deployments.findCurrent(slot);
      await r.deployments.end(record, at(2));
      // The pointer is gone now, and so is the record's currentness: a plan that saw d1 must not go through.
      await conflict(r.deployments.commit(deployPlan(slot, '2', current, 'd2', 3)));
    },
  ],
  [
    'deployments: each application instance is a slot, "no instance" one of its own; listed newest first, ties in slot order',
    async (r) => {
      // Each in a slot of its own, so all at once.
      await Promise.all([
        deploy(r, 'd1', 'Foo', '1', 'e1', 1),
        deploy(r, 'd2', 'Foo', '2', 'e1', 1, 'b'),
        deploy(r, 'd3', 'Foo', '3', 'e1', 1, 'a'),
        deploy(r, 'd4', 'Foo Bar', '1', 'e1', 1),
        deploy(r, 'd5', 'Foo#x', '1', 'e1', 1),
        deploy(r, 'd6', 'Bar', '1', 'e1', 2),
        deploy(r, 'd7', 'Foo', '1', 'e2', 3),
      ]);
      // Ties: `Foo Bar`, then `Foo`'s instances before its no-instance slot, then `Foo#x` (escaped `Foo%23x`).
      expect((await r.deployments.listCurrent('e1')).map((d) => d.deployedVersionUuid)).toEqual(['d6', 'd4', 'd3', 'd2', 'd1', 'd5']);
      expect((await r.deployments.listCurrent('e1', 'Foo')).map((d) => [d.deployedVersionUuid, d.applicationInstance ?? null])).toEqual([['d3', 'a'], ['d2', 'b'], ['d1', null]]);
      expect(await r.deployments.findCurrent({ pacticipant: 'Foo', environmentUuid: 'e1', applicationInstance: 'a' })).toMatchObject({ version: '3', applicationInstance: 'a' });
      expect(await r.deployments.findCurrent({ pacticipant: 'Foo', environmentUuid: 'e1', applicationInstance: 'c' })).toBeUndefined();
      expect((await r.deployments.listOfVersion('Foo', '1')).map((d) => d.uuid)).toEqual(['d1', 'd7']);
      expect((await r.deployments.listOfVersion('Foo', '1', 'e2')).map((d) => d.uuid)).toEqual(['d7']);
      expect(await r.deployments.listOfVersion('Foo', '9')).toEqual([]);
    },
  ],
  [
    'deployments: end marks the record undeployed and frees its slot, once; a slot naming another record refuses it',
    async (r) => {
      const d1 = await deploy(r, 'd1', 'Foo', '1', 'e1', 1);
      await r.deployments.end(d1, at(5));
      expect(await r.deployments.find('d1')).toMatchObject({ undeployedAt: at(5), updatedAt: at(5) });
      expect(await r.deployments.findCurrent({ pacticipant: 'Foo', environmentUuid: 'e1' })).toBeUndefined();
      await conflict(r.deployments.end(d1, at(6)));
      await conflict(r.deployments.end({ ...d1, uuid: 'nope' }, at(6)));
      // A record still current by its own flag while the slot names another (only reachable by hand): refused.
      await deploy(r, 'd2', 'Foo', '2', 'e1', 7);
      await r.deployments.commit({ kind: 'deploy', record: { uuid: 'd3', pacticipant: 'Foo', version: '3', environmentUuid: 'e1', applicationInstance: 'x', createdAt: at(8) } });
      const d3 = (await r.deployments.find('d3')) as DeployedVersion;
      await conflict(r.deployments.end({ ...d3, applicationInstance: undefined } as DeployedVersion, at(9)));
      expect(await r.deployments.find('d3')).not.toHaveProperty('undeployedAt');
    },
  ],
  [
    'deployments: the history of an environment lists its records by latest event (deployment or undeployment), newest first, ties by uuid',
    async (r) => {
      await deploy(r, 'd1', 'Foo', '1', 'e1', 1);
      await deploy(r, 'd2', 'Bar', '1', 'e1', 2);
      // Replacing d1 moves it to its undeployment, at d3's time; ties go by uuid, descending.
      await deploy(r, 'd3', 'Foo', '2', 'e1', 3);
      await deploy(r, 'd4', 'Foo', '1', 'e2', 4);
      await r.deployments.end((await r.deployments.find('d2')) as DeployedVersion, at(5));
      await deploy(r, 'd5', 'Baz', '1', 'e1', 5, 'blue');
      const history = await r.deployments.listHistory('e1', 10);
      expect(history.map((d) => [d.uuid, d.undeployedAt ?? null])).toEqual([
        ['d5', null],
        ['d2', at(5)],
        ['d3', null],
        ['d1', at(3)],
      ]);
      expect(history[0]).toEqual({ uuid: 'd5', pacticipant: 'Baz', version: '1', environmentUuid: 'e1', applicationInstance: 'blue', createdAt: at(5) });
      expect((await r.deployments.listHistory('e1', 2)).map((d) => d.uuid)).toEqual(['d5', 'd2']);
      expect((await r.deployments.listHistory('e2', 10)).map((d) => d.uuid)).toEqual(['d4']);
      expect(await r.deployments.listHistory('e9', 10)).toEqual([]);
      await r.deployments.deleteOfVersion('Foo', '2');
      expect((await r.deployments.listHistory('e1', 10)).map((d) => d.uuid)).toEqual(['d5', 'd2', 'd1']);
    },
  ],
  [
    'deployments: deleting by environment, by version and the pointers of a pacticipant',
    async (r) => {
      await Promise.all([
        deploy(r, 'd1', 'Foo', '1', 'e1', 1).then(() => deploy(r, 'd2', 'Foo', '2', 'e1', 2)),
        deploy(r, 'd3', 'Foo', '1', 'e2', 3),
        deploy(r, 'd4', 'Foo', '1', 'e3', 4, 'i'),
        deploy(r, 'd5', 'Foo#x', '1', 'e3', 4),
        deploy(r, 'd6', 'Foo', '2', 'e3', 5),
      ]);
      // By version: its records go; a slot is freed only where it names one of them.
      await r.deployments.deleteOfVersion('Foo', '1');
      expect(await r.deployments.find('d1')).toBeUndefined();
      expect(await r.deployments.find('d3')).toBeUndefined();
      expect((await r.deployments.listCurrent('e1')).map((d) => d.deployedVersionUuid)).toEqual(['d2']);
      expect(await r.deployments.listCurrent('e2')).toEqual([]);
      expect((await r.deployments.listCurrent('e3')).map((d) => d.deployedVersionUuid)).toEqual(['d6', 'd5']);
      // The pointers of one pacticipant (not of a pacticipant whose name starts the same), records stay.
      await r.deployments.deleteCurrentOfPacticipant('e3', 'Foo');
      expect((await r.deployments.listCurrent('e3')).map((d) => d.deployedVersionUuid)).toEqual(['d5']);
      expect(await r.deployments.find('d6')).toBeDefined();
      // By environment: every record and pointer of it.
      await r.deployments.deleteOfEnvironment('e1');
      await r.deployments.deleteOfEnvironment('e1');
      expect(await r.deployments.find('d2')).toBeUndefined();
      expect(await r.deployments.listCurrent('e1')).toEqual([]);
      expect(await r.deployments.find('d5')).toBeDefined();
    },
  ],

  // Releases
  [
    'releases: create writes the record, its lock and the supported pointer; once per version and environment',
    async (r) => {
      expect(await r.releases.findOfVersion('Foo', '1', 'e1')).toBeUndefined();
      expect(await r.releases.find('r1')).toBeUndefined();
      await r.releases.create(release('r1', 'Foo', '1', 'e1', 1));
      await conflict(r.releases.create(release('r2', 'Foo', '1', 'e1', 2)));
      await conflict(r.releases.create(release('r1', 'Foo', '2', 'e1', 2)));
      expect(await r.releases.find('r2')).toBeUndefined();
      expect(await r.releases.findOfVersion('Foo', '1', 'e1')).toEqual(release('r1', 'Foo', '1', 'e1', 1));
      expect(await r.releases.findOfVersion('Foo', '1', 'e2')).toBeUndefined();
      expect(await r.releases.listCurrent('e1')).toEqual([{ releasedVersionUuid: 'r1', pacticipant: 'Foo', version: '1', versionOrder: 1, environmentUuid: 'e1', createdAt: at(1) }]);
      expect(await r.releases.listOfVersion('Foo', '1')).toEqual([release('r1', 'Foo', '1', 'e1', 1)]);
    },
  ],
  [
    'releases: support ends once (the pointer goes) and resumes on the same record (the pointer comes back)',
    async (r) => {
      const r1 = release('r1', 'Foo', '1', 'e1', 1);
      await r.releases.create(r1);
      await conflict(r.releases.resumeSupport(r1, at(2)));
      await r.releases.endSupport(r1, at(3));
      expect(await r.releases.find('r1')).toEqual({ ...r1, supportEndedAt: at(3), updatedAt: at(3) });
      expect(await r.releases.listCurrent('e1')).toEqual([]);
      await conflict(r.releases.endSupport(r1, at(4)));
      await r.releases.resumeSupport(r1, at(5));
      expect(await r.releases.find('r1')).toEqual({ ...r1, updatedAt: at(5) });
      expect(await r.releases.listCurrent('e1')).toEqual([{ releasedVersionUuid: 'r1', pacticipant: 'Foo', version: '1', versionOrder: 1, environmentUuid: 'e1', createdAt: at(1) }]);
      await conflict(r.releases.endSupport({ ...r1, uuid: 'nope' }, at(6)));
      await conflict(r.releases.resumeSupport({ ...r1, uuid: 'nope' }, at(6)));
    },
  ],
  [
    'releases: listed newest first, ties by pacticipant and version as keyed; by version, by environment then time',
    async (r) => {
      await r.releases.create(release('r1', 'Foo', '2', 'e1', 1));
      await r.releases.create(release('r2', 'Foo', '10', 'e1', 1));
      await r.releases.create(release('r3', 'Foo Bar', '1', 'e1', 1));
      await r.releases.create(release('r4', 'Bar', '1', 'e1', 2));
      await r.releases.create(release('r5', 'Foo', '2', 'e0', 3));
      expect((await r.releases.listCurrent('e1')).map((x) => x.releasedVersionUuid)).toEqual(['r4', 'r3', 'r2', 'r1']);
      expect((await r.releases.listCurrent('e1', 'Foo')).map((x) => x.releasedVersionUuid)).toEqual(['r2', 'r1']);
      expect((await r.releases.listOfVersion('Foo', '2')).map((x) => x.uuid)).toEqual(['r5', 'r1']);
      expect((await r.releases.listOfVersion('Foo', '2', 'e1')).map((x) => x.uuid)).toEqual(['r1']);
    },
  ],
  [
    'releases: deleting by environment, by version, and the entries of a pacticipant (with the records its locks name)',
    async (r) => {
      await r.releases.create(release('r1', 'Foo', '1', 'e1', 1));
      await r.releases.create(release('r2', 'Foo', '2', 'e1', 2));
      await r.releases.create(release('r3', 'Foo', '1', 'e2', 3));
      await r.releases.create(release('r4', 'Foo#x', '1', 'e2', 3));
      await r.releases.create(release('r5', 'Foo', '2', 'e2', 4));
      await r.releases.deleteOfVersion('Foo', '1');
      expect(await r.releases.find('r1')).toBeUndefined();
      expect(await r.releases.findOfVersion('Foo', '1', 'e1')).toBeUndefined();
      expect((await r.releases.listCurrent('e1')).map((x) => x.releasedVersionUuid)).toEqual(['r2']);
      // Released again after the deletion: a fresh lock.
      await r.releases.create(release('r6', 'Foo', '1', 'e1', 5));
      await r.releases.deleteCurrentOfPacticipant('e2', 'Foo');
      expect(await r.releases.find('r5')).toBeUndefined();
      expect(await r.releases.findOfVersion('Foo', '2', 'e2')).toBeUndefined();
      expect((await r.releases.listCurrent('e2')).map((x) => x.releasedVersionUuid)).toEqual(['r4']);
      await r.releases.deleteOfEnvironment('e1');
      await r.releases.deleteOfEnvironment('e1');
      expect(await r.releases.find('r2')).toBeUndefined();
      expect(await r.releases.find('r6')).toBeUndefined();
      expect(await r.releases.listCurrent('e1')).toEqual([]);
      await r.releases.create(release('r7', 'Foo', '2', 'e1', 6));
      expect(await r.releases.find('r4')).toBeDefined();
    },
  ],

  [
    'releases: the history of an environment lists its records by latest event (release, end of support, release again), newest first, ties by uuid',
    async (r) => {
      const r1 = release('r1', 'Foo', '1', 'e1', 1);
      await r.releases.create(r1);
      await r.releases.create(release('r2', 'Foo', '2', 'e1', 2));
      await r.releases.create(release('r3', 'Bar', '1', 'e2', 3));
      await r.releases.endSupport(r1, at(4));
      await r.releases.create(release('r4', 'Baz', '1', 'e1', 4));
      expect((await r.releases.listHistory('e1', 10)).map((x) => [x.uuid, x.supportEndedAt ?? null])).toEqual([
        ['r4', null],
        ['r1', at(4)],
        ['r2', null],
      ]);
      await r.releases.resumeSupport(r1, at(6));
      expect(await r.releases.listHistory('e1', 10)).toEqual([{ ...r1, updatedAt: at(6) }, release('r4', 'Baz', '1', 'e1', 4), release('r2', 'Foo', '2', 'e1', 2)]);
      await r.releases.endSupport(release('r2', 'Foo', '2', 'e1', 2), at(7));
      expect((await r.releases.listHistory('e1', 1)).map((x) => x.uuid)).toEqual(['r2']);
      expect((await r.releases.listHistory('e2', 10)).map((x) => x.uuid)).toEqual(['r3']);
      expect(await r.releases.listHistory('e9', 10)).toEqual([]);
      await r.releases.deleteOfEnvironment('e1');
      expect(await r.releases.listHistory('e1', 10)).toEqual([]);
    },
  ],
  // Provider contracts and comparisons
  [
    'provider contracts: content stored once and listed by hash; contracts replaced per provider version',
    async (r) => {
      expect(await r.providerContracts.findContent('Bar', 'o1')).toBeUndefined();
      await r.providerContracts.putContent('Bar', 'o2', 'openapi: 3.0.0', at(1));
      await r.providerContracts.putContent('Bar', 'o2', 'other', at(2));
      await r.providerContracts.putContent('Bar', 'o1', 'openapi: 3.1.0', at(2));
      expect(await r.providerContracts.findContent('Bar', 'o2')).toBe('openapi: 3.0.0');
      expect(await r.providerContracts.listContentShas('Bar')).toEqual(['o1', 'o2']);
      await r.providerContracts.deleteContent('Bar', 'o2');
      await r.providerContracts.deleteContent('Bar', 'o2');
      expect(await r.providerContracts.listContentShas('Bar')).toEqual(['o1']);
      expect(await r.providerContracts.find('Bar', '1')).toBeUndefined();
      await r.providerContracts.put(contract('1', 'o1'));
      await r.providerContracts.put(contract('1', 'o2', { selfVerification: { success: false } }));
      await r.providerContracts.put(contract('2', 'o1', { provider: 'Baz' }));
      expect(await r.providerContracts.find('Bar', '1')).toEqual(contract('1', 'o2', { selfVerification: { success: false } }));
      const many = await r.providerContracts.findMany([{ provider: 'Bar', version: '1' }, { provider: 'Baz', version: '2' }, { provider: 'Bar', version: '2' }, { provider: 'Bar', version: '1' }]);
      expect(bySortKey(many, (c) => c.provider)).toEqual([contract('1', 'o2', { selfVerification: { success: false } }), contract('2', 'o1', { provider: 'Baz' })]);
      expect(await r.providerContracts.findMany([])).toEqual([]);
    },
  ],
  [
    'comparisons: a result is written once; found one by one or many at once by lookup key',
    async (r) => {
      const key = { consumer: 'Foo', provider: 'Bar', pactSha: 'p1', oasSha: 'o1' };
      expect(await r.comparisons.find(key)).toBeUndefined();
      expect(await r.comparisons.put(comparison('p1', 'o1', { success: false, errors: [{ code: 'x', message: 'm', type: 'error', mockDetails: { location: '[root]', interactionDescription: null } }] }))).toBe(true);
      expect(await r.comparisons.put(comparison('p1', 'o1'))).toBe(false);
      expect(await r.comparisons.find(key)).toEqual(comparison('p1', 'o1', { success: false, errors: [{ code: 'x', message: 'm', type: 'error', mockDetails: { location: '[root]', interactionDescription: null } }] }));
      await r.comparisons.put(comparison('p2', 'o1'));
      const many = await r.comparisons.findMany([key, { ...key, pactSha: 'p2' }, { ...key, pactSha: 'p3' }]);
      expect([...many.keys()].sort()).toEqual([comparisonLookupKey('Foo', 'Bar', 'p1', 'o1'), comparisonLookupKey('Foo', 'Bar', 'p2', 'o1')].sort());
      expect(await r.comparisons.findMany([])).toEqual(new Map());
    },
  ],
  [
    'comparisons: one claim until it is released or goes stale; a stored result does not matter to it',
    async (r) => {
      const key = { consumer: 'Foo', provider: 'Bar', pactSha: 'p1', oasSha: 'o1' };
      const tenMinutes = 10 * 60 * 1000;
      expect(await r.comparisons.claimRequest(key, at(0), tenMinutes)).toBe(true);
      expect(await r.comparisons.claimRequest(key, at(1), tenMinutes)).toBe(false);
      expect(await r.comparisons.claimRequest(key, at(600), tenMinutes)).toBe(false);
      expect(await r.comparisons.claimRequest(key, at(601), tenMinutes)).toBe(true);
      expect(await r.comparisons.claimRequest({ ...key, oasSha: 'o2' }, at(601), tenMinutes)).toBe(true);
      await r.comparisons.releaseRequest(key);
      await r.comparisons.releaseRequest(key);
      await r.comparisons.put(comparison('p1', 'o1'));
      expect(await r.comparisons.claimRequest(key, at(602), tenMinutes)).toBe(true);
    },
  ],
  [
    "comparisons: delete removes an integration's results and claims, or only those of one pact content",
    async (r) => {
      const key = (pactSha: string, oasSha: string, consumer = 'Foo') => ({ consumer, provider: 'Bar', pactSha, oasSha });
      for (const [pactSha, oasSha] of [['p1', 'o1'], ['p1', 'o2'], ['p10', 'o1'], ['p2', 'o1']] as const) {
        await r.comparisons.put(comparison(pactSha, oasSha));
        await r.comparisons.claimRequest(key(pactSha, oasSha), at(0), 1000);
      }
      await r.comparisons.put(comparison('p1', 'o1', { consumer: 'Baz' }));
      await r.comparisons.delete('Foo', 'Bar', 'p1');
      expect(await r.comparisons.find(key('p1', 'o1'))).toBeUndefined();
      expect(await r.comparisons.find(key('p1', 'o2'))).toBeUndefined();
      expect(await r.comparisons.find(key('p10', 'o1'))).toBeDefined();
      expect(await r.comparisons.claimRequest(key('p1', 'o1'), at(0), 1000)).toBe(true);
      expect(await r.comparisons.claimRequest(key('p10', 'o1'), at(0), 1000)).toBe(false);
      await r.comparisons.delete('Foo', 'Bar');
      expect(await r.comparisons.find(key('p10', 'o1'))).toBeUndefined();
      expect(await r.comparisons.find(key('p2', 'o1'))).toBeUndefined();
      expect(await r.comparisons.claimRequest(key('p2', 'o1'), at(0), 1000)).toBe(true);
      expect(await r.comparisons.find(key('p1', 'o1', 'Baz'))).toBeDefined();
    },
  ],

  [
    'results: the newest of an integration (any content) and of one content, verifications and comparison markers in one order; they go with the content',
    async (r) => {
      const ofFoo = { consumer: 'Foo', provider: 'Bar' };
      const verified = (number: number, sha: string, seconds: number, fields: Partial<VerificationResult> = {}) => ({ kind: 'verification', ...ofFoo, sha, number, providerVersion: 'p1', success: true, at: at(seconds), ...fields });
      const compared = (sha: string, oasSha: string, seconds: number, fields: Record<string, unknown> = {}) => ({ kind: 'comparison', ...ofFoo, sha, oasSha, success: true, at: at(seconds), ...fields });
      expect(await r.verifications.listNewestResultsOfIntegration('Foo', 'Bar', 5)).toEqual([]);
      await r.verifications.put(verification(3, { sha: 's1', verifiedAt: at(10) }), undefined);
      await r.verifications.put(verification(5, { sha: 's2', providerVersion: 'p2', success: false, verifiedAt: at(30) }), new Uint8Array([1, 2, 3]));
      await r.verifications.put(verification(7, { sha: 's1', verifiedAt: at(30) }), undefined);
      await r.comparisons.put(comparison('s1', 'o1', { comparedAt: at(20), providerVersion: 'p3' }));
      await r.comparisons.put(comparison('s1', 'o2', { comparedAt: at(40), success: false }));
      await r.comparisons.put(comparison('s2', 'o#1', { comparedAt: at(30), providerVersion: 'p4' }));
      // Another integration's results are not the integration's.
      await r.verifications.put(verification(9, { consumer: 'Baz', sha: 's1', verifiedAt: at(50) }), undefined);
      await r.comparisons.put(comparison('s1', 'o1', { consumer: 'Baz', comparedAt: at(50) }));
      // Newest first; at one instant verifications first (by number, descending), then comparisons.
      expect(await r.verifications.listNewestResultsOfIntegration('Foo', 'Bar', 10)).toEqual([
        compared('s1', 'o2', 40, { success: false }),
        verified(7, 's1', 30),
        verified(5, 's2', 30, { providerVersion: 'p2', success: false }),
        compared('s2', 'o#1', 30, { providerVersion: 'p4' }),
        compared('s1', 'o1', 20, { providerVersion: 'p3' }),
        verified(3, 's1', 10),
      ]);
      expect((await r.verifications.listNewestResultsOfIntegration('Foo', 'Bar', 2)).map((result) => result.at)).toEqual([at(40), at(30)]);
      expect(await r.verifications.listNewestResultsOfPactVersion('Foo', 'Bar', 's1', 10)).toEqual([compared('s1', 'o2', 40, { success: false }), verified(7, 's1', 30), compared('s1', 'o1', 20, { providerVersion: 'p3' }), verified(3, 's1', 10)]);
      expect(await r.verifications.listNewestResultsOfPactVersion('Foo', 'Bar', 's1', 1)).toEqual([compared('s1', 'o2', 40, { success: false })]);
      expect(await r.verifications.listNewestResultsOfPactVersion('Foo', 'Bar', 's3', 5)).toEqual([]);
      // A second put of a compared pair writes nothing, its marker neither.
      expect(await r.comparisons.put(comparison('s1', 'o1', { comparedAt: at(60) }))).toBe(false);
      expect((await r.verifications.listNewestResultsOfPactVersion('Foo', 'Bar', 's1', 10)).map((result) => result.at)).toEqual([at(40), at(30), at(20), at(10)]);
      // Deleting a content (its partition, then its comparisons, as a deletion does) takes its results with it.
      await r.comparisons.delete('Foo', 'Bar', 's1');
      await r.pacts.deletePactVersion('Foo', 'Bar', 's1');
      expect(await r.verifications.listNewestResultsOfIntegration('Foo', 'Bar', 10)).toEqual([verified(5, 's2', 30, { providerVersion: 'p2', success: false }), compared('s2', 'o#1', 30, { providerVersion: 'p4' })]);
      expect(await r.verifications.listNewestResultsOfPactVersion('Foo', 'Bar', 's1', 10)).toEqual([]);
      // A deleted verification result leaves its integration's results.
      await r.verifications.delete([verification(5, { sha: 's2', providerVersion: 'p2' })]);
      expect(await r.verifications.listNewestResultsOfIntegration('Foo', 'Bar', 10)).toEqual([compared('s2', 'o#1', 30, { providerVersion: 'p4' })]);
      expect((await r.verifications.listNewestResultsOfIntegration('Baz', 'Bar', 10)).map((result) => result.kind)).toEqual(['verification', 'comparison']);
    },
  ],
  // Tenant
  [
    'tenant: the sequence counts from 1; seeding happens once and writes the environments without checking names',
    async (r) => {
      expect(await r.tenant.exists()).toBe(false);
      expect(await r.tenant.nextSequence()).toBe(1);
      expect(await r.tenant.nextSequence()).toBe(2);
      await r.environments.create(environment('e0', 'test'));
      expect(await r.tenant.seed([environment('e1', 'test'), environment('e2', 'production', { production: true })], at(1))).toBe(true);
      expect(await r.tenant.exists()).toBe(true);
      expect(await r.tenant.seed([environment('e3', 'other')], at(2))).toBe(false);
      expect((await r.environments.list()).map((x) => x.uuid)).toEqual(['e0', 'e1', 'e2']);
      // The name lock now names the seeded environment: the older one with that name cannot be deleted cleanly.
      await conflict(r.environments.delete(environment('e0', 'test')));
      await r.environments.delete(environment('e1', 'test'));
    },
  ],
];

describe.each(['dynamodb', 'memory'] as const)('repository ports: %s', (implementation) => {
  describe.concurrent('scenarios', () => {
    for (const [name, run] of scenarios) it(name, () => run(fresh(implementation)));
  });

  // A method added to the ports must be implemented by the fakes (typecheck) and covered here (this test).
  if (implementation === 'memory') {
    it('the scenarios call every method of every port', () => {
      const all = Object.entries(memoryRepositories()).flatMap(([port, methods]) => Object.keys(methods as object).map((name) => `${port}.${name}`));
      expect(all.filter((method) => !called.has(method))).toEqual([]);
    });
  }

  it('tokens: stored once per hash, listed by hash with the key to revoke them by, revoked once', async () => {
    const o = freshOperator(implementation);
    const tenant = `t-${randomUUID()}`;
    const token = (tokenId: string, fields: Partial<ApiToken> = {}): ApiToken => ({ tokenId, tenant, role: 'read', createdAt: at(0), ...fields });
    expect(await o.tokens.findByHash(tenant, 'aa')).toBeUndefined();
    await o.tokens.put(token('2', { description: 'CI', expiresAt: at(99) }), 'bb');
    await o.tokens.put(token('1', { role: 'write' }), 'aa');
    await expect(o.tokens.put(token('3'), 'aa')).rejects.toMatchObject({ name: 'ConditionalCheckFailedException' });
    expect(await o.tokens.findByHash(tenant, 'aa')).toEqual(token('1', { role: 'write' }));
    expect(await o.tokens.findByHash(`${tenant}-other`, 'aa')).toBeUndefined();
    const listed = await o.tokens.list(tenant);
    expect(listed.map((t) => t.tokenId)).toEqual(['1', '2']);
    expect(await o.tokens.revoke(tenant, listed[1]?.sk as string, at(5))).toBe(true);
    expect(await o.tokens.revoke(tenant, listed[1]?.sk as string, at(6))).toBe(false);
    expect(await o.tokens.revoke(tenant, 'TOKEN#nope', at(6))).toBe(false);
    expect(await o.tokens.findByHash(tenant, 'bb')).toEqual(token('2', { description: 'CI', expiresAt: at(99), revokedAt: at(5) }));
    expect(await o.tokens.list(`${tenant}-other`)).toEqual([]);
    const marker = o.tenants(tenant);
    expect(await marker.exists()).toBe(false);
    expect(await marker.seed([], at(1))).toBe(true);
    expect(await marker.exists()).toBe(true);
  });
});

// Model-based comparison: the same random operations on both implementations give the same answers at every step,
// and the same state at the end. Small pools of names (with `#`, `%`, spaces and non-ASCII), so operations collide.

const PACTICIPANTS = ['Foo', 'F#o'] as const;
const VERSIONS = ['1', '2', 'ä'] as const;
const TAGS = ['prod', 'p#x'] as const;
const BRANCHES = ['main', 'm#n'] as const;
const ENVIRONMENTS = ['e1', 'e2'] as const;
// Mostly one pacticipant, so operations meet on the same versions, tags and branches.
const pacticipantName = fc.oneof({ weight: 3, arbitrary: fc.constant(PACTICIPANTS[0]) }, { weight: 1, arbitrary: fc.constant(PACTICIPANTS[1]) });
const versionNumber = fc.constantFrom(...VERSIONS);
const tagName = fc.constantFrom(...TAGS);
const branchName = fc.oneof({ weight: 3, arbitrary: fc.constant(BRANCHES[0]) }, { weight: 1, arbitrary: fc.constant(BRANCHES[1]) });

type VersionCommand =
  | { op: 'create'; p: string; v: string; buildUrl?: string }
  | { op: 'tag'; p: string; v: string; t: string }
  | { op: 'untag'; p: string; v: string; t: string }
  | { op: 'branch'; p: string; v: string; b: string }
  | { op: 'unbranch'; p: string; v: string; b: string }
  | { op: 'deleteBranch'; p: string; b: string }
  | { op: 'deleteVersion'; p: string; v: string }
  | { op: 'buildUrl'; p: string; v: string; url: string | null }
  | { op: 'read'; p: string; v: string; t: string; b: string };

const versionCommand: fc.Arbitrary<VersionCommand> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ op: fc.constant('create' as const), p: pacticipantName, v: versionNumber, buildUrl: fc.constantFrom('https://ci/1', 'https://ci/2') }, { requiredKeys: ['op', 'p', 'v'] }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('tag' as const), p: pacticipantName, v: versionNumber, t: tagName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('untag' as const), p: pacticipantName, v: versionNumber, t: tagName }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('branch' as const), p: pacticipantName, v: versionNumber, b: branchName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('unbranch' as const), p: pacticipantName, v: versionNumber, b: branchName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteBranch' as const), p: pacticipantName, b: branchName }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteVersion' as const), p: pacticipantName, v: versionNumber }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('buildUrl' as const), p: pacticipantName, v: versionNumber, url: fc.constantFrom('https://ci/x', null) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), p: pacticipantName, v: versionNumber, t: tagName, b: branchName }) },
);

/** The answers that matter to callers, or the error's name (a caller sees that too). */
async function answer(read: () => Promise<unknown>): Promise<unknown> {
  try {
    return await read();
  } catch (error) {
    return { error: (error as Error).name };
  }
}

/** Runs one command and answers what a caller would see. */
async function runVersionCommand(r: Repositories, command: VersionCommand, step: number): Promise<unknown> {
  const now = at(step);
  const existing = 'v' in command ? await r.versions.find(command.p, command.v) : undefined;
  return answer(async () => {
    switch (command.op) {
      case 'create':
        return r.versions.createIfMissing(command.p, command.v, command.buildUrl === undefined ? {} : { buildUrl: command.buildUrl }, now);
      // As tagVersion and addVersionToBranch do: the version is created first if need be.
      case 'tag':
        return r.versions.putTagIfMissing(existing ?? (await r.versions.createIfMissing(command.p, command.v, {}, now)).version, command.t, now);
      case 'untag':
        return r.versions.deleteTag(command.p, command.v, command.t);
      case 'branch':
        return r.versions.addBranchVersion(existing ?? (await r.versions.createIfMissing(command.p, command.v, {}, now)).version, command.b, now);
      case 'unbranch':
        return r.versions.deleteBranchVersion(command.p, command.b, command.v);
      case 'deleteBranch':
        return r.versions.deleteBranch(command.p, command.b);
      case 'deleteVersion':
        return r.versions.deletePartition(command.p, command.v);
      case 'buildUrl':
        return r.versions.updateBuildUrl(command.p, command.v, command.url, now);
      case 'read':
        return {
          version: existing,
          details: await r.versions.findDetails(command.p, command.v),
          latestTagged: await r.versions.findLatest(command.p, command.t),
          head: await r.versions.findBranchHead(command.p, command.b),
        };
    }
  });
}

/** Everything the version ports answer about the pools' names. */
async function versionState(r: Repositories): Promise<unknown> {
  return Promise.all(
    PACTICIPANTS.map(async (p) => {
      const pages: string[][] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await r.versions.pageNumbers(p, 3, start);
        pages.push(page.numbers);
        start = page.next;
      } while (start !== undefined);
      return {
        pages,
        list: await r.versions.list(p, 2),
        branches: await r.versions.listBranches(p),
        heads: await Promise.all(BRANCHES.map((b) => r.versions.findBranchHead(p, b))),
        onBranches: await Promise.all(BRANCHES.map((b) => r.versions.listWith(p, { branch: b }))),
        tagged: await Promise.all(TAGS.map((t) => r.versions.listWith(p, { tag: t }))),
        latestTagged: await Promise.all(TAGS.map((t) => r.versions.findLatest(p, t))),
        details: await Promise.all(VERSIONS.map((v) => r.versions.findDetails(p, v))),
      };
    }),
  );
}

type LifecycleCommand =
  | { op: 'deploy'; p: string; v: string; env: string; instance?: string }
  | { op: 'undeploy'; p: string; env: string; instance?: string }
  | { op: 'release'; p: string; v: string; env: string }
  | { op: 'endSupport'; p: string; v: string; env: string }
  | { op: 'deleteVersion'; p: string; v: string }
  | { op: 'deletePacticipant'; p: string; env: string }
  | { op: 'deleteEnvironment'; env: string }
  | { op: 'read'; p: string; v: string; env: string };

const environmentUuid = fc.constantFrom(...ENVIRONMENTS);
const lifecycleVersion = versionNumber;
const instance = fc.constantFrom('a', 'b#', '');
const lifecycleCommand: fc.Arbitrary<LifecycleCommand> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('deploy' as const), p: pacticipantName, v: lifecycleVersion, env: environmentUuid, instance }, { requiredKeys: ['op', 'p', 'v', 'env'] }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('undeploy' as const), p: pacticipantName, env: environmentUuid, instance }, { requiredKeys: ['op', 'p', 'env'] }) },
  { weight: 4, arbitrary: fc.record({ op: fc.constant('release' as const), p: pacticipantName, v: lifecycleVersion, env: environmentUuid }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('endSupport' as const), p: pacticipantName, v: lifecycleVersion, env: environmentUuid }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteVersion' as const), p: pacticipantName, v: lifecycleVersion }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deletePacticipant' as const), p: pacticipantName, env: environmentUuid }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('deleteEnvironment' as const), env: environmentUuid }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), p: pacticipantName, v: lifecycleVersion, env: environmentUuid }) },
);

/** record-deployment, record-undeployment, record-release and record-support-ended as the services drive the ports. */
async function runLifecycleCommand(r: Repositories, command: LifecycleCommand, step: number): Promise<unknown> {
  // Two steps share a timestamp, so listings meet ties.
  const now = at(Math.floor(step / 2));
  const uuid = `u${step}`;
  return answer(async () => {
    switch (command.op) {
      case 'deploy': {
        const slot = { pacticipant: command.p, environmentUuid: command.env, ...(command.instance ? { applicationInstance: command.instance } : {}) };
        const plan = planDeployment(slot, command.v, await r.deployments.findCurrent(slot), { uuid, now }, step);
        if (plan.kind === 'deploy') await r.deployments.commit(plan);
        return plan;
      }
      case 'undeploy': {
        const pointer = await r.deployments.findCurrent({ pacticipant: command.p, environmentUuid: command.env, ...(command.instance ? { applicationInstance: command.instance } : {}) });
        const record = pointer === undefined ? undefined : await r.deployments.find(pointer.deployedVersionUuid);
        if (record === undefined) return 'nothing deployed';
        await r.deployments.end(record, now);
        return record;
      }
      case 'release': {
        const existing = await r.releases.findOfVersion(command.p, command.v, command.env);
        if (existing === undefined) await r.releases.create({ uuid, pacticipant: command.p, version: command.v, versionOrder: step, environmentUuid: command.env, createdAt: now });
        else if (existing.supportEndedAt !== undefined) await r.releases.resumeSupport(existing, now);
        return existing;
      }
      case 'endSupport': {
        const existing = await r.releases.findOfVersion(command.p, command.v, command.env);
        if (existing !== undefined) await r.releases.endSupport(existing, now);
        return existing;
      }
      case 'deleteVersion':
        await r.deployments.deleteOfVersion(command.p, command.v);
        await r.releases.deleteOfVersion(command.p, command.v);
        return 'deleted';
      case 'deletePacticipant':
        await r.deployments.deleteCurrentOfPacticipant(command.env, command.p);
        await r.releases.deleteCurrentOfPacticipant(command.env, command.p);
        return 'deleted';
      case 'deleteEnvironment':
        await r.deployments.deleteOfEnvironment(command.env);
        await r.releases.deleteOfEnvironment(command.env);
        return 'deleted';
      case 'read':
        return {
          deployed: await r.deployments.listCurrent(command.env, command.p),
          released: await r.releases.listCurrent(command.env, command.p),
          release: await r.releases.findOfVersion(command.p, command.v, command.env),
          deployedHistory: await r.deployments.listHistory(command.env, 3),
          releasedHistory: await r.releases.listHistory(command.env, 3),
        };
    }
  });
}

/** Everything the deployment and release ports answer about the pools' names. */
async function lifecycleState(r: Repositories): Promise<unknown> {
  return {
    environments: await Promise.all(
      ENVIRONMENTS.map(async (env) => ({ deployed: await r.deployments.listCurrent(env), released: await r.releases.listCurrent(env), deployedHistory: await r.deployments.listHistory(env, 100), releasedHistory: await r.releases.listHistory(env, 100) })),
    ),
    versions: await Promise.all(
      PACTICIPANTS.flatMap((p) => VERSIONS.map(async (v) => ({ deployments: await r.deployments.listOfVersion(p, v), releases: await r.releases.listOfVersion(p, v), inE1: await r.deployments.listOfVersion(p, v, 'e1') }))),
    ),
  };
}

/** Runs the commands on a fresh tenant of each implementation, step by step, and says where they first disagree. */
async function sameAnswers<C>(commands: readonly C[], run: (r: Repositories, command: C, step: number) => Promise<unknown>, state: (r: Repositories) => Promise<unknown>): Promise<void> {
  // The table above runs through the tenant's scoped session (so IAM would refuse a stray key); these many random
  // steps go to DynamoDB Local directly, a third of the time per request, with the same semantics.
  const dynamo = dynamoRepositories(db, `t-${randomUUID()}`);
  const memory = fresh('memory');
  for (const [step, command] of commands.entries()) {
    const [expected, actual] = await Promise.all([run(dynamo, command, step), run(memory, command, step)]);
    expect({ step, command, answer: actual }).toEqual({ step, command, answer: expected });
  }
  const [expected, actual] = await Promise.all([state(dynamo), state(memory)]);
  expect({ commands, state: actual }).toEqual({ commands, state: expected });
}

/** Sequences per property (each a fresh tenant, about 100 DynamoDB requests); PORTS_RUNS=200 for a long hunt. */
const RUNS = Number(process.env['PORTS_RUNS'] ?? 6);

describe('repository ports: the fakes answer as DynamoDB does for random operation sequences', () => {
  it.concurrent('versions, tags and branches', async () => {
    await fc.assert(
      fc.asyncProperty(fc.noBias(fc.array(versionCommand, { minLength: 8, maxLength: 16 })), (commands) => sameAnswers(commands, runVersionCommand, versionState)),
      { numRuns: RUNS },
    );
  });

  it.concurrent('deployments and releases', async () => {
    await fc.assert(
      fc.asyncProperty(fc.noBias(fc.array(lifecycleCommand, { minLength: 8, maxLength: 16 })), (commands) => sameAnswers(commands, runLifecycleCommand, lifecycleState)),
      { numRuns: RUNS },
    );
  });
});
