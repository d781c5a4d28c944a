/** Table-driven tests of the can-i-deploy rules (docs/rules.md §7.5–§7.8 and the scenario catalogue §7.11). */
import { describe, expect, it } from 'vitest';
import { buildRows, decide, targetPactsNeeded, verificationLookupKey, verificationsNeeded, versionLookupKey, type MatrixFacts, type PactRef, type ResolvedSpecified, type VerificationRef, type VersionRef } from '../../../shared/domain/matrix/evaluate.ts';
import { parseCanIDeployQuery, parseMatrixQuery, type MatrixQuery } from '../../../shared/domain/matrix/query.ts';
import { matrixNotices } from '../../../shared/domain/messages.ts';

let order = 0;
const v = (pacticipant: string, number: string): VersionRef => ({ pacticipant, number, order: ++order });
const pact = (consumer: VersionRef, provider: string, sha = `${consumer.pacticipant}-${provider}-${consumer.number}`): PactRef => ({
  consumer: consumer.pacticipant,
  consumerVersion: consumer.number,
  provider,
  sha,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const verified = (success: boolean, number = 1): VerificationRef => ({ number, success, verifiedAt: '2026-01-01T00:00:00.000Z', providerVersion: '' });

/** A small world: specified versions, pacts, what is in the environment, and results. */
function world(options: {
  query: MatrixQuery;
  specified: { selector: ResolvedSpecified['selector']; versions: VersionRef[] }[];
  pacts?: PactRef[];
  consumersOf?: Record<string, string[]>;
  inTarget?: Record<string, VersionRef[]>;
  results?: { pact: PactRef; providerVersion: string; success: boolean; number?: number }[];
}): MatrixFacts {
  const pactsOfConsumerVersion = new Map<string, PactRef[]>();
  for (const p of options.pacts ?? []) pactsOfConsumerVersion.set(versionLookupKey(p.consumer, p.consumerVersion), [...(pactsOfConsumerVersion.get(versionLookupKey(p.consumer, p.consumerVersion)) ?? []), p]);
  const verifications = new Map<string, VerificationRef>();
  for (const result of options.results ?? []) {
    verifications.set(verificationLookupKey(result.pact.consumer, result.pact.provider, result.pact.sha, result.providerVersion), { ...verified(result.success, result.number), providerVersion: result.providerVersion });
  }
  return {
    query: options.query,
    specified: options.specified.map((entry) => ({ ...entry, pacticipantExists: true })),
    pactsOfConsumerVersion,
    consumersOf: new Map(Object.entries(options.consumersOf ?? {})),
    targetVersions: new Map(Object.entries(options.inTarget ?? {})),
    verifications,
  };
}

const toProduction = (pacticipant: string, version: string, extra: Partial<MatrixQuery> = {}): MatrixQuery => ({
  selectors: [{ pacticipant, version }],
  ignore: [],
  target: { environment: 'production' },
  latestby: 'cvpv',
  ...extra,
});

const evaluate = (facts: MatrixFacts) => {
  const rows = buildRows(facts);
  return { rows, decision: decide(facts, rows) };
};

describe('can-i-deploy decisions', () => {
  const foo1 = v('Foo', '1');
  const bar10 = v('Bar', '10');
  const bar11 = v('Bar', '11');
  const baz99 = v('Baz', '99');
  const fooBar = pact(foo1, 'Bar');
  const fooBaz = pact(foo1, 'Baz');
  const spec = (version: VersionRef) => [{ selector: { pacticipant: version.pacticipant, version: version.number }, versions: [version] }];

  it('S1: yes when the deployed provider verified the pact', () => {
    const { decision, rows } = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar], inTarget: { Bar: [bar10] }, results: [{ pact: fooBar, providerVersion: '10', success: true }] }));
    expect(rows).toHaveLength(1);
    expect(decision).toMatchObject({ deployable: true, success: 1, failed: 0, unknown: 0 });
    expect(decision.reasons.map((reason) => reason.kind)).toEqual(['allVerified']);
    expect(matrixNotices(decision.reasons).at(-1)?.text).toBe('All required verification results are published and successful');
  });

  it('S2: no when a provider the consumer depends on has no version in the environment (a missing dependency, not worth waiting for)', () => {
    const { decision } = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar, fooBaz], inTarget: { Bar: [bar10], Baz: [] }, results: [{ pact: fooBar, providerVersion: '10', success: true }, { pact: fooBaz, providerVersion: '99', success: false }] }));
    expect(decision).toMatchObject({ deployable: false, success: 1, failed: 0, unknown: 1 });
    expect(decision.reasons).toMatchObject([{ kind: 'counterpartMissing', environment: 'production', row: { provider: 'Baz', providerVersion: null } }]);
    expect(matrixNotices(decision.reasons).map((n) => n.text).join('\n')).toContain(
      'There is no verified pact between version 1 of Foo and a version of Baz currently in production (no version is currently recorded as deployed/released in this environment). If Baz is running in production, record it there with: pact-broker record-deployment --pacticipant Baz',
    );
  });

  it('S3: ignoring the missing dependency gives yes, with the ignored count', () => {
    const facts = world({ query: toProduction('Foo', '1', { ignore: [{ pacticipant: 'Baz' }] }), specified: spec(foo1), pacts: [fooBar, fooBaz], inTarget: { Bar: [bar10], Baz: [] }, results: [{ pact: fooBar, providerVersion: '10', success: true }] });
    const { decision, rows } = evaluate(facts);
    expect(decision).toMatchObject({ deployable: true, success: 1, failed: 0, unknown: 0, ignored: 1 });
    expect(rows.at(-1)?.ignored).toBe(true);
  });

  it('S4: a provider whose consumers are not in the environment has no missing dependencies', () => {
    const { decision } = evaluate(world({ query: toProduction('Bar', '2'), specified: spec(v('Bar', '2')), consumersOf: { Bar: ['Foo'] }, inTarget: { Foo: [] } }));
    expect(decision).toMatchObject({ deployable: true });
    expect(matrixNotices(decision.reasons).at(-1)?.text).toBe('There are no missing dependencies');
  });

  it('S5: unknown while the provider version has not verified the pact of a consumer in the environment', () => {
    const bar5 = v('Bar', '5');
    const { decision } = evaluate(world({ query: toProduction('Bar', '5'), specified: spec(bar5), pacts: [fooBar], consumersOf: { Bar: ['Foo'] }, inTarget: { Foo: [foo1] } }));
    expect(decision.deployable).toBeNull();
    expect(decision.reasons).toMatchObject([{ kind: 'verificationMissing', row: { consumerParty: { kind: 'inferred', pacticipant: 'Foo' }, providerParty: { kind: 'specified' } } }]);
    expect(matrixNotices(decision.reasons).at(-1)?.text).toContain('There is no verified pact between the version of Foo currently in production (1) and version 5 of Bar');
  });

  it('S6/S7: every provider version in the environment is checked: one failed → no (reference #903)', () => {
    const { decision, rows } = evaluate(world({
      query: toProduction('Foo', '1', { latestby: 'cvp' }),
      specified: spec(foo1),
      pacts: [fooBar],
      inTarget: { Bar: [bar11, bar10] },
      results: [{ pact: fooBar, providerVersion: '10', success: false }, { pact: fooBar, providerVersion: '11', success: true }],
    }));
    expect(rows).toHaveLength(2);
    expect(decision.deployable).toBe(false);
    expect(matrixNotices(decision.reasons).at(-1)?.text).toBe('The verification for the pact between version 1 of Foo and one of the versions of Bar currently in production (10) failed');
  });

  it('S8/S9: only the version now in the environment counts', () => {
    const yes = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar], inTarget: { Bar: [bar11] }, results: [{ pact: fooBar, providerVersion: '10', success: false }, { pact: fooBar, providerVersion: '11', success: true }] }));
    expect(yes.decision.deployable).toBe(true);
    const no = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar], inTarget: { Bar: [bar11] }, results: [{ pact: fooBar, providerVersion: '10', success: true }, { pact: fooBar, providerVersion: '11', success: false }] }));
    expect(no.decision.deployable).toBe(false);
  });

  it('S10: a specified version that does not exist is a no, with only that reason', () => {
    const { decision } = evaluate(world({ query: toProduction('Foo', '9'), specified: [{ selector: { pacticipant: 'Foo', version: '9' }, versions: [] }] }));
    expect(decision.deployable).toBe(false);
    expect(matrixNotices(decision.reasons).map((n) => n.text)).toEqual(['No pacts or verifications have been published for version 9 of Foo']);
  });

  it('S11: a new provider is deployable when the consumer in the environment has no pact with it', () => {
    const c1 = v('c1', '1');
    const { decision } = evaluate(world({ query: toProduction('p2', '1'), specified: spec(v('p2', '1')), pacts: [pact(c1, 'other')], consumersOf: { p2: ['c1'] }, inTarget: { c1: [c1] } }));
    expect(decision.deployable).toBe(true);
  });

  it('S12: a failure and an unknown give no at once (waiting cannot make it yes), listing both reasons', () => {
    const { decision } = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar, fooBaz], inTarget: { Bar: [bar10], Baz: [baz99] }, results: [{ pact: fooBar, providerVersion: '10', success: false }] }));
    expect(decision.deployable).toBe(false);
    expect(matrixNotices(decision.reasons).map((n) => n.type)).toEqual(['error', 'error']);
  });

  it('S13: a new consumer version with already-verified content is pre-verified (results belong to the content)', () => {
    const foo2 = v('Foo', '2');
    const samePact = pact(foo2, 'Bar', fooBar.sha);
    const { decision } = evaluate(world({ query: toProduction('Foo', '2'), specified: spec(foo2), pacts: [samePact], inTarget: { Bar: [bar10] }, results: [{ pact: fooBar, providerVersion: '10', success: true }] }));
    expect(decision.deployable).toBe(true);
  });

  it('S14: the latest result of a provider version is the one given (the service passes only the latest)', () => {
    const { decision } = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar], inTarget: { Bar: [bar10] }, results: [{ pact: fooBar, providerVersion: '10', success: false, number: 2 }] }));
    expect(decision.deployable).toBe(false);
  });

  it('S16: without a target, the latest counterpart is used and the reasons start with the recommendation', () => {
    const query: MatrixQuery = { selectors: [{ pacticipant: 'Foo', version: '1' }], ignore: [], target: { latest: true }, latestby: 'cvp' };
    const { decision } = evaluate(world({ query, specified: spec(foo1), pacts: [fooBar], inTarget: { Bar: [bar11] }, results: [{ pact: fooBar, providerVersion: '11', success: true }] }));
    expect(decision.deployable).toBe(true);
    expect(matrixNotices(decision.reasons)[0]?.text).toBe('WARN: It is recommended to specify the environment into which you are deploying. Without the environment, this result will not be reliable.');
  });

  it('co-resident (docs/rules.md §7.5): a co-resident provider version that never verified the pact is unknown, not a silent yes', () => {
    const { decision, rows } = evaluate(world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar], inTarget: { Bar: [bar11, bar10] }, results: [{ pact: fooBar, providerVersion: '10', success: true }] }));
    expect(rows).toHaveLength(2);
    expect(decision).toMatchObject({ deployable: null, success: 1, unknown: 1 });
  });

  it('checks a provider against every consumer version in the environment', () => {
    const foo2 = v('Foo', '2');
    const foo2Bar = pact(foo2, 'Bar');
    const { decision, rows } = evaluate(world({
      query: toProduction('Bar', '10'),
      specified: spec(bar10),
      pacts: [fooBar, foo2Bar],
      consumersOf: { Bar: ['Foo'] },
      inTarget: { Foo: [foo2, foo1] },
      results: [{ pact: fooBar, providerVersion: '10', success: true }, { pact: foo2Bar, providerVersion: '10', success: false }],
    }));
    expect(rows).toHaveLength(2);
    expect(decision.deployable).toBe(false);
  });

  it('with two selectors and no target, only the integration between them counts', () => {
    const query: MatrixQuery = { selectors: [{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar', version: '10' }], ignore: [], target: {}, latestby: 'cvpv' };
    const facts = world({ query, specified: [...spec(foo1), ...spec(bar10)], pacts: [fooBar, fooBaz], consumersOf: { Bar: ['Foo'] }, results: [{ pact: fooBar, providerVersion: '10', success: true }] });
    const { decision, rows } = evaluate(facts);
    expect(rows).toHaveLength(1);
    expect(decision.deployable).toBe(true);
    expect(matrixNotices(decision.reasons)).toEqual([{ type: 'success', text: 'All required verification results are published and successful' }]);
  });

  it('warns about tag, branch and latest selectors without a version number', () => {
    const query: MatrixQuery = { selectors: [{ pacticipant: 'Foo', branch: 'main', latest: true }], ignore: [], target: { environment: 'production' } };
    const { decision } = evaluate(world({ query, specified: [{ selector: { pacticipant: 'Foo', branch: 'main', latest: true }, versions: [foo1] }], pacts: [fooBar], inTarget: { Bar: [bar10] }, results: [{ pact: fooBar, providerVersion: '10', success: true }] }));
    expect(matrixNotices(decision.reasons)[0]?.text).toContain('It is recommended to specify the version number');
    expect(decision.deployable).toBe(true);
  });
});

describe('matrix query parsing (Rack nested-query semantics)', () => {
  const pairs = (query: string) => query.split('&').map((part) => part.split('=').map(decodeURIComponent) as [string, string]);

  it('groups selectors in order, starting a new one when a key repeats', () => {
    const { query, errors } = parseMatrixQuery(pairs('q[][pacticipant]=Foo&q[][version]=1.2.3&q[][pacticipant]=Bar&q[][latest]=true&q[][tag]=prod&latestby=cvpv&ignore[][pacticipant]=Baz&ignore[][pacticipant]=Qux&ignore[][version]=3'));
    expect(errors).toEqual([]);
    expect(query.selectors).toEqual([{ pacticipant: 'Foo', version: '1.2.3' }, { pacticipant: 'Bar', latest: true, tag: 'prod' }]);
    expect(query.ignore).toEqual([{ pacticipant: 'Baz' }, { pacticipant: 'Qux', version: '3' }]);
    expect(query.latestby).toBe('cvpv');
  });

  it('reads the target options', () => {
    expect(parseMatrixQuery(pairs('q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv&environment=prod env')).query.target).toEqual({ environment: 'prod env' });
    expect(parseMatrixQuery(pairs('q[][pacticipant]=Foo&q[][version]=1&tag=prod&latestby=cvp&latest=true')).query.target).toEqual({ tag: 'prod', latest: true });
    expect(parseMatrixQuery(pairs('q[][pacticipant]=Foo&q[][version]=1&latestby=cvp&latest=true&mainBranch=true')).query.target).toEqual({ latest: true, mainBranch: true });
  });

  it.each([
    ['latestby=cvp', 'Please provide 1 or more version selectors.'],
    ['q[][version]=1', 'Please specify the pacticipant name'],
    ['q[][pacticipant]=Foo&q[][version]=1&q[][latest]=true', 'A version number and latest flag cannot both be specified for Foo'],
    ['q[][pacticipant]=Foo&q[][version]=1&tag=a&environment=b', 'Cannot specify more than one of tag, environment and mainBranch.'],
    ['q[][pacticipant]=Foo&q[][version]=1&latest=true&environment=b', 'Cannot specify both latest=true and an environment.'],
    ['q[][pacticipant]=Foo&q[][version]=1&limit=0', 'The limit must be a whole number from 1 to 1000.'],
    ['q[][pacticipant]=Foo&q[][version]=1&limit=1001', 'The limit must be a whole number from 1 to 1000.'],
    [Array.from({ length: 51 }, (_, index) => `q[][pacticipant]=P${index}&q[][version]=1`).join('&'), 'Please provide at most 50 version selectors (51 different ones were given).'],
    ['q[][pacticipant]=Foo&ignore[][version]=1', 'Please specify the pacticipant name to ignore'],
  ])('%s → %s', (query, message) => {
    expect(parseMatrixQuery(pairs(query)).errors).toContain(message);
  });

  it('merges duplicate selectors, so a repeated selector neither counts twice nor costs twice', () => {
    const many = Array.from({ length: 200 }, () => 'q[][pacticipant]=Foo&q[][version]=1').join('&');
    const { query, errors } = parseMatrixQuery(pairs(`${many}&q[][pacticipant]=Bar&q[][latest]=true&ignore[][pacticipant]=Baz&ignore[][pacticipant]=Baz`));
    expect(errors).toEqual([]);
    expect(query.selectors).toEqual([{ pacticipant: 'Foo', version: '1' }, { pacticipant: 'Bar', latest: true }]);
    expect(query.ignore).toEqual([{ pacticipant: 'Baz' }]);
  });

  it('parses /can-i-deploy and requires exactly one of environment and to', () => {
    expect(parseCanIDeployQuery(pairs('pacticipant=Foo&version=1&environment=production')).query).toMatchObject({ selectors: [{ pacticipant: 'Foo', version: '1' }], target: { environment: 'production' } });
    expect(parseCanIDeployQuery(pairs('pacticipant=Foo&version=1')).errors).toEqual({ environment: ["Must specify either an environment or a 'to' tag."] });
    expect(parseCanIDeployQuery(pairs('pacticipant=Foo&version=1&environment=a&to=b')).errors).toEqual({ environment: ["Cannot specify both a 'to' tag and an environment."] });
  });
});

describe('the facts can-i-deploy needs (pure steps before each batch read)', () => {
  const foo1 = v('Foo', '1');
  const web7 = v('Web', '7');
  const bar10 = v('Bar', '10');
  const specifiedBar = [{ selector: { pacticipant: 'Bar', version: '10' }, versions: [bar10], pacticipantExists: true }];

  it('asks only for the target consumers\' pacts with a specified pacticipant', () => {
    const needed = targetPactsNeeded({
      query: toProduction('Bar', '10'),
      specified: specifiedBar,
      consumersOf: new Map([['Bar', ['Foo', 'Web']], ['Baz', ['Foo']]]),
      targetVersions: new Map([['Foo', [foo1]], ['Web', [web7]], ['Baz', [v('Baz', '3')]]]),
    });
    expect(needed).toEqual([
      { consumer: 'Foo', consumerVersion: '1', provider: 'Bar' },
      { consumer: 'Web', consumerVersion: '7', provider: 'Bar' },
    ]);
  });

  it('asks for no target pacts without a target', () => {
    expect(targetPactsNeeded({ query: { ...toProduction('Bar', '10'), target: {} }, specified: specifiedBar, consumersOf: new Map([['Bar', ['Foo']]]), targetVersions: new Map([['Foo', [foo1]]]) })).toEqual([]);
  });

  it('asks for one verification per row that has a provider version', () => {
    const fooBar = pact(foo1, 'Bar');
    const facts = world({ query: toProduction('Foo', '1'), specified: spec(foo1), pacts: [fooBar, pact(foo1, 'Baz')], inTarget: { Bar: [bar10], Baz: [] } });
    expect(verificationsNeeded(facts)).toEqual([{ consumer: 'Foo', provider: 'Bar', sha: fooBar.sha, providerVersion: '10' }]);
  });
});

const spec = (version: VersionRef) => [{ selector: { pacticipant: version.pacticipant, version: version.number }, versions: [version] }];

