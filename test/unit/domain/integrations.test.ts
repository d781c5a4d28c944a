import { describe, expect, it } from 'vitest';
import { countedResult, integrationStatus, type CountedResult } from '../../../shared/domain/integrations.ts';
import type { PactVersionResult, ProviderContract } from '../../../shared/domain/model.ts';

const at = (seconds: number): string => new Date(Date.UTC(2026, 0, 1) + seconds * 1000).toISOString();

const verified = (sha: string, success: boolean, seconds: number, number = seconds): CountedResult => ({ kind: 'verification', sha, number, providerVersion: 'p1', success, at: at(seconds) });
const compared = (sha: string, success: boolean, seconds: number): CountedResult => ({ kind: 'comparison', sha, oasSha: 'o1', providerVersion: 'p2', success, at: at(seconds) });

const contract = (fields: Partial<ProviderContract> = {}): ProviderContract => ({
  provider: 'Bar',
  providerVersion: 'p2',
  providerVersionOrder: 2,
  sha: 'o1',
  specification: 'oas',
  contentType: 'application/yaml',
  selfVerification: { success: true },
  createdAt: at(0),
  ...fields,
});

const comparisonResult = (fields: Partial<Extract<PactVersionResult, { kind: 'comparison' }>> = {}): PactVersionResult => ({
  kind: 'comparison',
  consumer: 'Foo',
  provider: 'Bar',
  sha: 's1',
  oasSha: 'o1',
  providerVersion: 'p2',
  success: true,
  at: at(5),
  ...fields,
});

describe('integrationStatus (docs/rules.md §5.4)', () => {
  // [case, latest sha, the integration's newest results, the latest content's newest results, status, the result it comes from]
  it.each<[string, string, CountedResult[], CountedResult[], string, CountedResult | undefined]>([
    ['nothing ever checked', 's2', [], [], 'unverified', undefined],
    ['the latest content verified successfully', 's2', [verified('s2', true, 5)], [], 'success', verified('s2', true, 5)],
    ['the latest content failed its verification', 's2', [verified('s2', false, 5)], [], 'failed', verified('s2', false, 5)],
    ['the newest result of the latest content decides, not an older success', 's2', [verified('s2', false, 9), verified('s2', true, 5)], [], 'failed', verified('s2', false, 9)],
    ['a newer result of an earlier content does not hide the latest content’s', 's2', [verified('s1', false, 9), compared('s2', true, 5)], [], 'success', compared('s2', true, 5)],
    ['a comparison counts like a verification', 's2', [compared('s2', false, 5)], [], 'failed', compared('s2', false, 5)],
    ['only an earlier content was checked: stale, with its newest result', 's2', [verified('s1', false, 9), verified('s0', true, 5)], [], 'stale', verified('s1', false, 9)],
    ['the latest content checked long ago (beyond the integration’s newest): its own list decides', 's2', [verified('s1', true, 9)], [compared('s2', false, 2)], 'failed', compared('s2', false, 2)],
    ['the latest content’s own list is empty: stale', 's2', [verified('s1', true, 9)], [], 'stale', verified('s1', true, 9)],
    ['an index without the integration’s results (written before it): the content’s own list still decides', 's2', [], [verified('s2', true, 1)], 'success', verified('s2', true, 1)],
  ])('%s', (_case, latestSha, ofIntegration, ofLatestContent, status, result) => {
    expect(integrationStatus(latestSha, ofIntegration, ofLatestContent)).toEqual(result === undefined ? { status } : { status, result });
  });
});

describe('countedResult', () => {
  it('counts a verification as it is', () => {
    const result: PactVersionResult = { kind: 'verification', consumer: 'Foo', provider: 'Bar', sha: 's1', number: 7, providerVersion: 'p1', success: false, at: at(3) };
    expect(countedResult(result, undefined)).toEqual({ kind: 'verification', sha: 's1', number: 7, providerVersion: 'p1', success: false, at: at(3) });
  });

  // [case, comparison, the contract of its provider version, counted success (undefined: does not count)]
  it.each<[string, PactVersionResult, ProviderContract | undefined, boolean | undefined]>([
    ['no error and a successful self-verification', comparisonResult(), contract(), true],
    ['an error', comparisonResult({ success: false }), contract(), false],
    ['a failed self-verification', comparisonResult(), contract({ selfVerification: { success: false } }), false],
    ['no self-verification results', comparisonResult(), contract({ selfVerification: undefined }), false],
    ['its provider version is gone', comparisonResult(), undefined, undefined],
    ['its provider version published another contract since', comparisonResult(), contract({ sha: 'o2' }), undefined],
    ['another provider version’s contract', comparisonResult(), contract({ providerVersion: 'p3' }), undefined],
    ['no provider version recorded (made before comparisons recorded it)', comparisonResult({ providerVersion: undefined }), contract(), undefined],
  ])('a comparison with %s', (_case, result, providerContract, success) => {
    const counted = countedResult(result, providerContract);
    if (success === undefined) expect(counted).toBeUndefined();
    else expect(counted).toEqual({ kind: 'comparison', sha: 's1', oasSha: 'o1', providerVersion: 'p2', success, at: at(5) });
  });
});
