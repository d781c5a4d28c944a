/**
 * Deletions at the service level, through tenant sessions of the write data role (so the AWS rules check every key).
 * Each case takes a snapshot of the tenant's items before the thing to delete exists, makes it with everything that
 * hangs off it, deletes it, and expects exactly the snapshot back. Each deletion is also cut off after its k-th write,
 * for every k, and retried: the retry must find what is left and finish it (never a 404 with debris left behind).
 */
import { saveWebhook } from '../../shared/services/webhooks.ts';
import type { WebhookDefinition } from '../../shared/domain/webhooks/definition.ts';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/storage/client.ts';
import type { ComparisonJob } from '../../shared/domain/model.ts';
import type { ServiceContext } from '../../shared/services/context.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { publishContracts } from '../../shared/services/contracts.ts';
import { publishVerification } from '../../shared/services/verifications.ts';
import { recordDeployment } from '../../shared/services/deployments.ts';
import { recordRelease } from '../../shared/services/releases.ts';
import { listEnvironments } from '../../shared/services/environments.ts';
import { addVersionToBranch, createOrUpdateVersion, tagVersion } from '../../shared/services/versions.ts';
import { publishProviderContract } from '../../shared/services/provider-contracts.ts';
import { runComparison } from '../../shared/services/comparison-engine.ts';
import { deletePact, deletePacticipant, deleteVersion } from '../../shared/services/deletions.ts';
import { tenantContext as composeTenantContext } from '../../shared/composition/context.ts';
import { NotFound, UnfinishedWork } from '../../shared/domain/errors.ts';
import { createTestTable, scanTable, tenantContext, tenantDb } from '../support/table.ts';
import { readProviderContractRequest } from '../../shared/http/requests/provider-contract.ts';
import { readPublicationRequest } from '../../shared/http/requests/publication.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

const OAS = `openapi: 3.0.0
info: { title: Z, version: '1' }
paths:
  /alligators/{name}:
    get:
      parameters: [{ name: name, in: path, required: true, schema: { type: string } }]
      responses: { '200': { description: ok, content: { application/json: { schema: { type: object } } } } }
`;

/** A fresh tenant (seeded with its environments) whose comparison requests are collected instead of queued. */
async function fresh(): Promise<ServiceContext & { jobs: ComparisonJob[] }> {
  const jobs: ComparisonJob[] = [];
  const context = { ...tenantContext(db), comparisonQueue: { send: async (batch: readonly ComparisonJob[]) => void jobs.push(...batch) }, jobs };
  await seedInitialTenant(context);
  return context;
}

/** The tenant's items but its sequence counter (which only moves on), sorted, as text. */
async function snapshot(tenant: string): Promise<string> {
  const items: string[] = [];
  for (const item of await scanTable(db)) {
    const pk = String(item['PK']);
    if ((pk.startsWith(`T#${tenant}#`) || pk === `T#${tenant}`) && item['SK'] !== 'COUNTER') items.push(JSON.stringify(item, Object.keys(item).sort()));
  }
  return items.sort().join('\n');
}

const pact = (consumer: string, provider: string, animal: string) =>
  JSON.stringify({
    consumer: { name: consumer },
    provider: { name: provider },
    interactions: [{ description: `a request for ${animal}`, request: { method: 'GET', path: `/alligators/${animal}` }, response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { name: animal } } }],
    metadata: { pactSpecification: { version: '2.0.0' } },
  });

async function publish(context: ServiceContext, consumer: string, version: string, provider: string, animal: string, extra: { branch?: string; tags?: string[] } = {}): Promise<void> {
  await publishContracts(
    context,
    readPublicationRequest({
      pacticipantName: consumer,
      pacticipantVersionNumber: version,
      ...extra,
      contracts: [{ consumerName: consumer, providerName: provider, specification: 'pact', contentType: 'application/json', content: Buffer.from(pact(consumer, provider, animal)).toString('base64') }],
    }),
  );
}

async function verify(context: ServiceContext, provider: string, consumer: string, consumerVersion: string, providerVersion: string, success: boolean): Promise<void> {
  const publication = await context.pacts.findPublication(consumer, consumerVersion, provider);
  if (publication === undefined) throw new Error('no publication to verify');
  await publishVerification(context, provider, consumer, publication.sha, { success, providerApplicationVersion: providerVersion });
}

async function environment(context: ServiceContext, name: string): Promise<string> {
  const found = (await listEnvironments(context)).find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no environment ${name}`);
  return found.uuid;
}

class Cut extends Error {}
const WRITES = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'BatchWriteCommand', 'TransactWriteCommand']);

/** The context, with its database connection lost after `writes` write requests (as a function cut off by its timeout). */
function cutAfter(context: ServiceContext, writes: number): ServiceContext {
  let count = 0;
  const scoped = tenantDb(db, context.tenantId);
  const client = new Proxy(scoped.client, {
    get(target, property, receiver) {
      if (property !== 'send') return Reflect.get(target, property, receiver);
      return async (command: { constructor: { name: string } }) => {
        if (WRITES.has(command.constructor.name) && count++ >= writes) throw new Cut('cut off');
        return target.send(command as Parameters<typeof target.send>[0]);
      };
    },
  });
  return composeTenantContext({ client, tableName: scoped.tableName }, context.tenantId, { clock: context.clock, newId: context.newId, comparisonQueue: context.comparisonQueue });
}

const webhookNaming = (scope: Pick<WebhookDefinition, 'consumer' | 'provider'>): WebhookDefinition => ({
  ...scope,
  enabled: true,
  events: ['contract_content_changed'],
  request: { method: 'POST', url: 'https://ci.example/build', headers: {} },
});

interface Case {
  /** Makes what exists before (the snapshot is taken after it). */
  readonly before: (context: ServiceContext & { jobs: ComparisonJob[] }) => Promise<void>;
  /** Makes the thing to delete and everything hanging off it. */
  readonly make: (context: ServiceContext & { jobs: ComparisonJob[] }) => Promise<void>;
  readonly remove: (context: ServiceContext) => Promise<unknown>;
}

const cases: Record<string, Case> = {
  'a version': {
    before: async (context) => {
      await publish(context, 'C', 'v0', 'P', 'Yves', { branch: 'main', tags: ['t'] });
      await publish(context, 'D', 'd1', 'C', 'Wanda');
      await verify(context, 'P', 'C', 'v0', 'p1', true);
    },
    make: async (context) => {
      // On the branch and tag v0 already has, with a pact only it publishes, verified by P; it verified D's pact (a
      // failure: successes leave "verified" markers for pending status, which stay, as in the reference); deployed to
      // two instances and released.
      await publish(context, 'C', 'v1', 'P', 'Xena', { branch: 'main', tags: ['t'] });
      await verify(context, 'P', 'C', 'v1', 'p1', true);
      await verify(context, 'C', 'D', 'd1', 'v1', false);
      const production = await environment(context, 'production');
      await recordDeployment(context, 'C', 'v1', production, {});
      await recordDeployment(context, 'C', 'v1', production, { applicationInstance: 'i1' });
      await recordRelease(context, 'C', 'v1', await environment(context, 'test'));
    },
    remove: (context) => deleteVersion(context, 'C', 'v1'),
  },
  'a pact': {
    before: async (context) => {
      await publish(context, 'C', 'v0', 'P', 'Yves', { branch: 'main', tags: ['t'] });
      await verify(context, 'P', 'C', 'v0', 'p1', true);
      await createOrUpdateVersion(context, 'P', 'p2', {}, 'merge');
      await createOrUpdateVersion(context, 'C', 'v1', {}, 'merge');
      await addVersionToBranch(context, 'C', 'main', 'v1');
      await tagVersion(context, 'C', 'v1', 't');
    },
    make: async (context) => {
      await publish(context, 'C', 'v1', 'P', 'Xena', { branch: 'main', tags: ['t'] });
      await verify(context, 'P', 'C', 'v1', 'p1', true);
      await verify(context, 'P', 'C', 'v1', 'p2', false);
    },
    remove: (context) => deletePact(context, 'P', 'C', 'v1'),
  },
  'a pacticipant': {
    before: async (context) => {
      await createOrUpdateVersion(context, 'P', 'p1', {}, 'merge');
      await createOrUpdateVersion(context, 'D', 'd1', {}, 'merge');
      await addVersionToBranch(context, 'D', 'main', 'd1');
      // Another pacticipant whose name Z is a prefix of, with the same kinds of data.
      await publish(context, 'Z2', 'z1', 'P', 'Xena', { branch: 'main', tags: ['t'] });
      await verify(context, 'P', 'Z2', 'z1', 'p1', true);
      await recordDeployment(context, 'Z2', 'z1', await environment(context, 'production'), {});
      await saveWebhook(context, 'webhook-of-z2-0000', webhookNaming({ consumer: { name: 'Z2' } }));
    },
    make: async (context) => {
      // Z: a consumer of P (two versions, two contents), a provider of D (it verified D's pact), with a provider
      // contract compared with D's pact, deployed and released.
      await publish(context, 'Z', 'z1', 'P', 'Xena', { branch: 'main', tags: ['t'] });
      await publish(context, 'Z', 'z2', 'P', 'Yves', { branch: 'feat', tags: ['t'] });
      await publish(context, 'D', 'd1', 'Z', 'Wanda');
      await verify(context, 'P', 'Z', 'z1', 'p1', true);
      await verify(context, 'Z', 'D', 'd1', 'z1', true);
      const request = readProviderContractRequest('Z', {
        pacticipantVersionNumber: 'z3',
        branch: 'contracts',
        contract: { content: Buffer.from(OAS).toString('base64'), contentType: 'application/yaml', specification: 'oas', selfVerificationResults: { success: true, verifier: 'test' } },
      });
      await publishProviderContract(context, request);
      expect(context.jobs).toHaveLength(1); // D's pact (main branch head) against Z's contract: claimed and "queued"
      for (const job of context.jobs.splice(0)) expect(await runComparison(context, job)).toBeDefined();
      await recordDeployment(context, 'Z', 'z1', await environment(context, 'production'), { applicationInstance: 'i1' });
      await recordRelease(context, 'Z', 'z2', await environment(context, 'test'));
      // Webhooks naming Z as consumer or as provider go with it (made last: no event is recorded for them here).
      await saveWebhook(context, 'webhook-of-z-consumer', webhookNaming({ consumer: { name: 'Z' }, provider: { name: 'P' } }));
      await saveWebhook(context, 'webhook-of-z-provider', webhookNaming({ provider: { name: 'Z' } }));
    },
    remove: (context) => deletePacticipant(context, 'Z'),
  },
};

describe.each(Object.entries(cases))('deleting %s', (_name, { before, make, remove }) => {
  it('removes exactly what belongs to it, and a repeat is a 404', async () => {
    const context = await fresh();
    await before(context);
    const baseline = await snapshot(context.tenantId);
    await make(context);
    expect(await snapshot(context.tenantId)).not.toBe(baseline);
    await remove(context);
    expect(await snapshot(context.tenantId)).toBe(baseline);
    await expect(remove(context)).rejects.toBeInstanceOf(NotFound);
  });

  it('cut off after any write, is finished by the retry', async () => {
    let writes = 0;
    for (; ; writes++) {
      const context = await fresh();
      await before(context);
      const baseline = await snapshot(context.tenantId);
      await make(context);
      const cut = await remove(cutAfter(context, writes)).then(
        () => false,
        (error: unknown) => {
          if (!(error instanceof Cut)) throw error;
          return true;
        },
      );
      if (cut) await remove(context); // The retry: it must find what is left (not a 404) and finish.
      expect(await snapshot(context.tenantId), `cut after ${writes} writes`).toBe(baseline);
      if (!cut) break; // This many writes are enough for the whole deletion: every point has been cut at.
    }
    expect(writes, 'write requests the whole deletion makes').toBeGreaterThanOrEqual(3);
  }, 300_000);
});

describe('a pacticipant deletion that outlasts its deadline', () => {
  it('stops with UnfinishedWork, and each retry continues until it is done', async () => {
    const context = await fresh();
    await createOrUpdateVersion(context, 'P', 'p1', {}, 'merge');
    const baseline = await snapshot(context.tenantId);
    for (let index = 0; index < 25; index++) await publish(context, 'Big', `1.${index}`, 'P', `A${index % 5}`, { branch: `b${index % 3}`, tags: ['t'] });
    await verify(context, 'P', 'Big', '1.0', 'p1', true);
    await recordDeployment(context, 'Big', '1.3', await environment(context, 'production'), {});
    let attempts = 0;
    for (; attempts < 500; attempts++) {
      try {
        // A deadline a few milliseconds away: each request gets through a little of the work.
        await deletePacticipant({ ...context, deadline: Date.now() + 15 }, 'Big');
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(UnfinishedWork);
        expect((error as Error).message).toContain("send the same DELETE again to continue");
      }
    }
    expect(attempts).toBeGreaterThan(1);
    expect(attempts).toBeLessThan(500);
    await expect(deletePacticipant(context, 'Big')).rejects.toBeInstanceOf(NotFound);
    expect(await snapshot(context.tenantId)).toBe(baseline);
  }, 120_000);
});
