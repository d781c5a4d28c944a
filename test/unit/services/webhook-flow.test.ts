/**
 * Webhooks end to end on the in-memory repositories: the events a publication and a verification record (only when a
 * webhook could match), routing them into triggered webhooks and first attempts, delivering attempts with a fake
 * sender through the retry schedule, the test execution, and reading it all back.
 */
import { describe, expect, it } from 'vitest';
import type { WebhookSendOutcome } from '../../../shared/delivery/webhook-sender.ts';
import { NotFound, WriteConflict } from '../../../shared/domain/errors.ts';
import { REDACTED, type WebhookDefinition, type WebhookEventName } from '../../../shared/domain/webhooks/definition.ts';
import type { PactEventSubject, WebhookEvent } from '../../../shared/domain/webhooks/events.ts';
import type { RenderedWebhookRequest } from '../../../shared/domain/webhooks/template.ts';
import type { WebhookDispatch, WebhookQueue } from '../../../shared/queue/webhook-messages.ts';
import type { ServiceContext } from '../../../shared/services/context.ts';
import { publishContracts } from '../../../shared/services/contracts.ts';
import { publishVerification } from '../../../shared/services/verifications.ts';
import { createWebhook, deleteWebhook, saveWebhook } from '../../../shared/services/webhooks.ts';
import { routeWebhookEvent } from '../../../shared/services/webhook-routing.ts';
import { deliverWebhook, executeWebhookTest, type DeliverySettings } from '../../../shared/services/webhook-delivery.ts';
import { pactWebhookStatus, triggeredByPublication, triggeredByVerification, triggeredLogs } from '../../../shared/services/webhook-executions.ts';
import { brokerWorld, publicationRequest, type Publication } from './broker-world.ts';
import { MemoryStore } from '../../support/memory-repositories.ts';

const BASE = 'https://broker.example';
const ALL_EVENTS: WebhookEventName[] = [
  'contract_published',
  'contract_content_changed',
  'contract_requiring_verification_published',
  'provider_verification_published',
  'provider_verification_succeeded',
  'provider_verification_failed',
];

interface Queued {
  readonly dispatch: WebhookDispatch;
  readonly delaySeconds: number;
}

async function flow() {
  const store = new MemoryStore();
  let now = Date.parse('2026-03-01T00:00:00.000Z');
  // One millisecond a reading, so times are distinct; `advance` jumps ahead.
  const clock = { now: () => new Date(now++) };
  const world = await brokerWorld({ store, clock });
  const queued: Queued[] = [];
  const webhookQueue: WebhookQueue = {
    async send(dispatches) {
      queued.push(...dispatches.map((entry) => structuredClone(entry)));
    },
  };
  const context: ServiceContext = { ...world.context, webhookQueue, baseUrl: BASE };
  const data = store.tenant('memory');
  const sent: RenderedWebhookRequest[] = [];

  const f = {
    world,
    context,
    data,
    queued,
    sent,
    advance: (ms: number) => {
      now += ms;
    },
    nowMs: () => now,
    publish: (consumer: string, version: string, publication: Publication) => publishContracts(context, publicationRequest(consumer, version, publication)),
    async verify(provider: string, providerVersion: string, consumer: string, consumerVersion: string, success: boolean, options: { consumerVersion?: string; branch?: string; buildUrl?: string } = {}) {
      if (options.branch !== undefined) await world.version(provider, providerVersion, options.branch);
      const { sha } = await world.publicationOf(consumer, consumerVersion, provider);
      return publishVerification(context, provider, consumer, sha, { success, providerApplicationVersion: providerVersion, ...(options.buildUrl === undefined ? {} : { buildUrl: options.buildUrl }) }, options.consumerVersion === undefined ? {} : { consumerVersion: options.consumerVersion });
    },
    webhook: (overrides: Partial<WebhookDefinition> = {}) =>
      createWebhook(context, {
        enabled: true,
        events: ALL_EVENTS,
        request: { method: 'POST', url: 'https://hooks.example.org/build?pact=${pactbroker.pactUrl}', headers: { 'Content-Type': 'application/json' }, body: { consumer: '${pactbroker.consumerName}', version: '${pactbroker.consumerVersionNumber}' } },
        ...overrides,
      }),
    /** The events recorded so far, and forgets them. */
    takeEvents(): WebhookEvent[] {
      return data.webhookEvents.splice(0);
    },
    lastEvent(): WebhookEvent {
      const event = data.webhookEvents.at(-1);
      if (event === undefined) throw new Error('no event recorded');
      return event;
    },
    takeQueued(): Queued[] {
      return queued.splice(0);
    },
    settings(outcomes: WebhookSendOutcome[] | ((request: RenderedWebhookRequest) => WebhookSendOutcome), schedule: readonly number[] = [10, 60], showResponses = false): DeliverySettings {
      return {
        schedule,
        showResponses,
        send: async (request) => {
          sent.push(structuredClone(request));
          if (typeof outcomes === 'function') return outcomes(request);
          const outcome = outcomes.shift();
          if (outcome === undefined) throw new Error('the fake sender has no more outcomes');
          return outcome;
        },
      };
    },
    triggered: () => data.triggeredWebhooks.values(),
  };
  return f;
}

type Flow = Awaited<ReturnType<typeof flow>>;

const decodeBasic = (header: string | undefined): string => Buffer.from((header ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');

const ok = (status = 200, body = 'ok', headers: Record<string, string> = {}): WebhookSendOutcome => ({ kind: 'response', status, headers, body, truncated: false, durationMs: 3 });
const failed = (reason = 'connect ECONNREFUSED'): WebhookSendOutcome => ({ kind: 'failed', reason, durationMs: 3 });
const refused = (reason = '10.0.0.1 is a private address'): WebhookSendOutcome => ({ kind: 'refused', reason, field: 'request.url' });

// ---------------------------------------------------------------------------------------------------------------

describe('events at publication', () => {
  it('no webhooks: nothing is recorded', async () => {
    const f = await flow();
    await f.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    await f.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    await f.verify('API', 'p1', 'Web', '1', true);
    expect(f.data.webhookEvents).toEqual([]);
  });

  it.each([
    { name: 'for another consumer', webhook: { consumer: { name: 'Mobile' } }, recorded: false },
    { name: 'for another provider', webhook: { provider: { name: 'Billing' } }, recorded: false },
    { name: 'disabled', webhook: { enabled: false }, recorded: false },
    { name: 'listening to verifications only', webhook: { events: ['provider_verification_published', 'provider_verification_failed'] as WebhookEventName[] }, recorded: false },
    { name: 'listening to requiring-verification only, nothing to verify', webhook: { events: ['contract_requiring_verification_published'] as WebhookEventName[] }, recorded: false },
    { name: 'for this consumer', webhook: { consumer: { name: 'Web' } }, recorded: true },
    { name: 'for this pair', webhook: { consumer: { name: 'Web' }, provider: { name: 'API' } }, recorded: true },
    { name: 'for all pacts', webhook: {}, recorded: true },
    { name: 'for a consumer label (labels are matched when routed)', webhook: { consumer: { label: 'ui' } }, recorded: true },
  ])('a webhook $name: recorded $recorded', async ({ webhook, recorded }) => {
    const f = await flow();
    for (const [name, version] of [['Web', 'w0'], ['API', 'a0'], ['Mobile', 'm1'], ['Billing', 'b1']] as const) await f.world.version(name, version);
    await f.webhook(webhook);
    await f.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    expect(f.takeEvents().length).toBe(recorded ? 1 : 0);
  });

  it('a publication retried after a later pact lost a race fires each pact once', async () => {
    const f = await flow();
    await f.webhook({ events: ['contract_published'] });
    const pacts = f.context.pacts;
    let lost = false;
    const context: ServiceContext = {
      ...f.context,
      pacts: {
        ...pacts,
        putPublication: async (...args: Parameters<typeof pacts.putPublication>) => {
          // The second pact meets a concurrent write once: the whole publication is decided again.
          if (args[0].provider === 'Auth' && !lost) {
            lost = true;
            throw new WriteConflict();
          }
          return pacts.putPublication(...args);
        },
      },
    };
    await publishContracts(context, publicationRequest('Web', '1', { pacts: { API: ['/a'], Auth: ['/b'] } }));
    expect(lost).toBe(true);
    const events = f.takeEvents();
    expect(events.map((event) => event.subject.provider)).toEqual(['API', 'Auth']);
    for (const event of events) expect(event.names).toContain('contract_published');
  });

  it('records what the templates need: names, the pact, tags, branch, build URL and the base URL', async () => {
    const f = await flow();
    await f.webhook();
    await f.publish('Web', '1.0.0', { branch: 'feat/x', tags: ['dev', 'rc'], buildUrl: 'https://ci/1', pacts: { API: ['/a'], Auth: ['/b'] } });
    const events = f.takeEvents();
    expect(events).toHaveLength(2);
    const publication = await f.world.publicationOf('Web', '1.0.0', 'API');
    expect(events[0]).toMatchObject({
      names: ['contract_published', 'contract_content_changed'],
      baseUrl: BASE,
      subject: { kind: 'pact', consumer: 'Web', provider: 'API', consumerVersion: '1.0.0', sha: publication.sha, consumerVersionTags: ['dev', 'rc'], consumerVersionBranch: 'feat/x', buildUrl: 'https://ci/1' },
    });
    expect(events[1]?.subject).toMatchObject({ provider: 'Auth' });
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
  });

  /** The event names of each publication in turn, for a webhook listening to everything. */
  async function namesOf(publications: [version: string, publication: Publication][]): Promise<WebhookEventName[][]> {
    const f = await flow();
    await f.webhook();
    const names: WebhookEventName[][] = [];
    for (const [version, publication] of publications) {
      const before = f.data.webhookEvents.length;
      await f.publish('Web', version, publication);
      const recorded = f.data.webhookEvents.slice(before);
      expect(recorded.length).toBeLessThanOrEqual(1);
      names.push([...(recorded[0]?.names ?? [])]);
    }
    return names;
  }
  const P = ['contract_published'];
  const PC = ['contract_published', 'contract_content_changed'];

  it.each<{ name: string; publications: [string, Publication][]; expected: string[][] }>([
    { name: 'untagged, same content', publications: [['1', { pacts: { API: ['/a'] } }], ['2', { pacts: { API: ['/a'] } }]], expected: [PC, P] },
    { name: 'untagged, other content', publications: [['1', { pacts: { API: ['/a'] } }], ['2', { pacts: { API: ['/b'] } }]], expected: [PC, PC] },
    { name: 'untagged, same content in another order (same sha)', publications: [['1', { pacts: { API: ['/a', '/b'] } }], ['2', { pacts: { API: ['/b', '/a'] } }]], expected: [PC, P] },
    { name: 'branches are ignored: same content on another branch', publications: [['1', { branch: 'main', pacts: { API: ['/a'] } }], ['2', { branch: 'feat', pacts: { API: ['/a'] } }]], expected: [PC, P] },
    { name: 'tagged after untagged: first for the tag', publications: [['1', { pacts: { API: ['/a'] } }], ['2', { tags: ['dev'], pacts: { API: ['/a'] } }]], expected: [PC, PC] },
    { name: 'untagged after tagged: first untagged', publications: [['1', { tags: ['dev'], pacts: { API: ['/a'] } }], ['2', { pacts: { API: ['/a'] } }]], expected: [PC, PC] },
    { name: 'same tag, same content', publications: [['1', { tags: ['dev'], pacts: { API: ['/a'] } }], ['2', { tags: ['dev'], pacts: { API: ['/a'] } }]], expected: [PC, P] },
    { name: 'same tag, other content', publications: [['1', { tags: ['dev'], pacts: { API: ['/a'] } }], ['2', { tags: ['dev'], pacts: { API: ['/b'] } }]], expected: [PC, PC] },
    { name: 'a new tag besides the old one', publications: [['1', { tags: ['dev'], pacts: { API: ['/a'] } }], ['2', { tags: ['dev', 'prod'], pacts: { API: ['/a'] } }]], expected: [PC, PC] },
    {
      name: 'the previous pact of the tag is for this provider (a version in between with another provider’s pact is skipped)',
      publications: [['1', { tags: ['dev'], pacts: { API: ['/a'] } }], ['2', { tags: ['dev'], pacts: { Auth: ['/x'] } }], ['3', { tags: ['dev'], pacts: { API: ['/a'] } }]],
      expected: [PC, PC, P],
    },
    {
      name: 'the previous untagged pact skips tagged versions',
      publications: [['1', { pacts: { API: ['/a'] } }], ['2', { tags: ['dev'], pacts: { API: ['/b'] } }], ['3', { pacts: { API: ['/a'] } }]],
      expected: [PC, PC, P],
    },
    { name: 'republished unchanged', publications: [['1', { pacts: { API: ['/a'] } }], ['1', { pacts: { API: ['/a'] } }]], expected: [PC, P] },
    { name: 'republished unchanged with a new tag (a republication compares with itself)', publications: [['1', { pacts: { API: ['/a'] } }], ['1', { tags: ['new'], pacts: { API: ['/a'] } }]], expected: [PC, P] },
    { name: 'overwritten with other content', publications: [['1', { pacts: { API: ['/a'] } }], ['1', { onConflict: 'overwrite', pacts: { API: ['/b'] } }]], expected: [PC, PC] },
    { name: 'merged with a new interaction', publications: [['1', { pacts: { API: ['/a'] } }], ['1', { onConflict: 'merge', pacts: { API: ['/b'] } }]], expected: [PC, PC] },
    { name: 'merged with nothing new', publications: [['1', { pacts: { API: ['/a', '/b'] } }], ['1', { onConflict: 'merge', pacts: { API: ['/b'] } }]], expected: [PC, P] },
  ])('contract_content_changed: $name', async ({ publications, expected }) => {
    expect(await namesOf(publications)).toEqual(expected);
  });

  it('an older version published late is compared with the tag’s pact before it, however many newer versions have the tag', async () => {
    const f = await flow();
    await f.webhook({ events: ['contract_content_changed'] });
    await f.publish('Web', '1', { tags: ['dev'], pacts: { API: ['/a'] } });
    await f.world.version('Web', 'late'); // created now (its order is here), published below
    for (let n = 2; n <= 14; n++) await f.publish('Web', String(n), { tags: ['dev'], pacts: { API: ['/b'] } });
    f.takeEvents();
    // Its previous "dev" pact is version 1's (the same content): not a change, though 13 newer "dev" versions exist.
    await f.publish('Web', 'late', { tags: ['dev'], pacts: { API: ['/a'] } });
    expect(f.takeEvents()).toEqual([]);
  });

  it('a webhook listening to content changes only: an unchanged publication records nothing', async () => {
    const f = await flow();
    await f.webhook({ events: ['contract_content_changed'] });
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await f.publish('Web', '2', { pacts: { API: ['/a'] } });
    expect(f.takeEvents().map((event) => event.names)).toEqual([PC]);
  });

  it('contract_requiring_verification_published: the head of the provider’s main branch and its deployed versions, until they verify', async () => {
    const f = await flow();
    await f.webhook();
    await f.world.version('API', 'p1', 'main');
    await f.world.version('API', 'p2', 'main');
    await f.world.version('API', 'p0', 'old');
    await f.world.deploy('API', 'p0', 'production');
    await f.world.deploy('API', 'p2', 'test');
    await f.world.release('API', 'p1', 'production');
    expect((await f.context.pacticipants.find('API'))?.mainBranch).toBe('main');
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    const event = f.lastEvent();
    expect(event.names).toEqual(['contract_published', 'contract_requiring_verification_published', 'contract_content_changed']);
    const required = [...((event.subject as PactEventSubject).requiredProviderVersions ?? [])].sort((a, b) => a.number.localeCompare(b.number));
    expect(required).toEqual([
      { number: 'p0', branch: 'old', descriptions: ['deployed in production'] },
      // p1 is on main but no longer its head: its own branch, main, as a released version.
      { number: 'p1', branch: 'main', descriptions: ['released in production'] },
      { number: 'p2', branch: 'main', descriptions: expect.arrayContaining(['latest from main branch', 'deployed in test']) },
    ]);
    expect(required[2]?.descriptions[0]).toBe('latest from main branch');

    // Verified by p2 (failing counts too) and p0: only p1 is left for the same content.
    await f.verify('API', 'p2', 'Web', '1', false);
    await f.verify('API', 'p0', 'Web', '1', true);
    await f.publish('Web', '2', { pacts: { API: ['/a'] } });
    expect((f.lastEvent().subject as PactEventSubject).requiredProviderVersions?.map((version) => version.number)).toEqual(['p1']);
    await f.verify('API', 'p1', 'Web', '2', true);
    await f.publish('Web', '3', { pacts: { API: ['/a'] } });
    expect(f.lastEvent().names).toEqual(['contract_published']);
    // New content needs verifying again.
    await f.publish('Web', '4', { pacts: { API: ['/b'] } });
    expect(f.lastEvent().names).toContain('contract_requiring_verification_published');
  });

  it('no provider main branch and nothing deployed: no contract_requiring_verification_published', async () => {
    const f = await flow();
    await f.webhook();
    await f.world.version('API', 'p1');
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    expect(f.lastEvent().names).toEqual(PC);
  });
});

describe('events at verification', () => {
  it.each([
    [true, ['provider_verification_published', 'provider_verification_succeeded']],
    [false, ['provider_verification_published', 'provider_verification_failed']],
  ])('success %s → %j, with the newest consumer version of the content', async (success, names) => {
    const f = await flow();
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await f.publish('Web', '2', { pacts: { API: ['/a'] } });
    await f.webhook({ events: ['provider_verification_published', 'provider_verification_succeeded', 'provider_verification_failed'] });
    const { result } = await f.verify('API', 'p1', 'Web', '1', success, { buildUrl: 'https://ci/p1' });
    const events = f.takeEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      names,
      baseUrl: BASE,
      subject: { kind: 'verification', consumer: 'Web', provider: 'API', sha: result.sha, number: result.number, providerVersion: 'p1', success, buildUrl: 'https://ci/p1', consumerVersion: '2' },
    });
  });

  it('the consumer version the pact URL named wins', async () => {
    const f = await flow();
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await f.publish('Web', '2', { pacts: { API: ['/a'] } });
    await f.webhook();
    await f.verify('API', 'p1', 'Web', '1', true, { consumerVersion: '1' });
    expect(f.lastEvent().subject).toMatchObject({ consumerVersion: '1' });
  });

  it.each([
    { name: 'none', webhook: undefined },
    { name: 'another pair', webhook: { consumer: { name: 'Mobile' } } },
    { name: 'contract events only', webhook: { events: ['contract_published', 'contract_content_changed'] as WebhookEventName[] } },
    { name: 'succeeded only, and it failed', webhook: { events: ['provider_verification_succeeded'] as WebhookEventName[] } },
  ])('no webhook that could match ($name): nothing recorded', async ({ webhook }) => {
    const f = await flow();
    await f.world.version('Mobile', 'm1');
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    if (webhook !== undefined) await f.webhook(webhook);
    f.takeEvents();
    await f.verify('API', 'p1', 'Web', '1', false);
    expect(f.takeEvents()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('routing', () => {
  it('one triggered webhook per matching webhook and event name, no de-duplication across names; attempt 1 queued for each', async () => {
    const f = await flow();
    await f.world.version('Mobile', 'm1');
    await f.world.version('Web', 'w0');
    const both = await f.webhook({ description: 'both', events: ['contract_published', 'contract_content_changed'] });
    const published = await f.webhook({ description: 'published', consumer: { name: 'Web' }, events: ['contract_published'] });
    await f.webhook({ description: 'other consumer', consumer: { name: 'Mobile' } });
    await f.webhook({ description: 'disabled', enabled: false });
    await f.webhook({ description: 'label', consumer: { label: 'ui' } });
    await f.webhook({ description: 'verifications', events: ['provider_verification_published'] });
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    const [event] = f.takeEvents();
    if (event === undefined) throw new Error('no event');
    expect(await routeWebhookEvent(f.context, event)).toEqual({ triggered: 3, queued: 3 });
    const triggered = f.triggered();
    expect(triggered.map((entry) => [entry.webhookUuid, entry.eventName]).sort()).toEqual(
      [
        [both.uuid, 'contract_published'],
        [both.uuid, 'contract_content_changed'],
        [published.uuid, 'contract_published'],
      ].sort(),
    );
    for (const entry of triggered) expect(entry).toMatchObject({ status: 'not_run', attempts: 0, eventId: event.id, subject: event.subject });
    expect(f.takeQueued()).toEqual(expect.arrayContaining(triggered.map((entry) => ({ dispatch: { tenant: 'memory', triggeredId: entry.id, attempt: 1 }, delaySeconds: 0 }))));
  });

  it('fixes the template values when routed', async () => {
    const f = await flow();
    await f.webhook({ events: ['contract_published'] });
    await f.publish('Web', '1.0.0', { branch: 'feat', tags: ['dev'], buildUrl: 'https://ci/9', pacts: { API: ['/a'] } });
    const event = f.lastEvent();
    await routeWebhookEvent(f.context, event);
    const [triggered] = f.triggered();
    const sha = (await f.world.publicationOf('Web', '1.0.0', 'API')).sha;
    expect(triggered?.params).toMatchObject({
      consumerName: 'Web',
      providerName: 'API',
      consumerVersionNumber: '1.0.0',
      consumerVersionTags: 'dev',
      consumerVersionBranch: 'feat',
      buildUrl: 'https://ci/9',
      eventName: 'contract_published',
      githubVerificationStatus: 'pending',
      bitbucketVerificationStatus: 'INPROGRESS',
      providerVersionNumber: '',
      verificationResultUrl: '',
    });
    expect(triggered?.params['pactUrl']).toMatch(new RegExp(`^${BASE}/pacts/provider/API/consumer/Web/pact-version/${sha}/metadata/`));
  });

  it('a pact event reports the content’s latest verification', async () => {
    const f = await flow();
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await f.verify('API', 'p1', 'Web', '1', false, { branch: 'main' });
    await f.webhook({ events: ['contract_published'] });
    await f.publish('Web', '2', { pacts: { API: ['/a'] } });
    await routeWebhookEvent(f.context, f.lastEvent());
    expect(f.triggered()[0]?.params).toMatchObject({ providerVersionNumber: 'p1', providerVersionBranch: 'main', githubVerificationStatus: 'failure', verificationResultUrl: expect.stringMatching(/\/verification-results\/\d+$/) });
  });

  it('contract_requiring_verification_published: one per provider version, each with its number, branch and reasons', async () => {
    const f = await flow();
    await f.world.version('API', 'p1', 'main');
    await f.world.version('API', 'p0', 'old');
    await f.world.deploy('API', 'p0', 'production');
    const webhook = await f.webhook({ events: ['contract_requiring_verification_published'] });
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    const routed = await routeWebhookEvent(f.context, f.lastEvent());
    expect(routed).toEqual({ triggered: 2, queued: 2 });
    const params = f
      .triggered()
      .map((entry) => {
        expect(entry.webhookUuid).toBe(webhook.uuid);
        return [entry.params['providerVersionNumber'], entry.params['providerVersionBranch'], entry.params['providerVersionDescriptions']];
      })
      .sort();
    // A deployed version off the main branch reports its own last branch.
    expect(params).toEqual([
      ['p0', 'old', 'deployed in production'],
      ['p1', 'main', 'latest from main branch'],
    ]);
  });

  it('routing the same event again creates nothing; attempt 1 is queued again only while not attempted', async () => {
    const f = await flow();
    await f.webhook({ events: ['contract_published'] });
    await f.webhook({ events: ['contract_published'] });
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    const event = f.lastEvent();
    expect(await routeWebhookEvent(f.context, event)).toEqual({ triggered: 2, queued: 2 });
    const first = f.takeQueued();
    const before = structuredClone(f.triggered());
    expect(await routeWebhookEvent(f.context, event)).toEqual({ triggered: 0, queued: 2 });
    expect(f.takeQueued()).toEqual(first);
    expect(f.triggered()).toEqual(before);
    // One is attempted: routing again queues only the other.
    await deliverWebhook(f.context, first[0]!.dispatch, f.settings([ok()]));
    f.takeQueued();
    expect(await routeWebhookEvent(f.context, event)).toEqual({ triggered: 0, queued: 1 });
    expect(f.takeQueued().map((entry) => entry.dispatch.triggeredId)).toEqual([first[1]!.dispatch.triggeredId]);
    // A failed attempt (retrying) is not queued again by routing either: the retry is already queued.
    await deliverWebhook(f.context, first[1]!.dispatch, f.settings([failed()]));
    f.takeQueued();
    expect(await routeWebhookEvent(f.context, event)).toEqual({ triggered: 0, queued: 0 });
    expect(f.takeQueued()).toEqual([]);
  });

  it('no match: nothing stored or queued', async () => {
    const f = await flow();
    const webhook = await f.webhook({ events: ['contract_published'] });
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await deleteWebhook(f.context, webhook.uuid);
    expect(await routeWebhookEvent(f.context, f.lastEvent())).toEqual({ triggered: 0, queued: 0 });
    expect(f.triggered()).toEqual([]);
    expect(f.queued).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

/** A flow with one routed, not yet attempted triggered webhook; returns its first dispatch. */
async function routedOne(overrides: Partial<WebhookDefinition> = {}): Promise<{ f: Flow; dispatch: WebhookDispatch; webhookUuid: string }> {
  const f = await flow();
  const webhook = await f.webhook({ events: ['contract_published'], ...overrides });
  await f.publish('Web', '1', { pacts: { API: ['/a'] } });
  await routeWebhookEvent(f.context, f.lastEvent());
  const [queued] = f.takeQueued();
  if (queued === undefined) throw new Error('nothing queued');
  return { f, dispatch: queued.dispatch, webhookUuid: webhook.uuid };
}

describe('delivery', () => {
  it('success: sends the rendered request once, records the attempt and the status, queues nothing', async () => {
    const { f, dispatch } = await routedOne();
    expect(await deliverWebhook(f.context, dispatch, f.settings([ok(201)]))).toBe('delivered');
    expect(f.sent).toHaveLength(1);
    expect(f.sent[0]).toMatchObject({ method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(f.sent[0]?.url).toMatch(/^https:\/\/hooks\.example\.org\/build\?pact=https%3A%2F%2Fbroker\.example%2Fpacts%2Fprovider%2FAPI%2Fconsumer%2FWeb%2Fpact-version%2F/);
    expect(JSON.parse(f.sent[0]?.body ?? '')).toEqual({ consumer: 'Web', version: '1' });
    const [triggered] = f.triggered();
    expect(triggered).toMatchObject({ status: 'success', attempts: 1 });
    expect(triggered?.nextAttemptAt).toBeUndefined();
    const { attempts } = await triggeredLogs(f.context, dispatch.triggeredId);
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, success: true, finishedAt: expect.any(String) });
    const lines = attempts[0]!.logs.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] DEBUG: Webhook context \{"base_url":"https:\/\/broker\.example","event_name":"contract_published"\}$/);
    expect(lines[1]).toMatch(/INFO: HTTP\/1\.1 POST https:\/\/hooks\.example\.org\/build\?pact=/);
    expect(lines.at(-1)).toMatch(/INFO: Successfully executed webhook$/);
    expect(attempts[0]!.logs).toContain('For security purposes, the response details are not logged');
    expect(attempts[0]).not.toHaveProperty('response');
    expect(f.queued).toEqual([]);
  });

  it.each([
    ['a 500', ok(500)],
    ['a 302', ok(302)],
    ['a 404', ok(404)],
    ['a connection failure', failed()],
  ])('%s: retrying, the next attempt queued with its due time; after schedule + 1 attempts: failure', async (_name, outcome) => {
    const { f, dispatch } = await routedOne();
    const schedule = [10, 60];
    const settings = f.settings(() => outcome, schedule);
    let current = dispatch;
    for (let attempt = 1; attempt <= schedule.length; attempt += 1) {
      const before = f.nowMs();
      expect(await deliverWebhook(f.context, current, settings)).toBe('retrying');
      const next = f.takeQueued();
      expect(next).toHaveLength(1);
      const delay = schedule[attempt - 1]!;
      expect(next[0]).toMatchObject({ dispatch: { tenant: 'memory', triggeredId: dispatch.triggeredId, attempt: attempt + 1 }, delaySeconds: delay });
      const dueAt = next[0]!.dispatch.dueAt!;
      expect(dueAt - before).toBeGreaterThanOrEqual(delay * 1000);
      expect(dueAt - before).toBeLessThan(delay * 1000 + 1000);
      const triggered = f.triggered()[0];
      expect(triggered).toMatchObject({ status: 'retrying', attempts: attempt, nextAttemptAt: new Date(dueAt).toISOString() });
      const logs = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts.at(-1)?.logs ?? '';
      expect(logs.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`INFO: Retrying webhook in ${delay} seconds$`));
      // Arrives early: put back, nothing sent.
      const sentBefore = f.sent.length;
      expect(await deliverWebhook(f.context, next[0]!.dispatch, settings)).toBe('postponed');
      expect(f.sent.length).toBe(sentBefore);
      const postponed = f.takeQueued();
      expect(postponed).toHaveLength(1);
      expect(postponed[0]!.dispatch).toEqual(next[0]!.dispatch);
      expect(postponed[0]!.delaySeconds).toBeGreaterThan(0);
      expect(postponed[0]!.delaySeconds).toBeLessThanOrEqual(delay);
      f.advance(delay * 1000);
      current = next[0]!.dispatch;
    }
    expect(await deliverWebhook(f.context, current, settings)).toBe('failed');
    expect(f.takeQueued()).toEqual([]);
    expect(f.sent).toHaveLength(schedule.length + 1);
    expect(f.triggered()[0]).toMatchObject({ status: 'failure', attempts: schedule.length + 1 });
    expect(f.triggered()[0]?.nextAttemptAt).toBeUndefined();
    const attempts = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    expect(attempts.map((attempt) => [attempt.attempt, attempt.success])).toEqual([
      [1, false],
      [2, false],
      [3, false],
    ]);
    expect(attempts.at(-1)?.logs.trimEnd().split('\n').at(-1)).toMatch(/INFO: Webhook execution failed after 3 attempts$/);
    // Any further dispatch finds it finished.
    expect(await deliverWebhook(f.context, { ...current, attempt: 4 }, settings)).toBe('gone');
    expect(f.sent).toHaveLength(3);
  });

  it('a failed attempt whose next attempt could not be queued queues it when its message comes back', async () => {
    const { f, dispatch } = await routedOne();
    const settings = f.settings([ok(500), ok(200)], [5]);
    const failing = { ...f.context, webhookQueue: { send: async () => Promise.reject(new Error('SQS is unavailable')) } };
    await expect(deliverWebhook(failing, dispatch, settings)).rejects.toThrow('SQS is unavailable');
    expect(f.triggered()[0]).toMatchObject({ status: 'retrying', attempts: 1 });
    expect(f.takeQueued()).toEqual([]);
    // The invocation failed, so SQS delivers attempt 1 again: nothing is sent, attempt 2 is queued.
    expect(await deliverWebhook(f.context, dispatch, settings)).toBe('duplicate');
    expect(f.sent).toHaveLength(1);
    const [next] = f.takeQueued();
    expect(next?.dispatch).toMatchObject({ attempt: 2 });
    f.advance(5000);
    expect(await deliverWebhook(f.context, next!.dispatch, settings)).toBe('delivered');
    expect(f.sent).toHaveLength(2);
  });

  it('a transaction that collided without recording the attempt fails the message (so it comes back), rather than dropping it as a duplicate', async () => {
    const { f, dispatch } = await routedOne();
    const deliveries = f.context.webhookDeliveries;
    const colliding = { ...f.context, webhookDeliveries: { ...deliveries, finishAttempt: async () => Promise.reject(new WriteConflict()) } };
    await expect(deliverWebhook(colliding, dispatch, f.settings([ok(200)]))).rejects.toBeInstanceOf(WriteConflict);
    expect(f.triggered()[0]).toMatchObject({ status: 'not_run', attempts: 0 });
  });

  it('a retry succeeds', async () => {
    const { f, dispatch } = await routedOne();
    const settings = f.settings([ok(503), ok(200)], [5]);
    expect(await deliverWebhook(f.context, dispatch, settings)).toBe('retrying');
    const [next] = f.takeQueued();
    f.advance(5000);
    expect(await deliverWebhook(f.context, next!.dispatch, settings)).toBe('delivered');
    expect(f.triggered()[0]).toMatchObject({ status: 'success', attempts: 2 });
    expect(f.triggered()[0]?.nextAttemptAt).toBeUndefined();
  });

  it('an empty schedule: one attempt only', async () => {
    const { f, dispatch } = await routedOne();
    expect(await deliverWebhook(f.context, dispatch, f.settings([ok(500)], []))).toBe('failed');
    expect(f.queued).toEqual([]);
    expect((await triggeredLogs(f.context, dispatch.triggeredId)).attempts[0]?.logs).toMatch(/failed after 1 attempt\n$/);
  });

  it('a duplicate dispatch of an attempt in flight does nothing (duplicate); of a finished one, nothing either (gone)', async () => {
    const { f, dispatch } = await routedOne();
    const triggered = await f.context.webhookDeliveries.findTriggered(dispatch.triggeredId);
    expect(await f.context.webhookDeliveries.claimAttempt(triggered!, 1, new Date(f.nowMs()).toISOString())).toBe(true);
    const settings = f.settings(() => ok());
    expect(await deliverWebhook(f.context, dispatch, settings)).toBe('duplicate');
    expect(f.sent).toEqual([]);
    expect(f.triggered()[0]).toMatchObject({ status: 'not_run', attempts: 0 });

    const other = await routedOne();
    const otherSettings = other.f.settings(() => ok());
    expect(await deliverWebhook(other.f.context, other.dispatch, otherSettings)).toBe('delivered');
    expect(await deliverWebhook(other.f.context, other.dispatch, otherSettings)).toBe('gone');
    expect(other.f.queued).toEqual([]);
    expect(other.f.sent).toHaveLength(1);
    expect((await triggeredLogs(other.f.context, other.dispatch.triggeredId)).attempts).toHaveLength(1);
  });

  it('an attempt whose run died (claimed long ago, never finished) is finished as failed once, and retried', async () => {
    const { f, dispatch } = await routedOne();
    const triggered = await f.context.webhookDeliveries.findTriggered(dispatch.triggeredId);
    await f.context.webhookDeliveries.claimAttempt(triggered!, 1, new Date(f.nowMs()).toISOString());
    f.advance(6 * 60_000);
    const settings = f.settings(() => ok(), [10]);
    expect(await deliverWebhook(f.context, dispatch, settings)).toBe('retrying');
    expect(f.sent).toEqual([]);
    const [attempt] = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    const lines = attempt!.logs.trimEnd().split('\n');
    expect(lines.filter((line) => line.includes('cut off'))).toHaveLength(1);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/Retrying webhook in 10 seconds$/);
    expect(f.takeQueued()).toEqual([{ dispatch: expect.objectContaining({ attempt: 2 }), delaySeconds: 10 }]);
  });

  it.each([
    ['deleted', async (f: Flow, uuid: string) => deleteWebhook(f.context, uuid), /was deleted/],
    [
      'disabled',
      async (f: Flow, uuid: string) => {
        const stored = await f.context.webhooks.find(uuid);
        await saveWebhook(f.context, uuid, { enabled: false, events: stored!.events, request: stored!.request });
      },
      /was disabled/,
    ],
  ] as const)('a webhook %s since it fired: failure without sending or retrying', async (_name, change, message) => {
    const { f, dispatch, webhookUuid } = await routedOne();
    await change(f, webhookUuid);
    expect(await deliverWebhook(f.context, dispatch, f.settings(() => ok(), [10, 60]))).toBe('failed');
    expect(f.sent).toEqual([]);
    expect(f.queued).toEqual([]);
    expect(f.triggered()[0]).toMatchObject({ status: 'failure', attempts: 1 });
    expect((await triggeredLogs(f.context, dispatch.triggeredId)).attempts[0]?.logs).toMatch(message);
  });

  it('refused by the policy at send time: failure at once, no retry', async () => {
    const { f, dispatch } = await routedOne();
    expect(await deliverWebhook(f.context, dispatch, f.settings([refused()], [10, 60]))).toBe('failed');
    expect(f.queued).toEqual([]);
    const [attempt] = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    expect(attempt).toMatchObject({ success: false, error: '10.0.0.1 is a private address' });
    expect(attempt?.logs).toMatch(/ERROR: Webhook not sent: 10\.0\.0\.1 is a private address/);
  });

  it('an unknown triggered webhook: gone, nothing sent', async () => {
    const f = await flow();
    expect(await deliverWebhook(f.context, { tenant: 'memory', triggeredId: 'nope', attempt: 1 }, f.settings(() => ok()))).toBe('gone');
    expect(f.sent).toEqual([]);
  });

  it.each([true, false])('secrets never appear in what is stored (responses shown: %s)', async (showResponses) => {
    const token = 'sup3r-s3cret-t0ken';
    const password = 'hunter2-password';
    const basic = Buffer.from(`ci-user:${password}`).toString('base64');
    const { f, dispatch } = await routedOne({
      request: {
        method: 'POST',
        url: 'https://hooks.example.org/build',
        headers: { Authorization: `Bearer ${token}`, 'X-Api-Key': 'k3y-k3y-k3y', 'Content-Type': 'application/json' },
        body: { note: `password is ${password}` },
        username: 'ci-user',
        password,
      },
    });
    const echo = `token=${token} key=k3y-k3y-k3y pw=${password} basic=${basic}`;
    const settings = f.settings([ok(500, echo, { 'x-echo': `Bearer ${token}`, 'x-pw': password }), failed(`refused with ${token} and ${password}`)], [1], showResponses);
    await deliverWebhook(f.context, dispatch, settings);
    const [next] = f.takeQueued();
    f.advance(2000);
    await deliverWebhook(f.context, next!.dispatch, settings);
    // The real request carried them.
    expect(f.sent[0]?.headers['authorization']).toBe(`Bearer ${token}`);
    expect(f.sent[0]?.body).toContain(password);
    const stored = JSON.stringify({ attempts: f.data.webhookAttempts.values(), triggered: f.data.triggeredWebhooks.values(), events: f.data.webhookEvents });
    for (const secret of [token, password, basic, 'k3y-k3y-k3y']) expect(stored).not.toContain(secret);
    const [first] = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    expect(first?.request?.headers).toMatchObject({ authorization: REDACTED, 'x-api-key': REDACTED, 'content-type': 'application/json' });
    if (showResponses) {
      expect(first?.response?.status).toBe(500);
      expect(first?.logs).toContain('INFO: HTTP/1.1 500');
    } else expect(first).not.toHaveProperty('response');
  });

  it('Basic credentials: the sent header is real, the stored one masked', async () => {
    const { f, dispatch } = await routedOne({ request: { method: 'POST', url: 'https://hooks.example.org/x', headers: {}, username: 'me', password: 'p4ssw0rd' } });
    await deliverWebhook(f.context, dispatch, f.settings([ok()]));
    expect(decodeBasic(f.sent[0]?.headers['authorization'])).toBe('me:p4ssw0rd');
    const [attempt] = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    expect(attempt?.request?.headers['authorization']).toBe(REDACTED);
    expect(attempt?.logs).toContain(`authorization: ${REDACTED}`);
  });

  it('Basic credentials with a templated username: the Basic form as sent is masked where a receiver echoes it', async () => {
    const password = 'p4ssw0rd-s3cret';
    const { f, dispatch } = await routedOne({ request: { method: 'POST', url: 'https://hooks.example.org/x', headers: {}, username: 'ci-${pactbroker.consumerName}', password } });
    const settings = f.settings((request) => ok(401, `bad credentials: ${request.headers['authorization']}`, { 'www-authenticate': `${request.headers['authorization']}` }), [], true);
    await deliverWebhook(f.context, dispatch, settings);
    const sentBasic = f.sent[0]?.headers['authorization'] ?? '';
    expect(decodeBasic(sentBasic)).toBe(`ci-Web:${password}`);
    const stored = JSON.stringify(f.data.webhookAttempts.values());
    expect(stored).not.toContain(sentBasic.replace(/^Basic /, ''));
    const webhook = (await f.context.webhooks.list())[0]!;
    const execution = await executeWebhookTest(f.context, webhook, settings);
    expect(JSON.stringify(execution)).not.toContain(Buffer.from(`ci-placeholder-consumer:${password}`).toString('base64'));
  });

  it('an attempt is stored bounded, however large the expanded body and the answer (an item holds 400 KB)', async () => {
    // Under the 100,000 characters a body may have, but each parameter expands to a pact URL of ~150 characters.
    const body = new Array<string>(4000).fill('${pactbroker.pactUrl}');
    expect(JSON.stringify(body).length).toBeLessThan(100_000);
    const { f, dispatch } = await routedOne({ request: { method: 'POST', url: 'https://hooks.example.org/x', headers: {}, body } });
    const answer = '\u0001é'.repeat(20_000); // 60 KB read; six bytes a character once escaped
    expect(await deliverWebhook(f.context, dispatch, f.settings([ok(200, answer)], [], true))).toBe('delivered');
    expect(f.sent[0]?.body?.length).toBeGreaterThan(500_000);
    const [attempt] = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    expect(Buffer.byteLength(JSON.stringify(attempt), 'utf8')).toBeLessThan(300_000);
    expect(attempt?.request?.body).toMatch(/^\["https:\/\/broker\.example\/pacts\/provider\/API\/.*\[truncated: only the start is kept\]$/);
    expect(attempt?.response).toMatchObject({ status: 200, truncated: true });
    expect(attempt?.logs).toMatch(/\[truncated: only the start is kept\]$/);
  });

  it('responses shown: the status, headers and body are logged and stored', async () => {
    const { f, dispatch } = await routedOne();
    await deliverWebhook(f.context, dispatch, f.settings([ok(202, '{"queued":true}', { 'content-type': 'application/json' })], [], true));
    const [attempt] = (await triggeredLogs(f.context, dispatch.triggeredId)).attempts;
    expect(attempt?.response).toEqual({ status: 202, headers: { 'content-type': 'application/json' }, body: '{"queued":true}', truncated: false });
    expect(attempt?.logs).toContain('INFO: content-type: application/json');
    expect(attempt?.logs).toContain('INFO: {"queued":true}');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('test execution', () => {
  const snapshot = (f: Flow) => JSON.stringify({ events: f.data.webhookEvents, triggered: f.data.triggeredWebhooks.values(), attempts: f.data.webhookAttempts.values() });

  it('with no pact: placeholder values; nothing stored or queued', async () => {
    const f = await flow();
    const webhook = await f.webhook({ request: { method: 'POST', url: 'https://hooks.example.org/t/${pactbroker.consumerName}', headers: {}, body: { c: '${pactbroker.consumerName}', p: '${pactbroker.providerName}', v: '${pactbroker.consumerVersionNumber}', e: '${pactbroker.eventName}', s: '${pactbroker.githubVerificationStatus}', t: '${pactbroker.consumerVersionTags}', b: '${pactbroker.consumerVersionBranch}' } } });
    const before = snapshot(f);
    const execution = await executeWebhookTest(f.context, webhook, f.settings([ok()]));
    expect(execution.success).toBe(true);
    expect(JSON.parse(f.sent[0]?.body ?? '')).toEqual({ c: 'placeholder-consumer', p: 'placeholder-provider', v: 'gggghhhhjjjjkkkkllll66667777888899990000', e: 'test', s: 'pending', t: 'dev', b: 'main' });
    expect(execution.request.url).toBe('/t/placeholder-consumer');
    expect(execution.message).toMatch(/For security purposes/);
    expect(execution).not.toHaveProperty('response');
    expect(execution.logs).toMatch(/DEBUG: Webhook context \{"base_url":"https:\/\/broker\.example","event_name":"test"\}/);
    expect(snapshot(f)).toBe(before);
    expect(f.queued).toEqual([]);
  });

  it('uses the latest pact the webhook matches by name, with its version’s tags and branch', async () => {
    const f = await flow();
    await f.world.version('Mobile', 'm1');
    await f.publish('Web', '1', { branch: 'main', tags: ['prod'], pacts: { API: ['/a'] } });
    await f.publish('Web', '2', { branch: 'feat', tags: ['dev'], pacts: { API: ['/b'] } });
    await f.publish('Mobile', 'm2', { pacts: { API: ['/m'] } });
    await f.verify('API', 'p7', 'Web', '2', true);
    const body = { c: '${pactbroker.consumerName}', v: '${pactbroker.consumerVersionNumber}', t: '${pactbroker.consumerVersionTags}', b: '${pactbroker.consumerVersionBranch}', s: '${pactbroker.githubVerificationStatus}', pv: '${pactbroker.providerVersionNumber}' };
    const webhook = await f.webhook({ consumer: { name: 'Web' }, provider: { name: 'API' }, request: { method: 'POST', url: 'https://hooks.example.org/t', headers: {}, body } });
    const before = snapshot(f);
    const execution = await executeWebhookTest(f.context, webhook, f.settings([ok(500, 'nope')], [10], true));
    expect(execution.success).toBe(false);
    expect(execution.response).toEqual({ status: 500, headers: {}, body: 'nope' });
    expect(execution.logs).toMatch(/INFO: Webhook execution failed\n$/);
    expect(JSON.parse(f.sent[0]?.body ?? '')).toEqual({ c: 'Web', v: '2', t: 'dev', b: 'feat', s: 'success', pv: 'p7' });
    expect(snapshot(f)).toBe(before);
    expect(f.queued).toEqual([]);
  });

  it.each([
    ['a consumer label', { consumer: { label: 'ui' } }],
    ['a provider label', { provider: { label: 'core' } }],
    ['a provider label and a consumer name', { consumer: { name: 'Web' }, provider: { label: 'core' } }],
  ])('a webhook scoped by %s matches no pact by name: placeholders', async (_name, scope) => {
    const f = await flow();
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    const webhook = await f.webhook({ ...scope, request: { method: 'POST', url: 'https://hooks.example.org/t', headers: {}, body: { v: '${pactbroker.consumerVersionNumber}' } } });
    await executeWebhookTest(f.context, webhook, f.settings([ok()]));
    expect(JSON.parse(f.sent[0]?.body ?? '')).toEqual({ v: 'gggghhhhjjjjkkkkllll66667777888899990000' });
  });

  it('a connection failure or a refusal still answers (success false), nothing stored', async () => {
    const f = await flow();
    const webhook = await f.webhook({ request: { method: 'POST', url: 'https://hooks.example.org/t', headers: { Authorization: 'Bearer s3cret-s3cret' }, body: 'x' } });
    const failure = await executeWebhookTest(f.context, webhook, f.settings([failed('boom s3cret-s3cret')], [], true));
    expect(failure).toMatchObject({ success: false, error: { message: `boom ${REDACTED}` } });
    expect(failure.request.headers['authorization']).toBe(REDACTED);
    const refusal = await executeWebhookTest(f.context, webhook, f.settings([refused()]));
    expect(refusal).toMatchObject({ success: false, error: { message: '10.0.0.1 is a private address' } });
    expect(f.data.triggeredWebhooks.values()).toEqual([]);
    expect(f.data.webhookAttempts.values()).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('reading back', () => {
  it('triggered webhooks of a publication and of a verification, their logs, and the pact’s status', async () => {
    const f = await flow();
    const contract = await f.webhook({ description: 'contract', events: ['contract_published', 'contract_content_changed'] });
    const verification = await f.webhook({ description: 'verification', events: ['provider_verification_published'] });
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await routeWebhookEvent(f.context, f.lastEvent());
    const settings = f.settings((request) => (request.url.includes('fail') ? ok(500) : ok()), [10]);
    for (const { dispatch } of f.takeQueued()) await deliverWebhook(f.context, dispatch, settings);

    const published = await triggeredByPublication(f.context, 'API', 'Web', '1');
    expect(published.map((entry) => [entry.triggered.eventName, entry.triggered.status, entry.webhook?.description]).sort()).toEqual([
      ['contract_content_changed', 'success', 'contract'],
      ['contract_published', 'success', 'contract'],
    ]);
    const logs = await triggeredLogs(f.context, published[0]!.triggered.id);
    expect(logs.triggered.id).toBe(published[0]!.triggered.id);
    expect(logs.attempts).toHaveLength(1);

    const { result } = await f.verify('API', 'p1', 'Web', '1', true);
    await routeWebhookEvent(f.context, f.lastEvent());
    expect(f.takeQueued()).toHaveLength(1);
    const byVerification = await triggeredByVerification(f.context, 'API', 'Web', result.sha, String(result.number));
    expect(byVerification.map((entry) => [entry.triggered.eventName, entry.triggered.status, entry.webhook?.uuid])).toEqual([['provider_verification_published', 'not_run', verification.uuid]]);
    expect((await triggeredLogs(f.context, byVerification[0]!.triggered.id)).attempts).toEqual([]);

    // A second publication: the status keeps the latest per webhook and event name.
    f.advance(1000);
    await f.publish('Web', '2', { pacts: { API: ['/b'] } });
    await routeWebhookEvent(f.context, f.lastEvent());
    const failing = f.settings(() => ok(500), [10]);
    for (const { dispatch } of f.takeQueued()) if (dispatch.attempt === 1) await deliverWebhook(f.context, dispatch, failing);
    const status = await pactWebhookStatus(f.context, 'API', 'Web');
    expect(status.map((entry) => [entry.triggered.eventName, entry.triggered.status, entry.triggered.subject.kind === 'pact' ? entry.triggered.subject.consumerVersion : 'verification']).sort()).toEqual([
      ['contract_content_changed', 'retrying', '2'],
      ['contract_published', 'retrying', '2'],
      ['provider_verification_published', 'not_run', 'verification'],
    ]);

    // A deleted webhook: its triggered webhooks stay (without it), and leave the status.
    await deleteWebhook(f.context, contract.uuid);
    expect((await triggeredByPublication(f.context, 'API', 'Web', '1')).map((entry) => entry.webhook)).toEqual([undefined, undefined]);
    expect((await pactWebhookStatus(f.context, 'API', 'Web')).map((entry) => entry.triggered.eventName)).toEqual(['provider_verification_published']);
  });

  it('404s: an unknown publication, verification, triggered webhook, or pacticipant', async () => {
    const f = await flow();
    await f.publish('Web', '1', { pacts: { API: ['/a'] } });
    await expect(triggeredByPublication(f.context, 'API', 'Web', '2')).rejects.toBeInstanceOf(NotFound);
    await expect(triggeredByVerification(f.context, 'API', 'Web', 'abc', '1')).rejects.toBeInstanceOf(NotFound);
    const sha = (await f.world.publicationOf('Web', '1', 'API')).sha;
    for (const number of ['1', '0', '-1', 'x', '1.5']) await expect(triggeredByVerification(f.context, 'API', 'Web', sha, number)).rejects.toBeInstanceOf(NotFound);
    await expect(triggeredLogs(f.context, 'nope')).rejects.toBeInstanceOf(NotFound);
    await expect(pactWebhookStatus(f.context, 'API', 'Nobody')).rejects.toBeInstanceOf(NotFound);
    await expect(pactWebhookStatus(f.context, 'Nobody', 'Web')).rejects.toBeInstanceOf(NotFound);
    expect(await triggeredByPublication(f.context, 'API', 'Web', '1')).toEqual([]);
    expect(await pactWebhookStatus(f.context, 'API', 'Web')).toEqual([]);
  });
});
