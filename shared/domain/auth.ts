/**
 * Tokens and roles, as pure rules. A tenant token reads `pbt.<tenant>.<secret>`: the tenant in clear text lets the
 * lookup key start with the tenant (like every key), the 256-bit secret makes it unguessable. Only the SHA-256 of
 * the whole token is stored; a slow KDF would add latency and no safety for a 256-bit random secret.
 */
import { ValidationFailed } from './errors.ts';
import { edge } from './messages.ts';

export type Role = 'read' | 'write';

/** Who is calling, once the token is checked. */
export type Principal =
  | { readonly kind: 'tenant'; readonly tenant: string; readonly role: Role; readonly tokenId: string }
  | { readonly kind: 'admin' }
  | { readonly kind: 'anonymous'; readonly reason: string };

export interface ApiToken {
  readonly tokenId: string;
  readonly tenant: string;
  readonly role: Role;
  readonly description?: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly revokedAt?: string;
}

export const TOKEN_PREFIX = 'pbt';

/** Tenant ids: lower-case letters, digits and dashes, so they can sit in a token, a key and a log line unescaped. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;

export function checkTenantId(tenant: unknown): string {
  if (typeof tenant !== 'string' || !TENANT_ID_PATTERN.test(tenant)) {
    throw ValidationFailed.of('tenantId', 'must be 1 to 40 lower-case letters, digits or dashes, starting with a letter or digit');
  }
  return tenant;
}

/** `secret` is base64url (no dots), so the token splits unambiguously. */
export function formatToken(tenant: string, secret: string): string {
  return `${TOKEN_PREFIX}.${tenant}.${secret}`;
}

/** The tenant a token claims, or undefined when it is not shaped like one of our tokens. */
export function tenantOfToken(token: string): string | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX) return undefined;
  const [, tenant, secret] = parts as [string, string, string];
  if (!TENANT_ID_PATTERN.test(tenant) || !/^[A-Za-z0-9_-]{32,}$/.test(secret)) return undefined;
  return tenant;
}

/**
 * The token a request carries: `Authorization: Bearer <token>` (`--broker-token`), or basic auth
 * (`--broker-username/--broker-password`) where the password is the token (or, with no password, the username).
 */
export function tokenFromAuthorization(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  // API Gateway joins repeated headers with commas; the first credential wins.
  const value = header.split(',')[0]?.trim() ?? '';
  const [scheme, ...rest] = value.split(' ');
  const credentials = rest.join(' ').trim();
  if (credentials === '') return undefined;
  if (scheme?.toLowerCase() === 'bearer') return credentials;
  if (scheme?.toLowerCase() === 'basic') {
    let decoded: string;
    try {
      decoded = Buffer.from(credentials, 'base64').toString('utf8');
    } catch {
      return undefined;
    }
    const colon = decoded.indexOf(':');
    const username = colon === -1 ? decoded : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    return password !== '' ? password : username !== '' ? username : undefined;
  }
  return undefined;
}

/** Whether a stored token may be used at `now`. */
export function tokenUsable(token: ApiToken, now: string): { usable: true } | { usable: false; reason: string } {
  if (token.revokedAt !== undefined) return { usable: false, reason: 'token revoked' };
  if (token.expiresAt !== undefined && token.expiresAt <= now) return { usable: false, reason: 'token expired' };
  return { usable: true };
}

/** What a route needs: read routes take any tenant token, write routes a read-write one, admin routes the admin. */
export type Access = 'read' | 'write' | 'admin';

export function authorise(principal: Principal, access: Access): { allowed: true } | { allowed: false; status: 401 | 403; message: string } {
  if (principal.kind === 'anonymous') return { allowed: false, status: 401, message: edge.missingToken() };
  if (access === 'admin') {
    return principal.kind === 'admin' ? { allowed: true } : { allowed: false, status: 403, message: edge.adminOnly() };
  }
  if (principal.kind === 'admin') return { allowed: false, status: 403, message: edge.adminNotTenant() };
  if (access === 'write' && principal.role !== 'write') return { allowed: false, status: 403, message: edge.readOnlyToken() };
  return { allowed: true };
}
