/** Table-driven tests of the pure step of pacts for verification (docs/rules.md §6): order and merge the candidates. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { groupSelections, type Candidate } from '../../../shared/domain/verification/grouping.ts';
import type { SelectionReason } from '../../../shared/domain/verification/selectors.ts';
import type { PactPublication } from '../../../shared/domain/model.ts';

const publication = (consumer: string, consumerVersion: string, order: number, sha: string): PactPublication => ({
  consumer,
  consumerVersion,
  consumerVersionOrder: order,
  provider: 'Bar',
  sha,
  revision: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
});
const candidate = (pub: PactPublication, reason: Omit<SelectionReason, 'consumerVersion'>, selectorIndex: number): Candidate => ({ publication: pub, reason: { ...reason, consumerVersion: pub.consumerVersion }, selectorIndex });

const foo1 = publication('Foo', '1', 1, 'a');
const foo2 = publication('Foo', '2', 2, 'a'); // same content as foo1
const foo3 = publication('Foo', '3', 3, 'b');
const baz1 = publication('Baz', '1', 4, 'c');

describe('groupSelections', () => {
  const cases: { name: string; candidates: Candidate[]; expected: { consumerVersion: string; reasons: string[] }[] }[] = [
    { name: 'nothing selected', candidates: [], expected: [] },
    {
      name: 'one pact per content: the newest consumer version carries it, with every reason',
      candidates: [candidate(foo1, { kind: 'deployed', name: 'production' }, 1), candidate(foo2, { kind: 'mainBranch', name: 'main' }, 0)],
      expected: [{ consumerVersion: '2', reasons: ['mainBranch:main', 'deployed:production'] }],
    },
    {
      name: 'different contents stay apart, in selector order then consumer name',
      candidates: [candidate(foo3, { kind: 'deployed', name: 'test' }, 1), candidate(baz1, { kind: 'mainBranch', name: 'main' }, 0), candidate(foo1, { kind: 'mainBranch', name: 'main' }, 0)],
      expected: [
        { consumerVersion: '1', reasons: ['mainBranch:main'] }, // Baz's, then Foo's, for the first selector
        { consumerVersion: '1', reasons: ['mainBranch:main'] },
        { consumerVersion: '3', reasons: ['deployed:test'] },
      ],
    },
    {
      name: 'a reason given twice is listed once',
      candidates: [candidate(foo1, { kind: 'deployed', name: 'production' }, 0), candidate(foo1, { kind: 'deployed', name: 'production' }, 1)],
      expected: [{ consumerVersion: '1', reasons: ['deployed:production'] }],
    },
    {
      name: 'environments of one selector in name order',
      candidates: [candidate(foo1, { kind: 'deployed', name: 'test' }, 0), candidate(foo1, { kind: 'deployed', name: 'production' }, 0)],
      expected: [{ consumerVersion: '1', reasons: ['deployed:production', 'deployed:test'] }],
    },
  ];
  it.each(cases)('$name', ({ candidates, expected }) => {
    const grouped = groupSelections(candidates);
    expect(grouped.map((group) => ({ consumerVersion: group.publication.consumerVersion, reasons: group.reasons.map((reason) => `${reason.kind}:${reason.name ?? ''}`) }))).toEqual(expected);
  });

  it('does not depend on the order the reads finished in', () => {
    const all = [candidate(foo1, { kind: 'deployed', name: 'production' }, 1), candidate(foo2, { kind: 'mainBranch', name: 'main' }, 0), candidate(foo3, { kind: 'deployed', name: 'test' }, 1), candidate(baz1, { kind: 'latest' }, 2)];
    const expected = groupSelections(all);
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: all.length, maxLength: all.length }), (shuffled) => {
        expect(groupSelections(shuffled)).toEqual(expected);
      }),
    );
  });
});
