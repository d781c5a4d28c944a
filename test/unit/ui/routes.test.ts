import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseLocation, to } from '../../../ui/src/routes.ts';
import { wantsPage } from '../../../shared/http/ui-page.ts';

describe('UI addresses', () => {
  it.each([
    ['', { name: 'integrations' }],
    ['#/', { name: 'integrations' }],
    ['#/integrations?q=web', { name: 'integrations' }],
    ['#/applications', { name: 'applications' }],
    ['#/applications/Foo%20Bar', { name: 'application', pacticipant: 'Foo Bar' }],
    ['#/applications/feat%2Fx', { name: 'application', pacticipant: 'feat/x' }],
    ['#/environments/production', { name: 'environment', environment: 'production' }],
    ['#/contracts/Web/Orders/1.2.0?compare=1.1.0', { name: 'contract', consumer: 'Web', provider: 'Orders', version: '1.2.0' }],
    ['#/matrix?q[][pacticipant]=Web', { name: 'matrix' }],
    ['#/network?focus=Web', { name: 'network' }],
    ['#/api?path=%2Fpacticipants', { name: 'api' }],
    ['#/nowhere/at/all', { name: 'not-found', path: '/nowhere/at/all' }],
    ['#/applications/%E0%A4%A', { name: 'application', pacticipant: '%E0%A4%A' }],
  ] as const)('%s is the %o page', (hash, page) => {
    expect(parseLocation(hash).page).toEqual(page);
  });

  it('leads back to the same page for any names', () => {
    const name = fc.string({ minLength: 1, maxLength: 20 });
    fc.assert(
      fc.property(name, name, name, (consumer, provider, version) => {
        expect(parseLocation(to.application(consumer)).page).toEqual({ name: 'application', pacticipant: consumer });
        expect(parseLocation(to.environment(provider)).page).toEqual({ name: 'environment', environment: provider });
        const contract = parseLocation(to.contract(consumer, provider, version, { compare: version }));
        expect(contract.page).toEqual({ name: 'contract', consumer, provider, version });
        expect(contract.query.get('compare')).toBe(version);
        expect(parseLocation(to.network({ focus: consumer })).query.get('focus')).toBe(consumer);
        expect(parseLocation(to.api(`/pacticipants/${consumer}`)).query.get('path')).toBe(`/pacticipants/${consumer}`);
      }),
    );
  });
});

describe('which requests get the UI page', () => {
  it.each([
    ['text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8', true],
    ['text/html', true],
    ['application/hal+json', false],
    ['application/hal+json, application/json, */*', false],
    ['*/*', false],
    ['text/html, application/json', false],
    [undefined, false],
    ['', false],
  ] as const)('Accept: %s → %s', (accept, page) => {
    expect(wantsPage(accept)).toBe(page);
  });
});
