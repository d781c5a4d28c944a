/** The operator's repositories (the admin API, the authorizer): tokens across tenants, and any tenant's marker. */
import type { Db } from '../client.ts';
import type { OperatorRepositories, TenantRepository } from '#services/ports.ts';
import * as tenants from './tenants.ts';
import * as tokens from './tokens.ts';

const tenantRepository = (db: Db, tenant: string): TenantRepository => ({
  nextSequence: () => tenants.nextSequence(db, tenant),
  seed: (environmentList, now) => tenants.seedTenant(db, tenant, environmentList, now),
  exists: () => tenants.tenantExists(db, tenant),
});

export function dynamoOperatorRepositories(db: Db): OperatorRepositories {
  return {
    tokens: {
      put: (token, tokenHash) => tokens.putToken(db, token, tokenHash),
      findByHash: (tenant, tokenHash) => tokens.findTokenByHash(db, tenant, tokenHash),
      list: (tenant) => tokens.listTokens(db, tenant),
      revoke: (tenant, sk, at) => tokens.revokeToken(db, tenant, sk, at),
    },
    tenants: (tenant) => tenantRepository(db, tenant),
  };
}
