import { describe, expect, it } from 'vitest';
import { canonicalJson, countByStatus, diffInteractions, foldUnchanged, interactionKey, lineDiff, uniqueKeys, type DiffLine } from '../../../ui/src/contract/diff.ts';
import { readPact } from '../../../ui/src/contract/pact.ts';

const http = (description: string, state: string | undefined, status: number, extra: Record<string, unknown> = {}) => ({
  description,
  ...(state === undefined ? {} : { providerState: state }),
  request: { method: 'GET', path: '/things' },
  response: { status, ...extra },
});
const pactOf = (...interactions: unknown[]) => readPact({ consumer: { name: 'C' }, provider: { name: 'P' }, interactions, metadata: { pactSpecification: { version: '2.0.0' } } }).interactions;

describe('interactionKey', () => {
  it.each<[string, { description: string; states: { name: string }[] }, { description: string; states: { name: string }[] }, boolean]>([
    ['same description and state', { description: 'a', states: [{ name: 's' }] }, { description: 'a', states: [{ name: 's' }] }, true],
    ['states in another order', { description: 'a', states: [{ name: 's' }, { name: 't' }] }, { description: 'a', states: [{ name: 't' }, { name: 's' }] }, true],
    ['another state', { description: 'a', states: [{ name: 's' }] }, { description: 'a', states: [{ name: 't' }] }, false],
    ['no state against a state', { description: 'a', states: [] }, { description: 'a', states: [{ name: 's' }] }, false],
    ['another description', { description: 'a', states: [] }, { description: 'b', states: [] }, false],
    ['a description that looks like a separator', { description: 'a","b', states: [] }, { description: 'a', states: [{ name: 'b' }] }, false],
  ])('%s', (_, left, right, same) => {
    expect(interactionKey(left) === interactionKey(right)).toBe(same);
  });

  it('numbers repeated keys', () => {
    const keys = uniqueKeys(pactOf(http('a', undefined, 200), http('a', undefined, 201), http('b', undefined, 200)));
    expect(keys[1]).toBe(`${keys[0]}#2`);
    expect(new Set(keys).size).toBe(3);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every depth, keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 }));
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });
});

describe('diffInteractions', () => {
  const before = pactOf(http('kept', 's', 200), http('changed', undefined, 200), http('removed', undefined, 200), http('moved state', 'old state', 200));
  const after = pactOf(http('changed', undefined, 201), http('kept', 's', 200), http('added', undefined, 200), http('moved state', 'new state', 200));
  const entries = diffInteractions(before, after);
  const statusOf = (description: string) => entries.filter((entry) => entry.description === description).map((entry) => entry.status);

  it.each([
    ['kept', ['unchanged']],
    ['changed', ['changed']],
    ['added', ['added']],
    ['removed', ['removed']],
    // Matched by description and provider states: another state is another interaction.
    ['moved state', ['added', 'removed']],
  ])('%s → %j', (description, statuses) => {
    expect(statusOf(description)).toEqual(statuses);
  });

  it('lists the shown version’s order, then what only the other had', () => {
    expect(entries.map((entry) => entry.description)).toEqual(['changed', 'kept', 'added', 'moved state', 'removed', 'moved state']);
    expect(countByStatus(entries)).toEqual({ added: 2, removed: 2, changed: 1, unchanged: 1 });
  });

  it('diffs a changed interaction line by line, both ways numbered', () => {
    const changed = entries.find((entry) => entry.status === 'changed');
    const marked = changed?.lines.filter((line) => line.kind !== 'same');
    expect(marked).toEqual([
      { kind: 'removed', text: '    "status": 200', oldNumber: 8 },
      { kind: 'added', text: '    "status": 201', newNumber: 8 },
    ]);
  });

  it('shows an added or removed interaction whole, every line signed', () => {
    const added = entries.find((entry) => entry.status === 'added');
    const removed = entries.find((entry) => entry.status === 'removed');
    expect(added?.lines.every((line) => line.kind === 'added')).toBe(true);
    expect(removed?.lines.every((line) => line.kind === 'removed')).toBe(true);
    expect(added?.lines[0]).toEqual({ kind: 'added', text: '{', newNumber: 1 });
  });

  it('ignores the order of keys and the v4 key hash', () => {
    const v4 = (key: string, body: Record<string, unknown>) =>
      readPact({ interactions: [{ type: 'Synchronous/HTTP', key, description: 'd', request: { path: '/', method: 'GET' }, response: { status: 200, body: { content: body } } }], metadata: { pactSpecification: { version: '4.0' } } }).interactions;
    expect(diffInteractions(v4('one', { a: 1, b: 2 }), v4('two', { b: 2, a: 1 })).map((entry) => entry.status)).toEqual(['unchanged']);
  });
});

describe('foldUnchanged', () => {
  const same = (count: number, from = 1): DiffLine[] => Array.from({ length: count }, (_, at) => ({ kind: 'same', text: `l${from + at}`, oldNumber: from + at, newNumber: from + at }));
  it.each<[string, DiffLine[], number, (string | number)[]]>([
    ['nothing to fold in a short diff', [...same(2), { kind: 'added', text: 'x', newNumber: 3 }], 3, ['l1', 'l2', 'x']],
    ['a long run before a change, context kept', [...same(10), { kind: 'removed', text: 'x', oldNumber: 11 }], 3, [7, 'l8', 'l9', 'l10', 'x']],
    ['runs on both sides', [...same(6), { kind: 'added', text: 'x' }, ...same(6, 7)], 2, [4, 'l5', 'l6', 'x', 'l7', 'l8', 4]],
    ['a run of one is shown, not folded', [...same(4), { kind: 'added', text: 'x' }], 3, ['l1', 'l2', 'l3', 'l4', 'x']],
    ['all unchanged folds to one', same(5), 3, [5]],
  ])('%s', (_, lines, context, expected) => {
    expect(foldUnchanged(lines, context).map((line) => (line.kind === 'fold' ? line.count : line.text))).toEqual(expected);
  });
});

describe('lineDiff', () => {
  it('keeps texts without a final newline whole', () => {
    expect(lineDiff('a\nb', 'a\nc').map((line) => `${line.kind}:${line.text}`)).toEqual(['same:a', 'removed:b', 'added:c']);
  });
});
