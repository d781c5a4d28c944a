import { readHandler } from '#http/read-handler.ts';
import { indexResource } from '#http/index-resource.ts';

export const handler = readHandler('getIndex', async ({ links }) => ({ status: 200, body: indexResource(links) }));
