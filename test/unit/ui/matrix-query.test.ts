import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { matrixQueryString, parseMatrixQuery, type MatrixForm, type SelectorKind } from '../../../ui/src/matrix-query.ts';

describe('the matrix query in the UI address', () => {
  it.each([
    ['q[][pacticipant]=Web&q[][version]=1.1.0&q[][pacticipant]=Users&latestby=cvpv', { selectors: [{ pacticipant: 'Web', kind: 'version', value: '1.1.0' }, { pacticipant: 'Users', kind: 'all', value: '' }], latestby: 'cvpv', toEnvironment: '' }],
    ['q[][pacticipant]=Web&q[][latest]=true&environment=production', { selectors: [{ pacticipant: 'Web', kind: 'latest', value: '' }], latestby: '', toEnvironment: 'production' }],
    ['q[][pacticipant]=Web&q[][branch]=main&q[][latest]=true', { selectors: [{ pacticipant: 'Web', kind: 'branch', value: 'main' }], latestby: '', toEnvironment: '' }],
    ['q[][pacticipant]=Web&q[][mainBranch]=true&q[][latest]=true', { selectors: [{ pacticipant: 'Web', kind: 'mainBranch', value: '' }], latestby: '', toEnvironment: '' }],
    ['q%5B%5D%5Bpacticipant%5D=A%20B&q%5B%5D%5Benvironment%5D=test', { selectors: [{ pacticipant: 'A B', kind: 'environment', value: 'test' }], latestby: '', toEnvironment: '' }],
    ['latestby=nonsense&q[][version]=orphan', { selectors: [], latestby: '', toEnvironment: '' }],
  ] as const)('reads %s', (raw, form) => {
    expect(parseMatrixQuery(raw)).toEqual(form);
  });

  it('writes the selectors as the API reads them', () => {
    expect(matrixQueryString({ selectors: [{ pacticipant: 'Web', kind: 'tag', value: 'prod' }, { pacticipant: ' ', kind: 'all', value: '' }], latestby: 'cvp', toEnvironment: '' })).toBe('q[][pacticipant]=Web&q[][tag]=prod&q[][latest]=true&latestby=cvp');
  });

  it('reads back whatever it writes', () => {
    const name = fc.string({ minLength: 1, maxLength: 12 }).filter((text) => text.trim() === text && text !== '');
    const kind = fc.constantFrom<SelectorKind>('all', 'version', 'latest', 'branch', 'tag', 'mainBranch', 'environment');
    const form = fc.record({
      selectors: fc.array(
        fc.tuple(name, kind, name).map(([pacticipant, selectorKind, value]) => ({ pacticipant, kind: selectorKind, value: ['version', 'branch', 'tag', 'environment'].includes(selectorKind) ? value : '' })),
        { maxLength: 4 },
      ),
      latestby: fc.constantFrom<MatrixForm['latestby']>('', 'cvp', 'cvpv'),
      toEnvironment: fc.oneof(fc.constant(''), name),
    });
    fc.assert(
      fc.property(form, (value) => {
        expect(parseMatrixQuery(matrixQueryString(value))).toEqual(value);
      }),
    );
  });
});
