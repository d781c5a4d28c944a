import { describe, expect, it } from 'vitest';
import { canonicalJson, mergePacts, verifiableContent } from '../../../shared/domain/pacts.ts';

const pact = (interactions: unknown[], metadata: Record<string, unknown> = { pactSpecification: { version: '2.0.0' } }) => ({
  consumer: { name: 'Foo' },
  provider: { name: 'Bar' },
  interactions,
  metadata,
});
const a = { description: 'a', request: { method: 'GET', path: '/a' }, response: { status: 200 } };
const b = { description: 'b', providerState: 'x exists', request: { path: '/b', method: 'GET' }, response: { status: 404 } };

describe('verifiableContent', () => {
  it('ignores key order, interaction order, metadata other than the spec version, and broker-added _ids', () => {
    const reference = verifiableContent(pact([a, b]));
    expect(verifiableContent(pact([b, a]))).toBe(reference);
    expect(verifiableContent(pact([{ ...b, _id: 'abc' }, a], { pactSpecification: { version: '2.0.0' }, pactRust: { models: '1.3.15' } }))).toBe(reference);
    expect(verifiableContent(JSON.parse(JSON.stringify(pact([a, b])).split('').join('')))).toBe(reference);
  });

  it('changes when what is verified changes', () => {
    const reference = verifiableContent(pact([a, b]));
    expect(verifiableContent(pact([a]))).not.toBe(reference);
    expect(verifiableContent(pact([a, { ...b, response: { status: 200 } }]))).not.toBe(reference);
    expect(verifiableContent(pact([a, b], { pactSpecification: { version: '3.0.0' } }))).not.toBe(reference);
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"e":0,"f":1}]},"b":1}');
  });
});

describe('mergePacts', () => {
  it('replaces interactions with the same description and state and keeps the others', () => {
    const merged = mergePacts(pact([a, b]), pact([{ ...b, response: { status: 500 } }, { description: 'c' }]));
    expect(merged['interactions']).toEqual([a, { ...b, response: { status: 500 } }, { description: 'c' }]);
  });
});
