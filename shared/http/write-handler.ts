/** Write routes: their context has every repository method (`#composition/context.ts`). */
import type { ServiceContext } from '#services/context.ts';
import { forTenant } from '#composition/context.ts';
import { apiHandler, tenantComposition, type Operation } from './api-handler.ts';

export const writeHandler = (operationId: string, operation: Operation<ServiceContext>) => apiHandler(operationId, tenantComposition(forTenant), operation);
