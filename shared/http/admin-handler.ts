/** Admin routes (the admin credential only): the operator's context, tokens and tenants across the deployment. */
import type { OperatorContext } from '#services/context.ts';
import { forOperator } from '#composition/operator-context.ts';
import { apiHandler, type Operation } from './api-handler.ts';

export const adminHandler = (operationId: string, operation: Operation<OperatorContext>) => apiHandler(operationId, async () => forOperator(), operation);
