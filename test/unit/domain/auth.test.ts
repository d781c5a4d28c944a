import { describe, expect, it } from 'vitest';
import { authorise, checkTenantId, formatToken, tenantOfToken, tokenFromAuthorization, tokenUsable, type ApiToken } from '../../../shared/domain/auth.ts';

const secret = 'A'.repeat(43);
const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;

describe('tokens', () => {
  it('carry the tenant in a parseable prefix', () => {
    const token = formatToken('acme', secret);
    expect(token).toBe(`pbt.acme.${secret}`);
    expect(tenantOfToken(token)).toBe('acme');
  });

  it.each([['pbt.acme'], ['xyz.acme.' + secret], ['pbt.ACME.' + secret], ['pbt.acme.short'], ['pbt.acme.' + secret + '.extra'], ['pbt..' + secret], ['']])('reject %s', (token) => {
    expect(tenantOfToken(token)).toBeUndefined();
  });

  it('are read from bearer and basic credentials as the CLIs send them', () => {
    expect(tokenFromAuthorization(`Bearer pbt.acme.${secret}`)).toBe(`pbt.acme.${secret}`);
    expect(tokenFromAuthorization(`bearer   tok`)).toBe('tok');
    expect(tokenFromAuthorization(basic(`acme:pbt.acme.${secret}`))).toBe(`pbt.acme.${secret}`);
    expect(tokenFromAuthorization(basic('tok:'))).toBe('tok'); // username without password
    expect(tokenFromAuthorization(basic(':'))).toBeUndefined();
    expect(tokenFromAuthorization('Bearer ')).toBeUndefined();
    expect(tokenFromAuthorization('Digest abc')).toBeUndefined();
    expect(tokenFromAuthorization(undefined)).toBeUndefined();
  });

  it('are unusable once revoked or expired', () => {
    const token: ApiToken = { tokenId: 't', tenant: 'acme', role: 'read', createdAt: '2026-01-01T00:00:00.000Z', expiresAt: '2026-02-01T00:00:00.000Z' };
    expect(tokenUsable(token, '2026-01-15T00:00:00.000Z')).toEqual({ usable: true });
    expect(tokenUsable(token, '2026-02-01T00:00:00.000Z')).toEqual({ usable: false, reason: 'token expired' });
    expect(tokenUsable({ ...token, revokedAt: '2026-01-02T00:00:00.000Z' }, '2026-01-15T00:00:00.000Z')).toEqual({ usable: false, reason: 'token revoked' });
  });
});

describe('tenant ids', () => {
  it('accept lower-case names and refuse anything that could break a key or a token', () => {
    expect(checkTenantId('acme-1')).toBe('acme-1');
    for (const bad of ['', 'Acme', 'a.b', 'a#b', '-a', 'a'.repeat(41), 5, undefined]) expect(() => checkTenantId(bad)).toThrow(/tenantId/);
  });
});

describe('authorise', () => {
  const reader = { kind: 'tenant', tenant: 'acme', role: 'read', tokenId: 'r' } as const;
  const writer = { kind: 'tenant', tenant: 'acme', role: 'write', tokenId: 'w' } as const;
  const admin = { kind: 'admin' } as const;
  const anonymous = { kind: 'anonymous', reason: 'no credentials' } as const;

  it.each([
    [reader, 'read', true],
    [reader, 'write', false],
    [writer, 'read', true],
    [writer, 'write', true],
    [writer, 'admin', false],
    [admin, 'admin', true],
    [admin, 'read', false],
    [anonymous, 'read', false],
  ] as const)('%j on a %s route → %s', (principal, access, allowed) => {
    expect(authorise(principal, access).allowed).toBe(allowed);
  });

  it('answers 401 for no valid credentials and 403 for the wrong kind', () => {
    expect(authorise(anonymous, 'read')).toMatchObject({ status: 401 });
    expect(authorise(reader, 'write')).toMatchObject({ status: 403, message: expect.stringContaining('read-only') });
  });
});
