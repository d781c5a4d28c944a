/** The edge checks (shared/http/edge.ts) and the key escaping behind them (shared/storage/keys.ts). */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, bodyProblems, pathProblems, queryProblems } from '../../../shared/http/edge.ts';
import { escapeComponent } from '../../../shared/storage/keys.ts';

const nested = (depth: number): unknown => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = { next: value };
  return value;
};

describe('edge checks', () => {
  it.each([
    [{ name: 'Foo', tags: ['a', 'b'], nested: { deep: [1, { x: 'y' }] } }, undefined],
    [{ name: 'x\ud800' }, { name: ['must be well-formed Unicode (it contains a lone surrogate)'] }],
    [{ contracts: [{ consumerName: '\udc00' }] }, { 'contracts[0].consumerName': ['must be well-formed Unicode (it contains a lone surrogate)'] }],
    [{ ['k\ud800']: 1 }, { body: ['has a key that is not well-formed Unicode'] }],
    [{ deep: nested(MAX_JSON_DEPTH - 2) }, undefined],
    [{ deep: nested(10_000) }, { deep: [`is nested more than ${MAX_JSON_DEPTH} levels deep`] }],
  ])('body %#', (body, expected) => {
    expect(bodyProblems(body)).toEqual(expected);
  });

  it.each([
    [[['q[][pacticipant]', 'Foo'], ['latestby', 'cvpv']], undefined],
    [[['q[][pacticipant]', 'a\u0000b']], { 'q[][pacticipant]': ['cannot contain control characters'] }],
    [[['pacticipant', 'x\ud800']], { pacticipant: ['must be well-formed Unicode (it contains a lone surrogate)'] }],
    [[['version', 'v'.repeat(2001)]], { version: ['cannot be longer than 2000 characters'] }],
    [[['bad\nkey', 'x']], { query: ['cannot contain control characters'] }],
  ])('query %#', (pairs, expected) => {
    expect(queryProblems(pairs as [string, string][])).toEqual(expected);
  });

  it.each([
    [{ pacticipant: 'Foo', version: '1.0.0' }, undefined],
    [{ pacticipant: 'a\nb' }, { pacticipant: ['cannot contain control characters'] }],
    [{ version: 'x\ud800' }, { version: ['must be well-formed Unicode (it contains a lone surrogate)'] }],
    [{ tag: 't'.repeat(201) }, { tag: ['cannot be longer than 200 characters'] }],
    [{ metadata: 'm'.repeat(2000) }, undefined],
    [{ metadata: 'm'.repeat(2001) }, { metadata: ['cannot be longer than 2000 characters'] }],
  ])('path %#', (params, expected) => {
    expect(pathProblems(params)).toEqual(expected);
  });

  it('refuses more query parameters than any client sends', () => {
    expect(queryProblems(Array.from({ length: 201 }, (_, index) => [`p${index}`, 'x'] as const))).toMatchObject({ query: [expect.stringContaining('at most 200')] });
  });
});

describe('key escaping', () => {
  it.each([
    ['Foo', 'Foo'],
    ['a#b', 'a%23b'],
    ['100%', '100%25'],
    ['a\nb', 'a%0Ab'],
    ['x\u0000', 'x%00'],
    ['lone\ud800', 'lone%uD800'],
    ['pair😀', 'pair😀'],
  ])('%j → %j', (name, escaped) => {
    expect(escapeComponent(name)).toBe(escaped);
  });

  it('is injective and never yields a separator, a control character or an ill-formed string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const [x, y] = [escapeComponent(a), escapeComponent(b)];
        expect(x.includes('#') || /[\u0000-\u001f\u007f-\u009f]/.test(x) || !x.isWellFormed()).toBe(false);
        if (a !== b) expect(x).not.toBe(y);
      }),
      { numRuns: 2000 },
    );
  });
});
