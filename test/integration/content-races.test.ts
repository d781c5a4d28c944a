/**
 * Concurrent publications of the same interactions with different metadata (two CI builds on different pact-js
 * versions) store different bytes under one pact version. Whatever order their chunks land in, every later read must
 * succeed and equal one of the documents that were acknowledged. Repeated over several rounds so a regression shows.
 */
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/storage/client.ts';
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { publishContracts } from '../../shared/services/contracts.ts';
import { getPactForConsumerVersion } from '../../shared/services/pacts.ts';
import { CHUNK_BYTES } from '../../shared/storage/repositories/chunked-content.ts';
import { createTestTable, tenantContext } from '../support/table.ts';
import { readPublicationRequest } from '../../shared/http/requests/publication.ts';

let db: Db;
beforeAll(async () => {
  db = await createTestTable();
});

const ROUNDS = 4;
const WRITERS = 6;

/** The same interactions (incompressible, several chunks), with writer-specific metadata and extra bytes. */
function pactText(interactions: readonly unknown[], writer: number): string {
  return JSON.stringify({ consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions, metadata: { pactSpecification: { version: '2.0.0' }, 'pact-js': { version: `12.${writer}.0` }, build: randomBytes(writer * 150_000).toString('base64') } });
}

describe('concurrent publications of one pact version with different bytes', () => {
  it('always read back as one of the acknowledged documents', async () => {
    const context = tenantContext(db);
    await seedInitialTenant(context);
    for (let round = 0; round < ROUNDS; round++) {
      const interactions = Array.from({ length: 8 }, (_, index) => ({ description: `round ${round} interaction ${index}`, request: { method: 'GET', path: `/r${round}/${index}` }, response: { status: 200, body: { blob: randomBytes(120_000).toString('base64') } } }));
      const texts = Array.from({ length: WRITERS }, (_, writer) => pactText(interactions, writer));
      expect(texts[0]?.length).toBeGreaterThan(2 * CHUNK_BYTES); // several chunks even compressed (random bytes)
      const results = await Promise.allSettled(
        texts.map((text, writer) =>
          publishContracts(
            tenantContext(db, context.tenantId),
            readPublicationRequest({ pacticipantName: 'Foo', pacticipantVersionNumber: `${round}.${writer}`, contracts: [{ consumerName: 'Foo', providerName: 'Bar', specification: 'pact', contentType: 'application/json', content: Buffer.from(text).toString('base64') }] }),
          ),
        ),
      );
      const acknowledged = new Set(texts.filter((_, writer) => results[writer]?.status === 'fulfilled'));
      expect(acknowledged.size, `round ${round}: ${results.map((result) => result.status).join(',')}`).toBeGreaterThan(0);
      const shas = new Set(results.flatMap((result) => (result.status === 'fulfilled' ? [result.value.published[0]?.publication.sha] : [])));
      expect(shas.size).toBe(1); // the same verifiable content: one pact version
      for (let writer = 0; writer < WRITERS; writer++) {
        if (results[writer]?.status !== 'fulfilled') continue;
        const read = await getPactForConsumerVersion(context, 'Bar', 'Foo', `${round}.${writer}`);
        expect(acknowledged.has(read.text), `round ${round}, version ${round}.${writer}: read back a document nobody published`).toBe(true);
      }
    }
  }, 120_000);
});
