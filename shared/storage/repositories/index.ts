/**
 * The DynamoDB implementations of the service ports (`#services/ports.ts`), bound to one tenant and its scoped
 * client: the reading half (./read-bindings.ts) and the writing half (./write-bindings.ts) together. Built once per
 * request (or queue message) by the composition root; nothing else pairs a client with a tenant. The key design
 * these modules share is described in `../README.md`.
 */
import type { Db } from '../client.ts';
import type { Repositories } from '#services/ports.ts';
import { dynamoReadRepositories } from './read-bindings.ts';
import { dynamoWriteRepositories } from './write-bindings.ts';

export function dynamoRepositories(db: Db, tenant: string): Repositories {
  const reads = dynamoReadRepositories(db, tenant);
  const writes = dynamoWriteRepositories(db, tenant);
  const merged: Record<string, object> = {};
  for (const key of Object.keys(reads) as (keyof Repositories)[]) merged[key] = { ...reads[key], ...writes[key] };
  return merged as unknown as Repositories; // every key of both halves: together exactly the ports
}
