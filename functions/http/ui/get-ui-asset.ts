import { readHandler } from '#http/read-handler.ts';
import { param } from '#http/api-handler.ts';
import { notFoundProblem } from '#http/problem.ts';
import { uiAsset } from '#http/ui-assets.ts';

/** The web UI's script and stylesheet (public: they hold no data; docs/web-ui.md §1). */
export const handler = readHandler('getUiAsset', async (request) => {
  const asset = uiAsset(param(request, 'asset'), request.event.headers['accept-encoding']);
  if (asset === undefined) throw notFoundProblem();
  return asset;
});
