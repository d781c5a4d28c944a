import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/storage/client.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { publishContracts } from '../../shared/services/contracts.ts';
import { getLatestPact, getPactForConsumerVersion } from '../../shared/services/pacts.ts';
import { publishVerification } from '../../shared/services/verifications.ts';
import { listLatestVerificationsOfPactVersion } from '../../shared/storage/repositories/pacts.ts';
import { createTestTable, tenantContext } from '../support/table.ts';
import { MAX_CONTRACT_BYTES, returnedBytes } from '../../shared/domain/validation.ts';
import { NotFound } from '../../shared/domain/errors.ts';
import { readPublicationRequest } from '../../shared/http/requests/publication.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

const fresh = async () => {
  const context = tenantContext(db);
  await seedInitialTenant(context);
  return context;
};

function pactText(interactions: number, seed: string, padding = 0): string {
  return JSON.stringify({
    consumer: { name: 'Foo' },
    provider: { name: 'Bar' },
    interactions: Array.from({ length: interactions }, (_, index) => ({
      description: `request ${index} ${seed}`,
      request: { method: 'GET', path: `/things/${index}` },
      // Random-looking padding so compression cannot make a 5 MB pact small.
      response: { status: 200, body: { data: Array.from({ length: padding }, (_, i) => ((index * 7919 + i * 104729) % 1_000_003).toString(36)).join('') } },
    })),
    metadata: { pactSpecification: { version: '2.0.0' } },
  });
}

const request = (version: string, text: string, onConflict?: string) =>
  readPublicationRequest({
    pacticipantName: 'Foo',
    pacticipantVersionNumber: version,
    branch: 'main',
    contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: Buffer.from(text).toString('base64'), ...(onConflict ? { onConflict } : {}) }],
  });

describe('contract publication against DynamoDB Local', () => {
  it('stores a 5 MB pact across items and reads it back byte for byte', async () => {
    const context = await fresh();
    const text = pactText(1550, 'big', 800);
    expect(text.length).toBeGreaterThan(5_000_000);
    expect(returnedBytes(text)).toBeLessThanOrEqual(MAX_CONTRACT_BYTES);
    await publishContracts(context, request('1', text));
    const stored = await getPactForConsumerVersion(context, 'Bar', 'Foo', '1');
    expect(stored.text).toBe(text);
  });

  it('refuses a pact over 5.5 MiB as returned (it could not be read back within Lambda’s 6 MB response), naming the field and storing nothing', async () => {
    const context = await fresh();
    const text = pactText(1800, 'too-big', 800);
    expect(returnedBytes(text)).toBeGreaterThan(MAX_CONTRACT_BYTES);
    await expect(publishContracts(context, request('1', text))).rejects.toMatchObject({ name: 'ValidationFailed', fieldErrors: { contracts: [expect.stringContaining('at most 5767168')] } });
    await expect(getPactForConsumerVersion(context, 'Bar', 'Foo', '1')).rejects.toBeInstanceOf(NotFound);
  });

  it('keeps one pact version for the same content published by a new consumer version, so it is already verified', async () => {
    const context = await fresh();
    const first = await publishContracts(context, request('1', pactText(3, 'same')));
    const reordered = JSON.parse(pactText(3, 'same'));
    reordered.interactions.reverse();
    reordered.metadata.pactRust = { models: '1.3.15' };
    const second = await publishContracts(context, request('2', JSON.stringify(reordered)));
    expect(second.published[0]?.publication.sha).toBe(first.published[0]?.publication.sha);
    await publishVerification(context, 'Bar', 'Foo', first.published[0]?.publication.sha as string, { success: true, providerApplicationVersion: '10' });
    const latest = await listLatestVerificationsOfPactVersion(db, context.tenantId, 'Foo', 'Bar', second.published[0]?.publication.sha as string);
    expect(latest.map((verification) => [verification.providerVersion, verification.success])).toEqual([['10', true]]);
    expect((await getLatestPact(context, 'Bar', 'Foo')).publication?.consumerVersion).toBe('2');
  });

  it('lets the latest verification of a provider version win', async () => {
    const context = await fresh();
    const { published } = await publishContracts(context, request('1', pactText(2, 'latest-wins')));
    const sha = published[0]?.publication.sha as string;
    await publishVerification(context, 'Bar', 'Foo', sha, { success: true, providerApplicationVersion: '10' });
    await publishVerification(context, 'Bar', 'Foo', sha, { success: false, providerApplicationVersion: '10' });
    expect((await listLatestVerificationsOfPactVersion(db, context.tenantId, 'Foo', 'Bar', sha)).map((v) => v.success)).toEqual([false]);
    await expect(publishVerification(context, 'Bar', 'Foo', 'no-such-sha', { success: true, providerApplicationVersion: '10' })).rejects.toThrow(/No pact version/);
    await expect(publishVerification(context, 'Bar', 'Foo', sha, { success: 'yes', providerApplicationVersion: '' })).rejects.toThrow(/success/);
  });

  it('serialises concurrent publications of different content for one consumer version: one wins, the rest conflict', async () => {
    const context = await fresh();
    const results = await Promise.allSettled(Array.from({ length: 8 }, (_, index) => publishContracts(context, request('1', pactText(1, `racer-${index}`)))));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) if (result.status === 'rejected') expect(String(result.reason)).toContain('Cannot change the content');
    const overwrites = await Promise.all(Array.from({ length: 5 }, (_, index) => publishContracts(context, request('1', pactText(1, `overwrite-${index}`), 'overwrite'))));
    const revisions = overwrites.map((result) => result.published[0]?.publication.revision).sort();
    expect(new Set(revisions).size).toBe(5); // every overwrite became its own revision, none lost
  });
});
