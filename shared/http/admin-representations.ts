/** JSON shapes of the admin API (no token secret is ever rendered, except once at creation). */
import type { ApiToken } from '#domain/auth.ts';
import { compact, type Links } from './hal.ts';

export function tokenResource(links: Links, token: ApiToken) {
  return compact({
    tokenId: token.tokenId,
    tenantId: token.tenant,
    role: token.role,
    description: token.description,
    createdAt: token.createdAt,
    expiresAt: token.expiresAt,
    revokedAt: token.revokedAt,
    _links: { self: { href: links.url('admin', 'tenants', token.tenant, 'tokens', token.tokenId) } },
  });
}
