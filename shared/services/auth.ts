/** Tenants, tokens, and turning a request's credentials into a principal. */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { checkTenantId, formatToken, tenantOfToken, tokenFromAuthorization, tokenUsable, type ApiToken, type Principal, type Role } from '#domain/auth.ts';
import { NotFound, ValidationFailed } from '#domain/errors.ts';
import { FieldChecker, type Body } from '#domain/validation.ts';
import { initialEnvironments } from './tenants.ts';
import { nowOf, type OperatorContext } from './context.ts';
import { missing, refused } from '#domain/messages.ts';

export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** Compares the admin credential's hash in constant time. */
function isAdminToken(token: string, adminTokenSha256: string | undefined): boolean {
  if (adminTokenSha256 === undefined || adminTokenSha256 === '') return false;
  const expected = Buffer.from(adminTokenSha256.toLowerCase(), 'utf8');
  const actual = Buffer.from(sha256Hex(token), 'utf8');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * Resolves the `Authorization` header to a principal. The tenant comes only from a stored, unrevoked, unexpired
 * token (the token's prefix only says where to look it up).
 */
export async function authenticate(context: Pick<OperatorContext, 'tokens' | 'clock'>, authorization: string | undefined, options: { adminTokenSha256?: string } = {}): Promise<Principal> {
  const token = tokenFromAuthorization(authorization);
  if (token === undefined) return { kind: 'anonymous', reason: 'no credentials' };
  if (isAdminToken(token, options.adminTokenSha256)) return { kind: 'admin' };
  const tenant = tenantOfToken(token);
  if (tenant === undefined) return { kind: 'anonymous', reason: 'not a broker token' };
  const stored = await context.tokens.findByHash(tenant, sha256Hex(token));
  if (stored === undefined || stored.tenant !== tenant) return { kind: 'anonymous', reason: 'unknown token' };
  const usable = tokenUsable(stored, nowOf(context));
  if (!usable.usable) return { kind: 'anonymous', reason: usable.reason };
  return { kind: 'tenant', tenant, role: stored.role, tokenId: stored.tokenId };
}

/** Creates a tenant with its `test` and `production` environments; 400 if it exists. */
export async function createTenant(context: OperatorContext, body: Body): Promise<{ tenantId: string }> {
  const tenant = checkTenantId(body['tenantId']);
  const now = nowOf(context);
  const created = await context.tenants(tenant).seed(initialEnvironments(context, now), now);
  if (!created) throw ValidationFailed.of('tenantId', refused.tenantExists(tenant));
  return { tenantId: tenant };
}

async function requireTenant(context: OperatorContext, tenant: string): Promise<void> {
  checkTenantId(tenant);
  if (!(await context.tenants(tenant).exists())) throw new NotFound(missing.tenant(tenant));
}

/** Creates a token. The secret is returned once, here; only its hash is stored. */
export async function createToken(context: OperatorContext, tenant: string, body: Body): Promise<{ token: string; details: ApiToken }> {
  await requireTenant(context, tenant);
  const checker = new FieldChecker(body);
  const role = body['role'];
  if (role !== 'read' && role !== 'write') checker.add('role', "must be 'read' or 'write'");
  const description = checker.optionalString('description');
  const expiresAtRaw = checker.optionalString('expiresAt');
  let expiresAt: string | undefined;
  if (typeof expiresAtRaw === 'string' && expiresAtRaw !== '') {
    const parsed = Date.parse(expiresAtRaw);
    if (Number.isNaN(parsed)) checker.add('expiresAt', 'must be an ISO-8601 date-time');
    else if (parsed <= context.clock.now().getTime()) checker.add('expiresAt', 'must be in the future');
    else expiresAt = new Date(parsed).toISOString();
  }
  checker.done();
  const token = formatToken(tenant, randomBytes(32).toString('base64url'));
  const details: ApiToken = {
    tokenId: context.newId(),
    tenant,
    role: role as Role,
    ...(typeof description === 'string' && description !== '' ? { description } : {}),
    createdAt: nowOf(context),
    ...(expiresAt !== undefined ? { expiresAt } : {}),
  };
  await context.tokens.put(details, sha256Hex(token));
  return { token, details };
}

export async function listTokens(context: OperatorContext, tenant: string): Promise<ApiToken[]> {
  await requireTenant(context, tenant);
  return (await context.tokens.list(tenant)).map(({ sk: _sk, ...token }) => token);
}

/** Revokes a token by id; revoking twice is harmless. */
export async function revokeToken(context: OperatorContext, tenant: string, tokenId: string): Promise<void> {
  await requireTenant(context, tenant);
  const token = (await context.tokens.list(tenant)).find((candidate) => candidate.tokenId === tokenId);
  if (token === undefined) throw new NotFound(missing.token(tenant, tokenId));
  await context.tokens.revoke(tenant, token.sk, nowOf(context));
}
