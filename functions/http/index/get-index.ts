import { readHandler } from '#http/read-handler.ts';
import { indexResource } from '#http/index-resource.ts';
import { HttpProblem } from '#http/problem.ts';
import { uiPage } from '#http/ui-assets.ts';
import { wantsPage } from '#http/ui-page.ts';
import { edge } from '#domain/messages.ts';

/**
 * The base URL: a browser's page load gets the web UI's page (before authorisation: it holds no data), every other
 * client the HAL index (docs/web-ui.md §1).
 */
export const handler = readHandler('getIndex', async ({ links, event }) => {
  if (wantsPage(event.headers['accept'])) {
    // Only a function bundled without its UI (run from source) has none: never answer the index unauthorised instead.
    const page = uiPage(links);
    if (page === undefined) throw new HttpProblem(404, { error: edge.uiNotBuilt() });
    return page;
  }
  return { status: 200, body: indexResource(links), headers: { Vary: 'Accept' } };
});
