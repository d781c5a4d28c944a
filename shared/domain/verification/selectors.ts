/**
 * Consumer version selectors for "pacts for verification" (docs/rules.md §6): validation with the reference messages,
 * and the descriptions a verifier prints. Pure.
 */

export interface ConsumerVersionSelector {
  readonly mainBranch?: boolean;
  readonly branch?: string;
  readonly fallbackBranch?: string;
  readonly matchingBranch?: boolean;
  readonly tag?: string;
  readonly fallbackTag?: string;
  readonly latest?: boolean;
  readonly deployed?: boolean;
  readonly released?: boolean;
  readonly deployedOrReleased?: boolean;
  readonly environment?: string;
  readonly consumer?: string;
}

export interface ForVerificationRequest {
  readonly selectors: readonly ConsumerVersionSelector[];
  /** True when the request gave no selectors: the defaults apply (main branch heads, deployed, released). */
  readonly defaults: boolean;
  readonly providerVersionBranch?: string;
  readonly providerVersionTags: readonly string[];
  readonly includePendingStatus: boolean;
  readonly includeWipPactsSince?: string;
}

const BRANCH_FIELDS = ['latest', 'tag', 'fallbackTag', 'branch', 'fallbackBranch', 'matchingBranch', 'mainBranch'] as const;
const ENVIRONMENT_FIELDS = ['environment', 'deployed', 'released', 'deployedOrReleased'] as const;
const KNOWN = new Set<string>([...BRANCH_FIELDS, ...ENVIRONMENT_FIELDS, 'consumer']);

/** Validates a request body; returns the request and every problem found (each suffixed with its selector index). */
export function readForVerificationRequest(body: Record<string, unknown>): { request: ForVerificationRequest; errors: string[] } {
  const errors: string[] = [];
  const rawSelectors = body['consumerVersionSelectors'];
  const selectors: ConsumerVersionSelector[] = [];
  if (rawSelectors !== undefined && rawSelectors !== null && !Array.isArray(rawSelectors)) errors.push('consumerVersionSelectors must be an array');
  const providerVersionBranch = typeof body['providerVersionBranch'] === 'string' ? body['providerVersionBranch'] : undefined;
  (Array.isArray(rawSelectors) ? rawSelectors : []).forEach((raw: unknown, index) => {
    const at = ` (at index ${index})`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push(`selector must be an object${at}`);
      return;
    }
    const selector = raw as Record<string, unknown>;
    const problems: string[] = [];
    for (const key of Object.keys(selector)) if (!KNOWN.has(key)) problems.push(`${key} is not a known selector field`);
    for (const key of ['branch', 'fallbackBranch', 'tag', 'fallbackTag', 'environment', 'consumer']) {
      const value = selector[key];
      if (value !== undefined && value !== null && (typeof value !== 'string' || value.trim() === '')) problems.push(`${key} must be a non-blank string`);
    }
    for (const key of ['mainBranch', 'matchingBranch', 'latest', 'deployed', 'released', 'deployedOrReleased']) {
      const value = selector[key];
      if (value !== undefined && value !== null && typeof value !== 'boolean') problems.push(`${key} must be true or false`);
    }
    const s = selector as ConsumerVersionSelector;
    const has = (key: keyof ConsumerVersionSelector) => s[key] !== undefined && s[key] !== null && s[key] !== false;
    const anything = ['environment', 'tag', 'branch', 'mainBranch', 'matchingBranch', 'latest', 'deployed', 'released', 'deployedOrReleased'].some((key) => has(key as keyof ConsumerVersionSelector));
    if (!anything) problems.push('must specify a value for environment or tag or branch, or specify mainBranch=true, matchingBranch=true, latest=true, deployed=true, released=true or deployedOrReleased=true');
    if (s.mainBranch === true && (has('branch') || has('tag') || has('matchingBranch') || ENVIRONMENT_FIELDS.some((key) => has(key)))) problems.push('cannot specify mainBranch=true with any other criteria apart from consumer');
    if (s.mainBranch === true && s.latest === false) problems.push('cannot specify mainBranch=true with latest=false');
    if (s.matchingBranch === true && (has('branch') || has('tag') || has('mainBranch') || ENVIRONMENT_FIELDS.some((key) => has(key)))) problems.push('cannot specify matchingBranch=true with any other criteria apart from consumer');
    if (s.matchingBranch === true && (providerVersionBranch === undefined || providerVersionBranch.trim() === '')) problems.push('the providerVersionBranch must be specified when the selector matchingBranch=true is used');
    if (has('tag') && has('branch')) problems.push('cannot specify both a tag and a branch');
    if (has('branch') && s.latest === false) problems.push('cannot specify a branch with latest=false');
    if (has('fallbackTag') && s.latest !== true) problems.push('fallbackTag can only be set if latest is true');
    if (has('fallbackTag') && !has('tag')) problems.push('a tag must be specified when a fallbackTag is specified');
    if (has('fallbackBranch') && !has('branch')) problems.push('a branch must be specified when a fallbackBranch is specified');
    if (has('fallbackBranch') && s.latest === false) problems.push('fallbackBranch can only be set if latest is true');
    const branchish = BRANCH_FIELDS.filter((key) => has(key));
    const environmentish = ENVIRONMENT_FIELDS.filter((key) => has(key));
    if (branchish.length > 0 && environmentish.length > 0) problems.push(`cannot specify the field(s) ${branchish.join('/')} with the field(s) ${environmentish.join('/')}`);
    if (s.deployed === true && s.released === true) problems.push('cannot specify both deployed=true and released=true');
    if (s.deployedOrReleased === true && (s.deployed === true || s.released === true)) problems.push('cannot specify both deployedOrReleased=true and deployed=true or released=true');
    for (const problem of problems) errors.push(`${problem}${at}`);
    if (problems.length === 0) selectors.push(s);
  });
  const rawTags = body['providerVersionTags'];
  const providerVersionTags = Array.isArray(rawTags) ? rawTags.filter((tag): tag is string => typeof tag === 'string' && tag !== '') : [];
  const since = body['includeWipPactsSince'];
  if (since !== undefined && since !== null && (typeof since !== 'string' || Number.isNaN(Date.parse(since)))) errors.push('includeWipPactsSince must be a date');
  const includePendingStatus = body['includePendingStatus'] === undefined || body['includePendingStatus'] === null ? true : body['includePendingStatus'] === true;
  return {
    request: {
      selectors,
      defaults: !Array.isArray(rawSelectors) || rawSelectors.length === 0,
      ...(providerVersionBranch !== undefined && providerVersionBranch !== '' ? { providerVersionBranch } : {}),
      providerVersionTags,
      includePendingStatus,
      ...(typeof since === 'string' && !Number.isNaN(Date.parse(since)) ? { includeWipPactsSince: new Date(since).toISOString() } : {}),
    },
    errors,
  };
}

/** How a selected pact was chosen, for notices and `shortDescription`. */
export interface SelectionReason {
  readonly kind: 'mainBranch' | 'branch' | 'fallbackBranch' | 'tag' | 'latestTag' | 'fallbackTag' | 'latest' | 'deployed' | 'released' | 'environment';
  readonly consumer?: string;
  readonly name?: string;
  readonly fallbackFrom?: string;
  readonly consumerVersion: string;
}
