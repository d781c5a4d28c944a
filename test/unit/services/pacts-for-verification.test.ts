/**
 * Pacts for verification (`pactsForVerification`, behind `POST /pacts/provider/{p}/for-verification`) on the
 * in-memory repositories. One history of two consumers of API, built through the services, then each kind of consumer
 * version selector the verifier sends: which pacts are selected, why (the reasons as data), pending and WIP.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { NotFound, ValidationMessages } from '../../../shared/domain/errors.ts';
import { verificationNotices } from '../../../shared/domain/messages.ts';
import { brokerWorld, forVerificationRequest, selectionSummary, type World } from './broker-world.ts';

/**
 * Web: 1 and 2 on main (2 is the head), 3 on feat-x and 4 on feat-y published after `since` (4 with 1's content).
 * Mobile: 1 (tag prod) and 2 on master (2 is the head). API 100 on main verified Web 1 and Mobile 1.
 * Web 1 is deployed to production, Web 2 to test; Mobile 1 is released to production.
 */
async function history(): Promise<{ w: World; since: string }> {
  const w = await brokerWorld();
  await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
  await w.publish('Mobile', '1', { branch: 'master', tags: ['prod'], pacts: { API: ['/profile'] } });
  await w.verify('API', '100', 'Web', '1', true, { branch: 'main' });
  await w.verify('API', '100', 'Mobile', '1', true, { branch: 'main' });
  await w.publish('Web', '2', { branch: 'main', pacts: { API: ['/orders', '/orders/1'] } });
  await w.publish('Mobile', '2', { branch: 'master', pacts: { API: ['/profile', '/avatar'] } });
  await w.deploy('Web', '1', 'production');
  await w.deploy('Web', '2', 'test');
  await w.release('Mobile', '1', 'production');
  const since = w.context.clock.now().toISOString();
  await w.publish('Web', '3', { branch: 'feat-x', pacts: { API: ['/orders', '/search'] } });
  await w.publish('Web', '4', { branch: 'feat-y', pacts: { API: ['/orders'] } });
  return { w, since };
}

interface Case {
  readonly name: string;
  readonly body: (since: string) => Record<string, unknown>;
  readonly expected: ReturnType<typeof selectionSummary>;
}

const onMain = { providerVersionBranch: 'main' };

const cases: Case[] = [
  {
    name: 'mainBranch: the head of each consumer’s main branch, pending until verified on the provider branch',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ mainBranch: true }] }),
    expected: [
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main'], pending: true },
    ],
  },
  {
    name: 'mainBranch for one consumer',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ mainBranch: true, consumer: 'Mobile' }] }),
    expected: [{ pact: 'Mobile 2', reasons: ['mainBranch master Mobile'], pending: true }],
  },
  {
    name: 'deployedOrReleased: what every environment holds now, newest consumer version first',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ deployedOrReleased: true }] }),
    expected: [
      { pact: 'Mobile 1', reasons: ['released production'], pending: false },
      { pact: 'Web 2', reasons: ['deployed test'], pending: true },
      { pact: 'Web 1', reasons: ['deployed production'], pending: false },
    ],
  },
  {
    name: 'deployed only',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ deployed: true }] }),
    expected: [
      { pact: 'Web 2', reasons: ['deployed test'], pending: true },
      { pact: 'Web 1', reasons: ['deployed production'], pending: false },
    ],
  },
  {
    name: 'released only',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ released: true }] }),
    expected: [{ pact: 'Mobile 1', reasons: ['released production'], pending: false }],
  },
  {
    name: 'environment: deployed or released there',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ environment: 'production' }] }),
    expected: [
      { pact: 'Mobile 1', reasons: ['environment production'], pending: false },
      { pact: 'Web 1', reasons: ['environment production'], pending: false },
    ],
  },
  {
    name: 'branch: the head of that branch where a consumer has it',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ branch: 'feat-x' }] }),
    expected: [{ pact: 'Web 3', reasons: ['branch feat-x'], pending: true }],
  },
  {
    name: 'branch with fallbackBranch: the fallback’s head where the branch does not exist',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ branch: 'feat-z', fallbackBranch: 'main' }] }),
    expected: [{ pact: 'Web 2', reasons: ['fallbackBranch main feat-z'], pending: true }],
  },
  {
    name: 'matchingBranch: the consumer branch named like the provider’s',
    body: () => ({ providerVersionBranch: 'feat-x', consumerVersionSelectors: [{ matchingBranch: true }] }),
    expected: [{ pact: 'Web 3', reasons: ['branch feat-x'], pending: true }],
  },
  {
    name: 'tag with latest, all versions with a tag, and a fallback tag',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ tag: 'prod', latest: true }, { tag: 'prod' }, { tag: 'beta', latest: true, fallbackTag: 'prod' }] }),
    expected: [{ pact: 'Mobile 1', reasons: ['latestTag prod', 'tag prod', 'fallbackTag prod beta'], pending: false }],
  },
  {
    name: 'latest: the newest pact of each consumer (Web 4’s content was verified as Web 1’s)',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ latest: true }] }),
    expected: [
      { pact: 'Mobile 2', reasons: ['latest'], pending: true },
      { pact: 'Web 4', reasons: ['latest'], pending: false },
    ],
  },
  {
    name: 'one entry per content, with every reason that chose it, in selector order',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ mainBranch: true }, { deployedOrReleased: true }] }),
    expected: [
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main', 'deployed test'], pending: true },
      { pact: 'Mobile 1', reasons: ['released production'], pending: false },
      { pact: 'Web 1', reasons: ['deployed production'], pending: false },
    ],
  },
  {
    name: 'the same content from two versions is verified once, as the newest version’s pact',
    body: () => ({ ...onMain, consumerVersionSelectors: [{ environment: 'production' }, { branch: 'feat-y' }] }),
    expected: [
      { pact: 'Mobile 1', reasons: ['environment production'], pending: false },
      { pact: 'Web 4', reasons: ['environment production', 'branch feat-y'], pending: false },
    ],
  },
  {
    name: 'no selectors: the defaults (main branch heads, deployed, released)',
    body: () => ({ ...onMain }),
    expected: [
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main', 'deployed test'], pending: true },
      { pact: 'Web 1', reasons: ['deployed production'], pending: false },
      { pact: 'Mobile 1', reasons: ['released production'], pending: false },
    ],
  },
  {
    name: 'includePendingStatus false: no pending status at all',
    body: () => ({ ...onMain, includePendingStatus: false, consumerVersionSelectors: [{ mainBranch: true }] }),
    expected: [
      { pact: 'Mobile 2', reasons: ['mainBranch master'] },
      { pact: 'Web 2', reasons: ['mainBranch main'] },
    ],
  },
  {
    name: 'without a provider branch or tags: pending until verified by any provider version',
    body: () => ({ consumerVersionSelectors: [{ environment: 'production' }, { branch: 'feat-x' }] }),
    expected: [
      { pact: 'Mobile 1', reasons: ['environment production'], pending: false },
      { pact: 'Web 1', reasons: ['environment production'], pending: false },
      { pact: 'Web 3', reasons: ['branch feat-x'], pending: true },
    ],
  },
  {
    name: 'includeWipPactsSince: branch heads published since then, not selected and still pending, are WIP',
    body: (since) => ({ ...onMain, includeWipPactsSince: since, consumerVersionSelectors: [{ mainBranch: true }] }),
    expected: [
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main'], pending: true },
      { pact: 'Web 3', reasons: ['branch feat-x Web'], pending: true, wip: true },
    ],
  },
  {
    name: 'includeWipPactsSince needs a provider branch or tags',
    body: (since) => ({ includeWipPactsSince: since, consumerVersionSelectors: [{ mainBranch: true }] }),
    expected: [
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main'], pending: true },
    ],
  },
];

describe('pacts for verification on the in-memory repositories', () => {
  let w: World;
  let since: string;
  beforeEach(async () => {
    ({ w, since } = await history());
  });

  it.each(cases)('$name', async ({ body, expected }) => {
    expect(selectionSummary(await w.forVerification('API', body(since)))).toEqual(expected);
  });

  it('WIP: one entry per content across branches, the first branch (by name) giving it; verified or older contents are not WIP', async () => {
    // feat-z's head has feat-x's content (Web 3): one WIP entry, from feat-x. Web 4 (feat-y) has Web 1's content, verified.
    await w.publish('Web', '5', { branch: 'feat-z', pacts: { API: ['/orders', '/search'] } });
    await w.publish('Mobile', '3', { branch: 'feat-m', pacts: { API: ['/profile'] } }); // Mobile 1's content: verified on main
    expect(selectionSummary(await w.forVerification('API', { ...onMain, includeWipPactsSince: since, consumerVersionSelectors: [{ deployed: true }] }))).toEqual([
      { pact: 'Web 2', reasons: ['deployed test'], pending: true },
      { pact: 'Web 1', reasons: ['deployed production'], pending: false },
      { pact: 'Web 3', reasons: ['branch feat-x Web'], pending: true, wip: true },
    ]);
  });

  it('an undeployed version stops being selected at once, and so does a release whose support ended', async () => {
    await w.undeploy('Web', '1', 'production');
    await w.endSupport('Mobile', '1', 'production');
    expect(selectionSummary(await w.forVerification('API', { ...onMain, consumerVersionSelectors: [{ environment: 'production' }, { deployed: true }] }))).toEqual([
      { pact: 'Web 2', reasons: ['deployed test'], pending: true },
    ]);
  });

  it('pending per provider branch: a verification on the branch, or any verification from before the branch existed, ends it', async () => {
    // API's develop branch starts after Web 1 and Mobile 1 were verified (on main); Web 2 is verified on main later.
    await w.version('API', '101', 'develop');
    await w.verify('API', '102', 'Web', '2', true, { branch: 'main' });
    const onDevelop = await w.forVerification('API', { providerVersionBranch: 'develop', consumerVersionSelectors: [{ deployedOrReleased: true }] });
    expect(selectionSummary(onDevelop)).toEqual([
      { pact: 'Mobile 1', reasons: ['released production'], pending: false },
      { pact: 'Web 2', reasons: ['deployed test'], pending: true },
      { pact: 'Web 1', reasons: ['deployed production'], pending: false },
    ]);
    await w.verify('API', '103', 'Web', '2', true, { branch: 'develop' });
    expect(selectionSummary(await w.forVerification('API', { providerVersionBranch: 'develop', consumerVersionSelectors: [{ deployed: true, consumer: 'Web' }] }))).toEqual([
      { pact: 'Web 2', reasons: ['deployed test Web'], pending: false },
      { pact: 'Web 1', reasons: ['deployed production Web'], pending: false },
    ]);
  });

  it('a failed verification does not end pending', async () => {
    await w.verify('API', '104', 'Web', '2', false, { branch: 'main' });
    expect(selectionSummary(await w.forVerification('API', { ...onMain, consumerVersionSelectors: [{ mainBranch: true, consumer: 'Web' }] }))).toEqual([{ pact: 'Web 2', reasons: ['mainBranch main Web'], pending: true }]);
  });

  it('pending per provider tags: verified with every one of the tags', async () => {
    await w.verify('API', '105', 'Web', '2', true, { tags: ['prod'] });
    const body = (tags: string[]) => ({ providerVersionTags: tags, consumerVersionSelectors: [{ mainBranch: true }] });
    expect(selectionSummary(await w.forVerification('API', body(['prod'])))).toEqual([
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main'], pending: false },
    ]);
    expect(selectionSummary(await w.forVerification('API', body(['prod', 'eu'])))).toEqual([
      { pact: 'Mobile 2', reasons: ['mainBranch master'], pending: true },
      { pact: 'Web 2', reasons: ['mainBranch main'], pending: true },
    ]);
  });

  it('a new head on the main branch is selected instead of the old one', async () => {
    await w.publish('Web', '5', { branch: 'main', pacts: { API: ['/orders', '/orders/1', '/orders/2'] } });
    expect(selectionSummary(await w.forVerification('API', { ...onMain, consumerVersionSelectors: [{ mainBranch: true, consumer: 'Web' }] }))).toEqual([{ pact: 'Web 5', reasons: ['mainBranch main Web'], pending: true }]);
  });

  it('words the notices the verifier prints for a pact chosen twice and pending', async () => {
    const request = forVerificationRequest({ ...onMain, consumerVersionSelectors: [{ mainBranch: true }, { deployed: true }] });
    const selected = await w.forVerification('API', { ...onMain, consumerVersionSelectors: [{ mainBranch: true }, { deployed: true }] });
    const web2 = selected.find((pact) => pact.publication.consumerVersion === '2' && pact.publication.consumer === 'Web');
    expect(web2).toBeDefined();
    const notices = verificationNotices(web2 as (typeof selected)[number], 'API', request, 'https://broker/pacts/web-2');
    expect(notices.slice(0, 2)).toEqual([
      {
        when: 'before_verification',
        text: "The pact at https://broker/pacts/web-2 is being verified because the pact content belongs to the consumer versions matching the following criteria:\n    * latest version from the main branch 'main' (2)\n    * consumer version(s) currently deployed to test (2)",
      },
      {
        when: 'before_verification',
        text: "This pact is in pending state for this version of API because a successful verification result for a version of API from branch 'main' has not yet been published. If this verification fails, it will not cause the overall build to fail. Read more at https://docs.pact.io/go/pending",
      },
    ]);
  });

  it('refuses an unknown provider and an unknown environment', async () => {
    await expect(w.forVerification('Nobody', { consumerVersionSelectors: [{ mainBranch: true }] })).rejects.toBeInstanceOf(NotFound);
    await expect(w.forVerification('API', { consumerVersionSelectors: [{ environment: 'staging' }] })).rejects.toEqual(new ValidationMessages(["environment with name 'staging' does not exist"]));
    expect(() => w.forVerification('API', { consumerVersionSelectors: [{ matchingBranch: true }] })).toThrow(ValidationMessages);
  });

  it('a provider without consumers gets nothing to verify', async () => {
    await w.version('Lonely', '1');
    expect(await w.forVerification('Lonely', { consumerVersionSelectors: [{ mainBranch: true }] })).toEqual([]);
  });
});
