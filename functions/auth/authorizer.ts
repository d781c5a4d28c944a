/**
 * The HTTP API's Lambda authorizer (simple responses, payload v2). It resolves the token to a principal and always
 * lets the request through with that verdict in its context: the route's handler then answers 401 (with
 * WWW-Authenticate) or 403 with a JSON body the CLIs can print, which API Gateway's own denial could not carry.
 * For the same reason it has no identity source (API Gateway would refuse a request without the header itself) and
 * so no API Gateway cache: verdicts for valid tokens are cached here, per container, for a short time.
 */
import type { APIGatewayRequestAuthorizerEventV2 } from 'aws-lambda';
import { forOperator } from '#composition/operator-context.ts';
import { authenticate, sha256Hex } from '#services/auth.ts';
import { adminTokenSha256 } from '#http/auth-config.ts';
import { UNAVAILABLE_CONTEXT, principalToContext, type AuthorizerContext } from '#http/principal.ts';
import { isUnavailable } from '#http/problem.ts';
import { logger } from '#http/logger.ts';
import type { Principal } from '#domain/auth.ts';

export interface AuthorizerResult {
  readonly isAuthorized: boolean;
  readonly context: AuthorizerContext;
}

/** How long a valid token's verdict is reused: also how long a revoked token may keep working (AUTH_CACHE_TTL_MS). */
const CACHE_TTL_MS = Number(process.env['AUTH_CACHE_TTL_MS'] ?? 30_000);
const CACHE_MAX_ENTRIES = 1000;
const verdicts = new Map<string, { principal: Principal; expires: number }>();

async function resolve(authorization: string | undefined): Promise<Principal> {
  if (authorization === undefined) return authenticate(forOperator(), undefined);
  const cacheKey = sha256Hex(authorization); // Never keep credentials themselves in memory longer than needed.
  const cached = verdicts.get(cacheKey);
  if (cached !== undefined && cached.expires > Date.now()) return cached.principal;
  const principal = await authenticate(forOperator(), authorization, { adminTokenSha256: adminTokenSha256() });
  if (principal.kind !== 'anonymous' && CACHE_TTL_MS > 0) {
    if (verdicts.size >= CACHE_MAX_ENTRIES) verdicts.clear();
    verdicts.set(cacheKey, { principal, expires: Date.now() + CACHE_TTL_MS });
  }
  return principal;
}

export async function handler(event: APIGatewayRequestAuthorizerEventV2): Promise<AuthorizerResult> {
  let principal: Principal;
  try {
    principal = await resolve(event.headers?.['authorization']);
  } catch (error) {
    // An authorizer that throws makes API Gateway answer 500; an outage must reach the client as a 503 it retries.
    if (!isUnavailable(error)) throw error;
    logger.warn('token lookup failed: database unavailable', { error: error as Error });
    return { isAuthorized: true, context: UNAVAILABLE_CONTEXT };
  }
  if (principal.kind === 'anonymous') logger.info('authentication failed', { reason: principal.reason, routeKey: event.routeKey });
  return { isAuthorized: true, context: principalToContext(principal) };
}
