import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selectComparisonTargets, type CounterpartCandidate } from '../../../shared/domain/comparisons/targets.ts';
import { parseDocument } from '../../../shared/domain/documents.ts';
import { ENGINE_VERSION, compare } from '../../../shared/services/comparison-engine.ts';

const now = '2026-03-10T00:00:00.000Z';
const candidate = (version: string, overrides: Partial<CounterpartCandidate>): CounterpartCandidate => ({
  version,
  deployedOrReleased: false,
  mainBranchHead: false,
  branchHead: false,
  publishedAt: '2026-03-09T00:00:00.000Z',
  ...overrides,
});

describe('which counterparts a new contract is pre-compared with', () => {
  it('takes deployed or released versions, the main branch head, and recent feature branch heads', () => {
    expect(
      selectComparisonTargets(
        [
          candidate('deployed', { deployedOrReleased: true, publishedAt: '2025-01-01T00:00:00.000Z' }),
          candidate('main-head', { mainBranchHead: true, branchHead: true, publishedAt: '2025-01-01T00:00:00.000Z' }),
          candidate('recent-feature', { branchHead: true, publishedAt: '2026-03-05T00:00:00.000Z' }),
          candidate('stale-feature', { branchHead: true, publishedAt: '2026-02-01T00:00:00.000Z' }),
          candidate('old-version', {}),
        ],
        now,
      ),
    ).toEqual(['deployed', 'main-head', 'recent-feature']);
  });

  it('honours a configured window and lists each version once', () => {
    const stale = candidate('feature', { branchHead: true, publishedAt: '2026-02-01T00:00:00.000Z' });
    expect(selectComparisonTargets([stale], now, 60)).toEqual(['feature']);
    expect(selectComparisonTargets([candidate('v', { deployedOrReleased: true }), candidate('v', { mainBranchHead: true })], now)).toEqual(['v']);
  });
});

describe('the comparison engine', () => {
  it('records the version actually installed', () => {
    const installed = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../node_modules/@pactflow/openapi-pact-comparator/package.json'), 'utf8')) as { version: string };
    expect(ENGINE_VERSION).toBe(installed.version);
  });

  it('finds a path the provider does not have and accepts one it has', async () => {
    const oas = parseDocument('openapi: 3.0.0\ninfo: {title: t, version: "1"}\npaths:\n  /things/{id}:\n    get:\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses: {"200": {description: ok}}\n');
    const pact = { consumer: { name: 'Foo' }, provider: { name: 'Bar' }, interactions: [{ description: 'ok', request: { method: 'GET', path: '/things/1' }, response: { status: 200 } }, { description: 'bad', request: { method: 'GET', path: '/other' }, response: { status: 200 } }], metadata: { pactSpecification: { version: '2.0.0' } } };
    const findings = await compare(pact, oas);
    expect(findings.filter((finding) => finding.type === 'error').map((finding) => [finding.code, finding.mockDetails?.interactionDescription])).toEqual([['request.path-or-method.unknown', 'bad']]);
  });

  it('refuses YAML aliases in documents', () => {
    expect(() => parseDocument('a: &x [1]\nb: *x\n')).toThrow();
    expect(() => parseDocument('- 1\n- 2\n')).toThrow(/not a JSON or YAML object/);
  });
});
