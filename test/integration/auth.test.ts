import { beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../shared/storage/client.ts';
import { authenticate, createTenant, createToken, listTokens, revokeToken, sha256Hex } from '../../shared/services/auth.ts';
import { listEnvironments } from '../../shared/services/environments.ts';
import { tenantContext } from '../../shared/composition/context.ts';
import { forOperator } from '../../shared/composition/operator-context.ts';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { createTestTable, steppingClock } from '../support/table.ts';

let db: Db;
let operator: ReturnType<typeof forOperator>;
beforeAll(async () => {
  db = await createTestTable();
  operator = forOperator(db);
});

describe('tenants and tokens', () => {
  it('creates a tenant once, with the test and production environments', async () => {
    await createTenant(operator, { tenantId: 'acme' });
    await expect(createTenant(operator, { tenantId: 'acme' })).rejects.toThrow(/already exists/);
    await expect(createTenant(operator, { tenantId: 'Not Valid' })).rejects.toThrow(/tenantId/);
    expect((await listEnvironments(tenantContext(db, 'acme'))).map((e) => e.name)).toEqual(['production', 'test']);
  });

  it('issues tokens that authenticate to their tenant and role, stored only as a hash', async () => {
    await createTenant(operator, { tenantId: 'beta' });
    const { token, details } = await createToken(operator, 'beta', { role: 'read', description: 'verifier' });
    expect(token.startsWith('pbt.beta.')).toBe(true);
    expect(await authenticate(operator, `Bearer ${token}`)).toEqual({ kind: 'tenant', tenant: 'beta', role: 'read', tokenId: details.tokenId });
    expect(await authenticate(operator, `Basic ${Buffer.from(`beta:${token}`).toString('base64')}`)).toMatchObject({ tenant: 'beta' });

    const stored = await db.client.send(new ScanCommand({ TableName: db.tableName }));
    const text = JSON.stringify(stored.Items);
    expect(text).not.toContain(token);
    expect(text).toContain(sha256Hex(token));
  });

  it('refuses unknown, forged, revoked and expired tokens', async () => {
    await createTenant(operator, { tenantId: 'gamma' });
    const { token, details } = await createToken(operator, 'gamma', { role: 'write' });
    // The same secret under another tenant's prefix must not work: the tenant comes from the stored token.
    const forged = token.replace('pbt.gamma.', 'pbt.acme.');
    expect(await authenticate(operator, `Bearer ${forged}`)).toMatchObject({ kind: 'anonymous' });
    expect(await authenticate(operator, `Bearer pbt.gamma.${'x'.repeat(43)}`)).toMatchObject({ kind: 'anonymous', reason: 'unknown token' });
    expect(await authenticate(operator, undefined)).toMatchObject({ kind: 'anonymous' });

    await revokeToken(operator, 'gamma', details.tokenId);
    await revokeToken(operator, 'gamma', details.tokenId); // harmless twice
    expect(await authenticate(operator, `Bearer ${token}`)).toMatchObject({ kind: 'anonymous', reason: 'token revoked' });
    expect((await listTokens(operator, 'gamma'))[0]?.revokedAt).toBeDefined();

    const clock = steppingClock('2026-01-01T00:00:00.000Z', 0);
    const expiring = await createToken(forOperator(db, { clock }), 'gamma', { role: 'read', expiresAt: '2026-01-01T01:00:00Z' });
    expect(await authenticate(forOperator(db, { clock }), `Bearer ${expiring.token}`)).toMatchObject({ kind: 'tenant' });
    expect(await authenticate(forOperator(db, { clock: steppingClock('2026-01-01T01:00:00.000Z') }), `Bearer ${expiring.token}`)).toMatchObject({ reason: 'token expired' });
    await expect(createToken(forOperator(db, { clock }), 'gamma', { role: 'read', expiresAt: '2025-01-01T00:00:00Z' })).rejects.toThrow(/future/);
    await expect(createToken(operator, 'gamma', { role: 'admin' })).rejects.toThrow(/role/);
    await expect(createToken(operator, 'nobody', { role: 'read' })).rejects.toThrow(/No tenant/);
  });

  it('recognises the admin credential by its hash only', async () => {
    const adminToken = 'admin-secret-that-is-long-enough';
    expect(await authenticate(operator, `Bearer ${adminToken}`, { adminTokenSha256: sha256Hex(adminToken) })).toEqual({ kind: 'admin' });
    expect(await authenticate(operator, `Bearer ${adminToken}x`, { adminTokenSha256: sha256Hex(adminToken) })).toMatchObject({ kind: 'anonymous' });
    expect(await authenticate(operator, `Bearer ${adminToken}`)).toMatchObject({ kind: 'anonymous' });
  });
});
