import { ok } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { integrationsCollection } from '#http/integration-representations.ts';
import { listIntegrationSummaries } from '#services/integrations.ts';

/** Every consumer/provider pair with a pact: its latest pact and that pact's verification status (docs/wire-contract.md §11.6). */
export const handler = readHandler('listIntegrations', async (request) => ok(integrationsCollection(request.links, await listIntegrationSummaries(request.services))));
