/** The operator's composition root (the admin API and the authorizer): tokens and tenant markers across tenants. */
import type { Db } from '#storage/client.ts';
import { getDb } from '#storage/client.ts';
import { dynamoOperatorRepositories } from '#storage/repositories/operator-bindings.ts';
import { operatorContext, type OperatorContext } from '#services/context.ts';

/** The operator's context over the function's own client (no tenant session: these functions hold no tenant's data). */
export const forOperator = (db: Db = getDb(), options: Parameters<typeof operatorContext>[1] = {}): OperatorContext => operatorContext(dynamoOperatorRepositories(db), options);
