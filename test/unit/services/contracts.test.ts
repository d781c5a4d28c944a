/**
 * Contract publication (`publishContracts`, behind `POST /contracts/publish`) on the in-memory repositories: what a
 * publication creates, what republishing, overwriting and merging do, that a refused publication changes nothing,
 * the retry after a lost race, and the comparisons it queues for bi-directional contracts.
 */
import { describe, expect, it } from 'vitest';
import { ConflictWithNotices } from '../../../shared/domain/errors.ts';
import { publicationNotices } from '../../../shared/domain/messages.ts';
import { pactSha, publishContracts } from '../../../shared/services/contracts.ts';
import { getLatestPact, getPactForConsumerVersion } from '../../../shared/services/pacts.ts';
import { publishProviderContract } from '../../../shared/services/provider-contracts.ts';
import { serviceContext } from '../../../shared/services/context.ts';
import { brokerWorld, pact, publicationRequest } from './broker-world.ts';
import { memoryRepositories, MemoryStore, recordingQueue, sequentialIds, steppingClock } from '../../support/memory-repositories.ts';

const sha = (consumer: string, provider: string, paths: readonly string[]) => pactSha(pact(consumer, provider, paths));

describe('contract publication on the in-memory repositories', () => {
  it('creates the pacticipants, the version on its branch with its tags, the content and the publication', async () => {
    const w = await brokerWorld();
    const result = await w.publish('Web', '1.0.0', { branch: 'main', tags: ['dev', 'rc'], buildUrl: 'https://ci/1', pacts: { API: ['/orders'], Auth: ['/token'] } });
    expect(result.versionCreated).toBe(true);
    expect(result.published.map(({ publication, outcome }) => ({ provider: publication.provider, revision: publication.revision, sha: publication.sha, outcome }))).toEqual([
      { provider: 'API', revision: 1, sha: sha('Web', 'API', ['/orders']), outcome: 'created' },
      { provider: 'Auth', revision: 1, sha: sha('Web', 'Auth', ['/token']), outcome: 'created' },
    ]);
    const details = await w.context.versions.findDetails('Web', '1.0.0');
    expect({
      buildUrl: details?.version.buildUrl,
      tags: details?.tags.map((tag) => tag.name),
      branches: details?.branches.map((branch) => [branch.branch, branch.latest]),
      pacts: details?.pacts.map((publication) => publication.provider),
    }).toEqual({ buildUrl: 'https://ci/1', tags: ['dev', 'rc'], branches: [['main', true]], pacts: ['API', 'Auth'] });
    // `main` is adopted as the main branch; the providers exist as pacticipants; the integrations are recorded.
    expect(await w.context.pacticipants.find('Web')).toMatchObject({ mainBranch: 'main', displayName: 'Web' });
    expect((await w.context.pacticipants.list()).map((p) => p.name)).toEqual(['API', 'Auth', 'Web']);
    expect((await w.context.pacts.listIntegrations()).map((i) => `${i.consumer}->${i.provider}`)).toEqual(['Web->API', 'Web->Auth']);
    expect(JSON.parse((await getPactForConsumerVersion(w.context, 'API', 'Web', '1.0.0')).text)).toEqual(pact('Web', 'API', ['/orders']));
    expect(publicationNotices({ pacticipant: 'Web', version: '1.0.0', branch: 'main', tags: ['dev', 'rc'] }, result, (published) => `https://broker/${published.publication.provider}`).map((notice) => [notice.type, notice.text])).toEqual([
      ['debug', 'Created Web version 1.0.0 with branch main and tags dev, rc'],
      ['success', 'Pact successfully published for Web version 1.0.0 and provider API.'],
      ['debug', '  View the published pact at https://broker/API'],
      ['success', 'Pact successfully published for Web version 1.0.0 and provider Auth.'],
      ['debug', '  View the published pact at https://broker/Auth'],
    ]);
  });

  it.each([
    { name: 'the same document', republished: pact('Web', 'API', ['/a', '/b']) },
    { name: 'the interactions in another order', republished: pact('Web', 'API', ['/b', '/a']) },
    { name: 'other metadata (a newer library)', republished: pact('Web', 'API', ['/a', '/b'], { 'pact-js': { version: '13.0.0' } }) },
  ])('republishing $name is unchanged: same content, same revision, no conflict', async ({ republished }) => {
    const w = await brokerWorld();
    const first = await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/a', '/b'] } });
    const again = await w.publish('Web', '1', { branch: 'main', pacts: { API: republished } });
    expect(again.versionCreated).toBe(false);
    expect(again.published.map(({ outcome, publication }) => [outcome, publication.revision])).toEqual([['unchanged', 1]]);
    expect(again.published[0]?.publication).toEqual(first.published[0]?.publication);
    expect(await w.context.pacts.listPactVersionShas('Web', 'API')).toEqual([first.published[0]?.publication.sha]);
  });

  it('changed content for a published version is refused without onConflict, and nothing of the request is written', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    const before = await w.context.versions.findDetails('Web', '1');
    // A second contract for a new provider in the same request must not be published either.
    const refused = w.publish('Web', '1', { branch: 'feat', tags: ['new'], pacts: { Auth: ['/token'], API: ['/a', '/changed'] } });
    await expect(refused).rejects.toBeInstanceOf(ConflictWithNotices);
    await expect(refused).rejects.toMatchObject({
      field: 'contracts',
      message: 'Cannot change the content of the pact for Web version 1 and provider API, as race conditions will cause unreliable results for can-i-deploy. Each pact must be published with a unique consumer version number, or sent with "onConflict": "overwrite" or "merge".',
    });
    expect(await w.context.versions.findDetails('Web', '1')).toEqual(before);
    expect(await w.context.pacticipants.find('Auth')).toBeUndefined();
    expect(await w.context.pacts.listPactVersionShas('Web', 'API')).toEqual([sha('Web', 'API', ['/a'])]);
    expect(await w.context.versions.findBranch('Web', 'feat')).toBeUndefined();
  });

  it('onConflict overwrite: a new revision with the new content; the first publication time stays', async () => {
    const w = await brokerWorld();
    const first = (await w.publish('Web', '1', { pacts: { API: ['/a'] } })).published[0]?.publication;
    const overwritten = (await w.publish('Web', '1', { pacts: { API: ['/a', '/b'] }, onConflict: 'overwrite' })).published[0];
    expect(overwritten?.outcome).toBe('overwritten');
    expect(overwritten?.publication).toMatchObject({ revision: 2, sha: sha('Web', 'API', ['/a', '/b']), createdAt: first?.createdAt });
    expect(overwritten?.publication.updatedAt).toBeDefined();
    expect(await w.context.pacts.findPublication('Web', '1', 'API')).toEqual(overwritten?.publication);
    // The earlier content stays stored (its verification results belong to it).
    expect((await w.context.pacts.listPactVersionShas('Web', 'API')).sort()).toEqual([sha('Web', 'API', ['/a']), sha('Web', 'API', ['/a', '/b'])].sort());
  });

  it('onConflict merge: the interactions of both, the same ones replaced; merging nothing new is unchanged', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { pacts: { API: ['/a', '/b'] } });
    const merged = (await w.publish('Web', '1', { pacts: { API: ['/b', '/c'] }, onConflict: 'merge' })).published[0];
    expect(merged?.outcome).toBe('merged');
    expect(merged?.publication).toMatchObject({ revision: 2, sha: sha('Web', 'API', ['/a', '/b', '/c']) });
    const stored = JSON.parse((await getLatestPact(w.context, 'API', 'Web')).text) as { interactions: { request: { path: string } }[] };
    expect(stored.interactions.map((interaction) => interaction.request.path)).toEqual(['/a', '/b', '/c']);
    const again = (await w.publish('Web', '1', { pacts: { API: ['/c'] }, onConflict: 'merge' })).published[0];
    expect([again?.outcome, again?.publication.revision]).toEqual(['unchanged', 2]);
  });

  it('a later version of the consumer becomes the latest pact and the branch head; the buildUrl of a republished version is updated', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', buildUrl: 'https://ci/1', pacts: { API: ['/a'] } });
    await w.publish('Web', '2', { branch: 'main', pacts: { API: ['/a', '/b'] } });
    expect((await getLatestPact(w.context, 'API', 'Web')).publication?.consumerVersion).toBe('2');
    expect((await getLatestPact(w.context, 'API', 'Web', { branch: 'main' })).publication?.consumerVersion).toBe('2');
    await w.publish('Web', '1', { branch: 'main', buildUrl: 'https://ci/1-rerun', pacts: { API: ['/a'] } });
    expect(await w.context.versions.find('Web', '1')).toMatchObject({ buildUrl: 'https://ci/1-rerun' });
    // Re-adding version 1 to main changes nothing: 2 stays the head.
    expect(await w.context.versions.findBranchHead('Web', 'main')).toMatchObject({ version: '2' });
  });

  it.each([
    { branches: ['develop'], mainBranch: 'develop' },
    { branches: ['feat-1', 'master'], mainBranch: 'master' },
    { branches: ['feat-1'], mainBranch: undefined },
    { branches: ['main', 'develop'], mainBranch: 'main' },
  ])('the first of develop/main/master published becomes the main branch ($branches → $mainBranch)', async ({ branches, mainBranch }) => {
    const w = await brokerWorld();
    for (const [index, branch] of branches.entries()) await w.publish('Web', String(index + 1), { branch, pacts: { API: [`/${index}`] } });
    expect((await w.context.pacticipants.find('Web'))?.mainBranch).toBe(mainBranch);
  });

  /**
   * Publishes Web 1's pact ['/a'] while a second writer publishes Web 1's pact `otherPaths` between this publication's
   * read and its conditional write (which then throws WriteConflict, and the service reads and decides again).
   */
  async function publishLosingARaceTo(otherPaths: readonly string[]) {
    const store = new MemoryStore();
    const repositories = memoryRepositories({ store, tenant: 't' });
    const other = serviceContext(memoryRepositories({ store, tenant: 't' }), 't', { comparisonQueue: recordingQueue(), clock: steppingClock(), newId: sequentialIds() });
    let raced = 0;
    const racing = {
      ...repositories,
      pacts: {
        ...repositories.pacts,
        async putPublication(publication: Parameters<typeof repositories.pacts.putPublication>[0], previous: number | undefined) {
          if (raced++ === 0) await publishContracts(other, publicationRequest('Web', '1', { pacts: { API: otherPaths } }));
          return repositories.pacts.putPublication(publication, previous);
        },
      },
    };
    const context = serviceContext(racing, 't', { comparisonQueue: recordingQueue(), clock: steppingClock(), newId: sequentialIds() });
    const result = publishContracts(context, publicationRequest('Web', '1', { pacts: { API: ['/a'] } }));
    return { result, attempts: () => raced, repositories };
  }

  it('a publication that loses a race to the same content re-reads and finds it unchanged', async () => {
    const { result, attempts } = await publishLosingARaceTo(['/a']);
    expect((await result).published.map(({ outcome, publication }) => [outcome, publication.revision])).toEqual([['unchanged', 1]]);
    expect(attempts()).toBe(1);
  });

  it('a publication that loses a race to other content is refused as a changed pact, leaving the winner’s', async () => {
    const { result, repositories } = await publishLosingARaceTo(['/other']);
    await expect(result).rejects.toBeInstanceOf(ConflictWithNotices);
    expect(await repositories.pacts.findPublication('Web', '1', 'API')).toMatchObject({ revision: 1, sha: sha('Web', 'API', ['/other']) });
  });

  it('queues a comparison with the provider contract of the provider’s main branch head, once (the claim holds)', async () => {
    const w = await brokerWorld();
    const { contract } = await publishProviderContract(w.context, { provider: 'API', version: '20', branch: 'main', tags: [], text: 'openapi: 3.0.0\n', contentType: 'application/yaml', selfVerification: { success: true } });
    expect(w.context.comparisonQueue.sent).toEqual([]);
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    const job = { tenant: w.context.tenantId, consumer: 'Web', provider: 'API', pactSha: sha('Web', 'API', ['/a']), oasSha: contract.sha, providerVersion: '20' };
    expect(w.context.comparisonQueue.sent).toEqual([job]);
    // Republished, or published by another version with the same content: the pair is claimed already.
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    await w.publish('Web', '2', { branch: 'feat', pacts: { API: ['/a'] } });
    expect(w.context.comparisonQueue.sent).toEqual([job]);
  });

  it('gives the claims back when the queue is unreachable, so the next publication queues the comparison', async () => {
    const w = await brokerWorld();
    await publishProviderContract(w.context, { provider: 'API', version: '20', branch: 'main', tags: [], text: 'openapi: 3.0.0\n', contentType: 'application/yaml', selfVerification: { success: true } });
    w.context.comparisonQueue.failing = true;
    await expect(w.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } })).rejects.toThrow('The comparison queue is unavailable');
    // The publication itself was stored before the comparisons were requested.
    expect(await w.context.pacts.findPublication('Web', '1', 'API')).toBeDefined();
    w.context.comparisonQueue.failing = false;
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/a'] } });
    expect(w.context.comparisonQueue.sent.map((job) => job.consumer)).toEqual(['Web']);
  });
});
