import { apiHandler } from '#http/api-handler.ts';
import { indexResource } from '#http/index-resource.ts';

export const handler = apiHandler('getIndex', async ({ links }) => ({ status: 200, body: indexResource(links) }));
