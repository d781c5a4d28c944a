import { apiHandler } from '#http/api-handler.ts';

/** Liveness: needs no tenant and touches no data. */
export const handler = apiHandler('getHealth', async () => ({ status: 200, body: { status: 'ok' } }));
