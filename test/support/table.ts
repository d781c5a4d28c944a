/** A fresh broker table per test file in the shared DynamoDB Local, and the service context to use it. */
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { assertLoopbackEndpoint, ensureTable, useLocalAwsSettings } from '../../infra/local/dynamodb-local.ts';
import { createDocumentClient, type Db } from '../../shared/storage/client.ts';
import { serviceContext, type ServiceContext } from '../../shared/services/context.ts';
import type { Clock } from '../../shared/domain/time.ts';

export async function createTestTable(): Promise<Db> {
  const endpoint = inject('dynamoDbEndpoint');
  assertLoopbackEndpoint(endpoint);
  useLocalAwsSettings(endpoint);
  const tableName = `broker-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  return { client: createDocumentClient(), tableName };
}

/** A clock the test moves by hand: deterministic timestamps, one second apart by default. */
export function steppingClock(start = '2026-01-01T00:00:00.000Z', stepMs = 1000): Clock & { readonly calls: number } {
  let current = Date.parse(start);
  let calls = 0;
  return {
    now: () => {
      calls++;
      const value = new Date(current);
      current += stepMs;
      return value;
    },
    get calls() {
      return calls;
    },
  };
}

export function tenantContext(db: Db, tenant = `tenant-${randomUUID()}`, clock?: Clock): ServiceContext {
  return serviceContext(db, tenant, clock === undefined ? {} : { clock });
}
