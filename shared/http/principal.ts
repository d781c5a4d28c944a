/** The principal as it travels from the authorizer to the handler (API Gateway's `authorizer.lambda` context). */
import type { Principal, Role } from '#domain/auth.ts';

/** Flat string values, as authorizer contexts carry them. */
export type AuthorizerContext = Readonly<Record<string, string>>;

export function principalToContext(principal: Principal): AuthorizerContext {
  switch (principal.kind) {
    case 'tenant':
      return { principal: 'tenant', tenantId: principal.tenant, role: principal.role, tokenId: principal.tokenId };
    case 'admin':
      return { principal: 'admin' };
    case 'anonymous':
      return { principal: 'anonymous', reason: principal.reason };
  }
}

/** The authorizer's verdict when it could not look the token up (the database is unavailable). */
export const UNAVAILABLE_CONTEXT: AuthorizerContext = { principal: 'unavailable' };

export const isUnavailableVerdict = (context: Record<string, unknown> | undefined): boolean => context?.['principal'] === 'unavailable';

export function principalFromContext(context: Record<string, unknown> | undefined): Principal | undefined {
  if (context === undefined || context === null) return undefined;
  const kind = context['principal'];
  if (kind === 'admin') return { kind: 'admin' };
  if (kind === 'anonymous') return { kind: 'anonymous', reason: String(context['reason'] ?? 'unknown') };
  if (kind === 'tenant') {
    const tenant = context['tenantId'];
    const role = context['role'];
    if (typeof tenant === 'string' && tenant !== '' && (role === 'read' || role === 'write')) {
      return { kind: 'tenant', tenant, role: role as Role, tokenId: String(context['tokenId'] ?? '') };
    }
  }
  return { kind: 'anonymous', reason: 'malformed authorizer context' };
}
