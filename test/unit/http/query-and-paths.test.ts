import { describe, expect, it } from 'vitest';
import { firstValue, parseQuery } from '../../../shared/http/query.ts';
import { matchPath, specificity } from '../../../shared/http/paths.ts';
import { Links } from '../../../shared/http/hal.ts';

describe('parseQuery', () => {
  it('keeps order and repeated keys, with form decoding', () => {
    expect(parseQuery('q[][pacticipant]=Foo+Thing&q[][version]=1%2e2%2e3&q[][pacticipant]=Bar')).toEqual([
      ['q[][pacticipant]', 'Foo Thing'],
      ['q[][version]', '1.2.3'],
      ['q[][pacticipant]', 'Bar'],
    ]);
  });
  it('distinguishes an empty value from an absent key', () => {
    const pairs = parseQuery('pacticipant=Foo&applicationInstance=');
    expect(firstValue(pairs, 'applicationInstance')).toBe('');
    expect(firstValue(pairs, 'target')).toBeUndefined();
  });
  it('survives a stray percent sign', () => {
    expect(parseQuery('a=100%')).toEqual([['a', '100%']]);
  });
  it('treats an empty or missing query as no pairs', () => {
    expect(parseQuery('')).toEqual([]);
    expect(parseQuery(undefined)).toEqual([]);
  });
});

describe('matchPath', () => {
  it('decodes each segment after splitting, keeping + literal and %2F inside the segment', () => {
    expect(matchPath('/pacticipants/{pacticipant}/versions/{version}', '/pacticipants/Foo%20Thing/versions/1.2.3+build')).toEqual({
      pacticipant: 'Foo Thing',
      version: '1.2.3+build',
    });
    expect(matchPath('/pacticipants/{pacticipant}/branches/{branch}', '/pacticipants/Foo/branches/feat%2Fx')).toEqual({ pacticipant: 'Foo', branch: 'feat/x' });
  });
  it('does not match other shapes or empty variables', () => {
    expect(matchPath('/pacticipants/{pacticipant}', '/pacticipants/Foo/versions')).toBeUndefined();
    expect(matchPath('/pacticipants/{pacticipant}', '/pacticipants/')).toBeUndefined();
    expect(matchPath('/environments', '/pacticipants')).toBeUndefined();
  });
  it('matches the root and tolerates a trailing slash', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/environments', '/environments/')).toEqual({});
  });
  it('ranks literal segments before variables', () => {
    expect(specificity('/pacticipants/{p}/latest-version') < specificity('/pacticipants/{p}/{x}')).toBe(true);
  });
});

describe('Links', () => {
  it('percent-encodes names as single path segments', () => {
    const links = new Links('https://broker.example/t/acme');
    expect(links.version('Pricing Service', 'feat/1')).toBe('https://broker.example/t/acme/pacticipants/Pricing%20Service/versions/feat%2F1');
    expect(links.template('pacticipants', '{pacticipant}')).toBe('https://broker.example/t/acme/pacticipants/{pacticipant}');
  });
});
