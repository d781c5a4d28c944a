/**
 * Whether a request is a browser's page load: it accepts HTML and names no JSON type. The CLIs ask for
 * `application/hal+json` (curl for `*\/*`), so they keep getting the HAL index (docs/web-ui.md §1).
 */
export function wantsPage(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  const types = accept.split(',').map((part) => part.split(';')[0]?.trim().toLowerCase() ?? '');
  return types.includes('text/html') && !types.some((type) => type.endsWith('json'));
}
