/** Write routes: their context has every repository method (`#composition/context.ts`). */
import type { ServiceContext } from '#services/context.ts';
import { forTenant } from '#composition/context.ts';
import { apiHandler, type Operation } from './api-handler.ts';

export const writeHandler = (operationId: string, operation: Operation<ServiceContext>) =>
  apiHandler(operationId, ({ tenant }, deadline) => (tenant === undefined ? Promise.resolve(undefined) : forTenant(tenant, { deadline })), operation);
