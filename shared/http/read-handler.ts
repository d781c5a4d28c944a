/**
 * Read routes: their context has the repositories' reading methods only (`#composition/read-context.ts`), as their
 * IAM role allows no write, so the bundle carries no write code and an operation cannot write by type.
 */
import type { ReadContext } from '#services/context.ts';
import { forTenantReads } from '#composition/read-context.ts';
import { apiHandler, tenantComposition, type Operation } from './api-handler.ts';

export const readHandler = (operationId: string, operation: Operation<ReadContext>) => apiHandler(operationId, tenantComposition(forTenantReads), operation);
