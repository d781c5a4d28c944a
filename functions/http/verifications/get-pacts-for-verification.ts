import { ok, param } from '#http/api-handler.ts';
import { readHandler } from '#http/read-handler.ts';
import { forVerificationResource } from '#http/for-verification-representation.ts';
import { pactsForVerification } from '#services/pacts-for-verification.ts';
import { forVerificationRequest } from '#http/requests/for-verification.ts';

/**
 * The verifier first GETs this with no query (defaults). The deprecated snake_case query form is accepted too:
 * `provider_version_tags[]`, `consumer_version_selectors[][tag]`/`[latest]`, `include_pending_status`, `include_wip_pacts_since`.
 */
export const handler = readHandler('getPactsForVerification', async (request) => {
  const provider = param(request, 'provider');
  const selectors: Record<string, unknown>[] = [];
  const tags: string[] = [];
  const body: Record<string, unknown> = {};
  for (const [key, value] of request.query) {
    const selector = /^consumer_version_selectors\[\d*\]\[(\w+)\]$/.exec(key);
    if (selector) {
      const field = selector[1] === 'fallback_tag' ? 'fallbackTag' : (selector[1] as string);
      const last = selectors.at(-1);
      const parsed = value === 'true' ? true : value === 'false' ? false : value;
      if (last === undefined || field in last) selectors.push({ [field]: parsed });
      else last[field] = parsed;
    } else if (key === 'provider_version_tags[]') tags.push(value);
    else if (key === 'provider_version_branch') body['providerVersionBranch'] = value;
    else if (key === 'include_pending_status') body['includePendingStatus'] = value === 'true';
    else if (key === 'include_wip_pacts_since') body['includeWipPactsSince'] = value;
  }
  const deprecated = request.query.length > 0 ? [{ when: 'before_verification', text: 'WARNING - this version of the Pact library uses a beta version of the API which will be removed in the future. Please upgrade your Pact library.' }] : [];
  const selection = forVerificationRequest({ ...body, consumerVersionSelectors: selectors, providerVersionTags: tags });
  return ok(forVerificationResource(request.links, provider, selection, await pactsForVerification(request.services, provider, selection), deprecated));
});
