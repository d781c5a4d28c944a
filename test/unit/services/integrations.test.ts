/**
 * `listIntegrationSummaries` on the in-memory repositories: the paths the service takes to find what an integration's
 * latest content was last checked with (docs/rules.md §5.4), including those the HTTP test does not reach in seconds.
 */
import { describe, expect, it } from 'vitest';
import { listIntegrationSummaries } from '../../../shared/services/integrations.ts';
import { publishProviderContract } from '../../../shared/services/provider-contracts.ts';
import { deleteVersion } from '../../../shared/services/deletions.ts';
import { brokerWorld, type World } from './broker-world.ts';

const summary = async (w: World, consumer: string, provider: string) => (await listIntegrationSummaries(w.context)).find((entry) => entry.consumer === consumer && entry.provider === provider);

/** API 20's provider contract (`text`), and Web 1's pact compared with it. */
async function compared(w: World, success: boolean, selfVerified = true, text = 'openapi: 3.0.0\npaths: {}\n') {
  const { contract } = await publishProviderContract(w.context, { provider: 'API', version: '20', branch: 'main', tags: [], text, contentType: 'application/yaml', selfVerification: { success: selfVerified } });
  const { sha } = await w.publicationOf('Web', '1', 'API');
  await w.context.comparisons.put({ consumer: 'Web', provider: 'API', pactSha: sha, oasSha: contract.sha, success, errors: [], warnings: [], engine: 'test', engineVersion: '1', comparedAt: w.context.clock.now().toISOString(), providerVersion: '20' });
  return sha;
}

describe('listIntegrationSummaries', () => {
  it('finds an old result of the latest content behind newer results of earlier contents (its own results decide)', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { pacts: { API: ['/a'] } });
    await w.publish('Web', '2', { pacts: { API: ['/b'] } });
    await w.verify('API', '1', 'Web', '2', true);
    // More newer results of the earlier content than the integration's results page holds.
    for (const providerVersion of ['2', '3', '4', '5', '6', '7']) await w.verify('API', providerVersion, 'Web', '1', false);
    expect(await summary(w, 'Web', 'API')).toMatchObject({ status: 'success', result: { kind: 'verification', providerVersion: '1', success: true }, latestPact: { consumerVersion: '2' } });
  });

  it('is stale with the newest earlier result, and unverified without any', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { pacts: { API: ['/a'], Other: ['/x'] } });
    await w.verify('API', '1', 'Web', '1', false);
    await w.publish('Web', '2', { pacts: { API: ['/b'] } });
    expect(await listIntegrationSummaries(w.context)).toMatchObject([
      { consumer: 'Web', provider: 'API', status: 'stale', result: { providerVersion: '1', success: false }, latestPact: { consumerVersion: '2' } },
      { consumer: 'Web', provider: 'Other', status: 'unverified', latestPact: { consumerVersion: '1' } },
    ]);
    expect((await summary(w, 'Web', 'Other'))?.result).toBeUndefined();
  });

  it('counts a comparison with the self-verification of its provider version, while that version still has the contract', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
    const sha = await compared(w, true);
    expect(await summary(w, 'Web', 'API')).toMatchObject({ status: 'success', result: { kind: 'comparison', sha, providerVersion: '20', success: true } });
    // The same document, now with a failed self-verification: the comparison still counts, and fails.
    await compared(w, true, false);
    expect(await summary(w, 'Web', 'API')).toMatchObject({ status: 'failed', result: { kind: 'comparison', success: false } });
    // Another document for that version: the comparison was of the old one, and no longer counts.
    await publishProviderContract(w.context, { provider: 'API', version: '20', branch: 'main', tags: [], text: 'openapi: 3.1.0\npaths: {}\n', contentType: 'application/yaml', selfVerification: { success: true } });
    expect(await summary(w, 'Web', 'API')).toMatchObject({ status: 'unverified' });
  });

  it('skips a comparison whose provider version is gone, and takes the newer of a comparison and a verification', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
    await w.verify('API', '1', 'Web', '1', false);
    await compared(w, true);
    expect(await summary(w, 'Web', 'API')).toMatchObject({ status: 'success', result: { kind: 'comparison' } });
    await deleteVersion(w.context, 'API', '20');
    expect(await summary(w, 'Web', 'API')).toMatchObject({ status: 'failed', result: { kind: 'verification', providerVersion: '1' } });
  });

  it('lists by consumer then provider, and leaves out an integration without pacts', async () => {
    const w = await brokerWorld();
    await w.publish('b', '1', { pacts: { Z: ['/a'], A: ['/a'] } });
    await w.publish('a', '1', { pacts: { Z: ['/a'] } });
    await w.publish('c', '1', { pacts: { A: ['/a'] } });
    await deleteVersion(w.context, 'c', '1');
    expect((await listIntegrationSummaries(w.context)).map((entry) => `${entry.consumer}/${entry.provider}`)).toEqual(['a/Z', 'b/A', 'b/Z']);
  });
});
