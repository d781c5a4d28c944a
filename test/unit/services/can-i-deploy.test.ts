/**
 * can-i-deploy (`evaluateMatrix` behind `GET /can-i-deploy`) on the in-memory repositories: realistic histories built
 * through the services (publish, verify, deploy, release), then the question the CLI asks. The decision and its
 * reasons are asserted as data; a few cases check the words the CLI prints (`#domain/messages.ts`).
 */
import { describe, expect, it } from 'vitest';
import type { ComparisonFinding } from '../../../shared/domain/model.ts';
import { ValidationMessages } from '../../../shared/domain/errors.ts';
import { matrixNotices } from '../../../shared/domain/messages.ts';
import { publishProviderContract } from '../../../shared/services/provider-contracts.ts';
import { brokerWorld, decisionSummary, pact, rowText, type World } from './broker-world.ts';

interface Case {
  readonly name: string;
  readonly given: (w: World) => Promise<unknown>;
  readonly ask: readonly [pacticipant: string, version: string, target: { environment: string } | { to: string }, ignore?: readonly string[]];
  readonly expected: ReturnType<typeof decisionSummary>;
}

/** Web 1 (main) publishes its pact with API; API 10 and 11 are provider builds on main. */
async function webAndApi(w: World): Promise<void> {
  await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
  await w.version('API', '10', 'main');
}

const cases: Case[] = [
  {
    name: 'yes: the provider version in the environment verified the pact',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true);
      await w.deploy('API', '10', 'production');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] },
  },
  {
    name: 'no: the verification by the provider version in the environment failed',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', false);
      await w.deploy('API', '10', 'production');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: false, success: 0, failed: 1, unknown: 0, reasons: ['verificationFailed: Web 1 -> API 10'] },
  },
  {
    name: 'unknown (null): the provider version in the environment has not verified this pact yet',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '11', 'Web', '1', true);
      await w.deploy('API', '10', 'production');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: null, success: 0, failed: 0, unknown: 1, reasons: ['verificationMissing: Web 1 -> API 10'] },
  },
  {
    name: 'no: a provider the consumer depends on has no version in the environment (not worth waiting for)',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true);
      await w.deploy('API', '10', 'test');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: false, success: 0, failed: 0, unknown: 1, reasons: ['counterpartMissing: Web 1 -> API (none)'] },
  },
  {
    name: 'yes: ignoring the missing provider, with the ignored row counted',
    given: async (w) => {
      await webAndApi(w);
      await w.deploy('API', '10', 'test');
    },
    ask: ['Web', '1', { environment: 'production' }, ['API']],
    expected: { deployable: true, success: 0, failed: 0, unknown: 0, ignored: 1, reasons: ['noDependencies'] },
  },
  {
    name: 'yes: a new consumer version with the same pact content is already verified (results belong to the content)',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true);
      await w.deploy('API', '10', 'production');
      // The same interactions in another order, another library version: the same content.
      await w.publish('Web', '2', { branch: 'main', pacts: { API: pact('Web', 'API', ['/orders'], { 'pact-js': { version: '13' } }) } });
    },
    ask: ['Web', '2', { environment: 'production' }],
    expected: { deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] },
  },
  {
    name: 'no longer: a changed pact is not covered by the verification of the earlier content',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true);
      await w.deploy('API', '10', 'production');
      await w.publish('Web', '2', { branch: 'main', pacts: { API: ['/orders', '/orders/1'] } });
    },
    ask: ['Web', '2', { environment: 'production' }],
    expected: { deployable: null, success: 0, failed: 0, unknown: 1, reasons: ['verificationMissing: Web 2 -> API 10'] },
  },
  {
    name: 'every provider version in the environment is checked (one per application instance): one failure is a no',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true);
      await w.verify('API', '11', 'Web', '1', false);
      await w.deploy('API', '10', 'production', 'eu');
      await w.deploy('API', '11', 'production', 'us');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: false, success: 1, failed: 1, unknown: 0, reasons: ['verificationFailed: Web 1 -> API 11'] },
  },
  {
    name: 'only the version now deployed counts: a replaced deployment no longer matters',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', false);
      await w.verify('API', '11', 'Web', '1', true);
      await w.deploy('API', '10', 'production');
      await w.deploy('API', '11', 'production');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] },
  },
  {
    name: 'an undeployed provider is gone from the environment at once',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true);
      await w.deploy('API', '10', 'production');
      await w.undeploy('API', '10', 'production');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: false, success: 0, failed: 0, unknown: 1, reasons: ['counterpartMissing: Web 1 -> API (none)'] },
  },
  {
    name: 'as a provider: every consumer version in the environment (deployed or released and supported) must have verified',
    given: async (w) => {
      await webAndApi(w);
      await w.publish('Mobile', '5', { branch: 'main', pacts: { API: ['/orders', '/profile'] } });
      await w.verify('API', '11', 'Web', '1', true);
      await w.deploy('Web', '1', 'production');
      await w.release('Mobile', '5', 'production');
    },
    ask: ['API', '11', { environment: 'production' }],
    expected: { deployable: null, success: 1, failed: 0, unknown: 1, reasons: ['verificationMissing: Mobile 5 -> API 11'] },
  },
  {
    name: 'as a provider: a consumer release whose support ended is no longer a dependant',
    given: async (w) => {
      await webAndApi(w);
      await w.publish('Mobile', '5', { branch: 'main', pacts: { API: ['/orders', '/profile'] } });
      await w.verify('API', '11', 'Web', '1', true);
      await w.deploy('Web', '1', 'production');
      await w.release('Mobile', '5', 'production');
      await w.endSupport('Mobile', '5', 'production');
    },
    ask: ['API', '11', { environment: 'production' }],
    expected: { deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] },
  },
  {
    name: 'as a provider with no consumer in the environment: nothing depends on it',
    given: async (w) => {
      await webAndApi(w);
      await w.deploy('Web', '1', 'test');
    },
    ask: ['API', '10', { environment: 'production' }],
    expected: { deployable: true, success: 0, failed: 0, unknown: 0, reasons: ['noDependencies'] },
  },
  {
    name: 'a consumer with two providers: each must be verified by its version in the environment',
    given: async (w) => {
      await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'], Auth: ['/token'] } });
      await w.verify('API', '10', 'Web', '1', true);
      await w.verify('Auth', '3', 'Web', '1', false);
      await w.deploy('API', '10', 'production');
      await w.deploy('Auth', '3', 'production');
    },
    ask: ['Web', '1', { environment: 'production' }],
    expected: { deployable: false, success: 1, failed: 1, unknown: 0, reasons: ['verificationFailed: Web 1 -> Auth 3'] },
  },
  {
    name: 'no: the version asked about does not exist',
    given: webAndApi,
    ask: ['Web', '9', { environment: 'production' }],
    expected: { deployable: false, success: 0, failed: 0, unknown: 0, reasons: ['specifiedNotFound: Web 9'] },
  },
  {
    name: 'to a tag: the latest provider version with the tag is the counterpart',
    given: async (w) => {
      await webAndApi(w);
      await w.verify('API', '10', 'Web', '1', true, { tags: ['prod'] });
      await w.verify('API', '11', 'Web', '1', false);
    },
    ask: ['Web', '1', { to: 'prod' }],
    expected: { deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] },
  },
];

describe('can-i-deploy on the in-memory repositories', () => {
  it.each(cases)('$name', async ({ given, ask, expected }) => {
    const w = await brokerWorld();
    await given(w);
    expect(decisionSummary(await w.canIDeploy(...ask))).toEqual(expected);
  });

  it('says what to do next in the words the CLI prints', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'], Auth: ['/token'] } });
    await w.verify('API', '10', 'Web', '1', false);
    await w.deploy('API', '10', 'production');
    const result = await w.canIDeploy('Web', '1', { environment: 'production' });
    expect(result.rows.map(rowText)).toEqual(['Web 1 -> API 10', 'Web 1 -> Auth (none)']);
    expect(matrixNotices(result.decision.reasons)).toEqual([
      {
        type: 'error',
        text: 'There is no verified pact between version 1 of Web and a version of Auth currently in production (no version is currently recorded as deployed/released in this environment). If Auth is running in production, record it there with: pact-broker record-deployment --pacticipant Auth --version <version> --environment production (or record-release).',
      },
      { type: 'error', text: 'The verification for the pact between version 1 of Web and the version of API currently in production (10) failed' },
    ]);
  });

  it('checks a provider against each consumer version in the environment, naming the one still to verify', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
    await w.publish('Web', '2', { branch: 'main', pacts: { API: ['/orders', '/orders/1'] } });
    await w.verify('API', '11', 'Web', '1', true);
    await w.deploy('Web', '1', 'production', 'eu');
    await w.deploy('Web', '2', 'production', 'us');
    const result = await w.canIDeploy('API', '11', { environment: 'production' });
    expect(decisionSummary(result)).toEqual({ deployable: null, success: 1, failed: 0, unknown: 1, reasons: ['verificationMissing: Web 2 -> API 11'] });
    expect(matrixNotices(result.decision.reasons).map((notice) => notice.text)).toEqual([
      'There is no verified pact between one of the versions of Web currently in production (2) and version 11 of API. Waiting for API version 11 to publish a verification result for this pact (run its provider verification with publishing enabled).',
    ]);
  });

  it('turns from unknown to yes when the verification arrives (what --retry-while-unknown waits for)', async () => {
    const w = await brokerWorld();
    await webAndApi(w);
    await w.deploy('API', '10', 'production');
    expect((await w.canIDeploy('Web', '1', { environment: 'production' })).decision.deployable).toBeNull();
    await w.verify('API', '10', 'Web', '1', true);
    expect((await w.canIDeploy('Web', '1', { environment: 'production' })).decision.deployable).toBe(true);
  });

  it('the latest result of a provider version decides: a later failure after a success is a no', async () => {
    const w = await brokerWorld();
    await webAndApi(w);
    await w.verify('API', '10', 'Web', '1', true);
    await w.verify('API', '10', 'Web', '1', false);
    await w.deploy('API', '10', 'production');
    expect(decisionSummary(await w.canIDeploy('Web', '1', { environment: 'production' }))).toEqual({ deployable: false, success: 0, failed: 1, unknown: 0, reasons: ['verificationFailed: Web 1 -> API 10'] });
  });

  it('bi-directional: a provider contract without a comparison yet is unknown and the comparison is requested; its result decides', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
    const { contract } = await publishProviderContract(w.context, { provider: 'API', version: '20', branch: 'main', tags: [], text: 'openapi: 3.0.0\npaths: {}\n', contentType: 'application/yaml', selfVerification: { success: true, verifier: 'schemathesis' } });
    await w.deploy('API', '20', 'production');
    const { sha } = await w.publicationOf('Web', '1', 'API');
    const job = { tenant: w.context.tenantId, consumer: 'Web', provider: 'API', pactSha: sha, oasSha: contract.sha };
    // Publishing the provider contract already queued the comparison with Web's main branch head (once), naming the
    // provider version whose contract it is (for its webhook events).
    expect(w.context.comparisonQueue.sent).toEqual([{ ...job, providerVersion: '20' }]);

    const pending = await w.canIDeploy('Web', '1', { environment: 'production' });
    expect(decisionSummary(pending)).toEqual({ deployable: null, success: 0, failed: 0, unknown: 1, reasons: ['comparisonPending: Web 1 -> API 20'] });
    // can-i-deploy asks again without claiming (its role may not write), naming the row's provider version too: the
    // FIFO queue deduplicates (by the two contents).
    expect(w.context.comparisonQueue.sent).toEqual([{ ...job, providerVersion: '20' }, { ...job, providerVersion: '20' }]);

    await w.context.comparisons.put({ consumer: 'Web', provider: 'API', pactSha: sha, oasSha: contract.sha, success: true, errors: [], warnings: [], engine: 'test', engineVersion: '1', comparedAt: '2026-01-01T01:00:00.000Z' });
    const compared = await w.canIDeploy('Web', '1', { environment: 'production' });
    expect(decisionSummary(compared)).toEqual({ deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] });
    expect(compared.rows[0]?.verification).toMatchObject({ type: 'BDCT', success: true });
  });

  /** Web 1's pact and API 20's provider contract (deployed to production), compared with the given findings. */
  async function comparedWith(errors: readonly ComparisonFinding[]): Promise<World> {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'] } });
    const { contract } = await publishProviderContract(w.context, { provider: 'API', version: '20', tags: [], text: 'openapi: 3.0.0\npaths: {}\n', contentType: 'application/yaml', selfVerification: { success: true } });
    await w.deploy('API', '20', 'production');
    const { sha } = await w.publicationOf('Web', '1', 'API');
    await w.context.comparisons.put({ consumer: 'Web', provider: 'API', pactSha: sha, oasSha: contract.sha, success: errors.length === 0, errors, warnings: [], engine: 'test', engineVersion: '1', comparedAt: '2026-01-01T01:00:00.000Z' });
    return w;
  }
  const unknownPath: ComparisonFinding = { code: 'request.path-or-method.unknown', message: 'Path or method not defined in spec file: GET /orders', type: 'error', mockDetails: { interactionDescription: 'a request for /orders', location: '[root].interactions[0].request.path' } };
  const mismatch = "interaction 'a request for /orders': Path or method not defined in spec file: GET /orders [request.path-or-method.unknown at [root].interactions[0].request.path]";

  it('bi-directional: a failed comparison is a no that names the mismatch', async () => {
    const result = await (await comparedWith([unknownPath])).canIDeploy('Web', '1', { environment: 'production' });
    expect(decisionSummary(result)).toEqual({ deployable: false, success: 0, failed: 1, unknown: 0, reasons: ['verificationFailed: Web 1 -> API 20'] });
    expect(result.rows[0]?.verification).toMatchObject({ type: 'BDCT', success: false, failureDetail: mismatch });
  });

  it('bi-directional: the notice of a failed comparison reads "The pact between …"', async () => {
    const result = await (await comparedWith([unknownPath])).canIDeploy('Web', '1', { environment: 'production' });
    expect(matrixNotices(result.decision.reasons)[0]?.text).toBe(`The pact between version 1 of Web and the version of API currently in production (20) is not compatible with API's provider contract: ${mismatch}`);
  });

  it('refuses an unknown environment or pacticipant, naming each', async () => {
    const w = await brokerWorld();
    await webAndApi(w);
    await expect(w.canIDeploy('Web', '1', { environment: 'staging' })).rejects.toEqual(new ValidationMessages(["Environment with name 'staging' does not exist"]));
    await expect(w.canIDeploy('Nobody', '1', { environment: 'production' })).rejects.toEqual(new ValidationMessages(['Pacticipant Nobody not found']));
  });

  it('the matrix with two selectors and no target looks only at the integration between them', async () => {
    const w = await brokerWorld();
    await w.publish('Web', '1', { branch: 'main', pacts: { API: ['/orders'], Auth: ['/token'] } });
    await w.verify('API', '10', 'Web', '1', true);
    const result = await w.matrix([
      ['q[][pacticipant]', 'Web'],
      ['q[][version]', '1'],
      ['q[][pacticipant]', 'API'],
      ['q[][version]', '10'],
      ['latestby', 'cvpv'],
    ]);
    expect(result.rows.map(rowText)).toEqual(['Web 1 -> API 10']);
    expect(decisionSummary(result)).toEqual({ deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['allVerified'] });
  });

  it('a branch selector without a version warns that the answer may race', async () => {
    const w = await brokerWorld();
    await webAndApi(w);
    await w.verify('API', '10', 'Web', '1', true);
    await w.deploy('API', '10', 'production');
    const result = await w.matrix([
      ['q[][pacticipant]', 'Web'],
      ['q[][branch]', 'main'],
      ['q[][latest]', 'true'],
      ['environment', 'production'],
      ['latestby', 'cvp'],
    ]);
    expect(decisionSummary(result)).toEqual({ deployable: true, success: 1, failed: 0, unknown: 0, reasons: ['recommendVersion', 'allVerified'] });
  });
});
