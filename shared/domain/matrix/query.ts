/**
 * The matrix query, rebuilt from the raw query pairs the way Rack's nested-query parser does (which the CLIs rely
 * on): walking `q[][key]=value` pairs in order, a pair starts a new selector when the last selector already has that
 * key; otherwise it is added to the last selector. The same for `ignore[]`.
 */

export interface MatrixSelector {
  readonly pacticipant?: string;
  readonly version?: string;
  readonly latest?: boolean;
  readonly tag?: string;
  readonly branch?: string;
  readonly mainBranch?: boolean;
  readonly environment?: string;
}

export interface IgnoreSelector {
  readonly pacticipant?: string;
  readonly version?: string;
}

/** What the counterparts of the specified versions are compared with. */
export interface MatrixTarget {
  readonly latest?: boolean;
  readonly tag?: string;
  readonly environment?: string;
  readonly mainBranch?: boolean;
}

export interface MatrixQuery {
  readonly selectors: readonly MatrixSelector[];
  readonly ignore: readonly IgnoreSelector[];
  readonly target: MatrixTarget;
  readonly latestby?: 'cvp' | 'cvpv' | 'cp';
  readonly limit?: number;
  /** `success[]=true|false|` filters the rows shown by outcome (empty = unknown); it never changes the decision. */
  readonly success?: readonly (boolean | null)[];
}

const SELECTOR_KEYS = ['pacticipant', 'version', 'latest', 'tag', 'branch', 'mainBranch', 'environment'] as const;

/** More selectors than any CLI sends; each costs reads, so the number is bounded (duplicates count once). */
export const MAX_MATRIX_SELECTORS = 50;
/** The rows a matrix answer lists at most (`limit`); without `latestby` the reference lists 100 by default. */
export const MAX_MATRIX_LIMIT = 1000;
export const DEFAULT_MATRIX_LIMIT = 100;

/** The same selector given twice is one selector. */
function distinct<T>(items: readonly T[]): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const key = JSON.stringify(Object.entries(item as object).sort(([a], [b]) => a.localeCompare(b)));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
type Pairs = readonly (readonly [string, string])[];

function groupNested(pairs: Pairs, prefix: string): Record<string, string>[] {
  const groups: Record<string, string>[] = [];
  const pattern = new RegExp(`^${prefix}\\[\\d*\\]\\[(\\w+)\\]$`);
  for (const [key, value] of pairs) {
    const match = pattern.exec(key);
    if (match === null) continue;
    const field = match[1] as string;
    const last = groups.at(-1);
    if (last === undefined || field in last) groups.push({ [field]: value });
    else last[field] = value;
  }
  return groups;
}

const truthy = (value: string | undefined): boolean | undefined => (value === undefined ? undefined : value === 'true');

export function parseMatrixQuery(pairs: Pairs): { query: MatrixQuery; errors: string[] } {
  const errors: string[] = [];
  const selectors: MatrixSelector[] = distinct(groupNested(pairs, 'q').map((group) => {
    const selector: Record<string, string | boolean> = {};
    for (const key of SELECTOR_KEYS) {
      const value = group[key];
      if (value === undefined || value === '') continue;
      selector[key] = key === 'latest' || key === 'mainBranch' ? value === 'true' : value;
    }
    return selector as MatrixSelector;
  }));
  const ignoreGiven: IgnoreSelector[] = groupNested(pairs, 'ignore').map((group) => ({
    ...(group['pacticipant'] ? { pacticipant: group['pacticipant'] } : {}),
    ...(group['version'] ? { version: group['version'] } : {}),
  }));
  // `/can-i-deploy` also takes `ignore[]=Name`.
  for (const [key, value] of pairs) if (key === 'ignore[]' && value !== '') ignoreGiven.push({ pacticipant: value });
  const ignore = distinct(ignoreGiven);
  if (selectors.length > MAX_MATRIX_SELECTORS) errors.push(`Please provide at most ${MAX_MATRIX_SELECTORS} version selectors (${selectors.length} different ones were given).`);
  if (ignore.length > MAX_MATRIX_SELECTORS) errors.push(`Please provide at most ${MAX_MATRIX_SELECTORS} selectors to ignore (${ignore.length} different ones were given).`);

  const single = (name: string): string | undefined => {
    const value = pairs.find(([key]) => key === name)?.[1];
    return value === undefined || value === '' ? undefined : value;
  };
  const latest = truthy(single('latest'));
  const mainBranch = truthy(single('mainBranch'));
  const target: MatrixTarget = {
    ...(latest ? { latest } : {}),
    ...(single('tag') !== undefined ? { tag: single('tag') as string } : {}),
    ...(single('environment') !== undefined ? { environment: single('environment') as string } : {}),
    ...(mainBranch ? { mainBranch } : {}),
  };
  const latestbyValue = single('latestby');
  const latestby = latestbyValue === 'cvp' || latestbyValue === 'cvpv' || latestbyValue === 'cp' ? latestbyValue : undefined;
  const limitValue = single('limit');
  let limit: number | undefined;
  if (limitValue !== undefined) {
    limit = Number(limitValue);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_MATRIX_LIMIT) errors.push(`The limit must be a whole number from 1 to ${MAX_MATRIX_LIMIT}.`);
  }

  if (selectors.length === 0) errors.push('Please provide 1 or more version selectors.');
  for (const selector of selectors) {
    if (selector.pacticipant === undefined) errors.push('Please specify the pacticipant name');
    else if (selector.version !== undefined && selector.latest === true) errors.push(`A version number and latest flag cannot both be specified for ${selector.pacticipant}`);
  }
  for (const selector of ignore) {
    if (selector.pacticipant === undefined) errors.push('Please specify the pacticipant name to ignore');
  }
  if ([target.tag, target.environment, target.mainBranch].filter((value) => value !== undefined).length > 1) {
    errors.push('Cannot specify more than one of tag, environment and mainBranch.');
  }
  if (target.latest === true && target.environment !== undefined) errors.push('Cannot specify both latest=true and an environment.');
  const success = pairs.filter(([key]) => key === 'success[]' || key === 'success').map(([, value]) => (value === 'true' ? true : value === 'false' ? false : null));
  return {
    query: { selectors, ignore, target, ...(latestby ? { latestby } : {}), ...(limit !== undefined && errors.length === 0 ? { limit } : {}), ...(success.length > 0 ? { success } : {}) },
    errors,
  };
}

/** `/can-i-deploy?pacticipant=&version=&environment=|to=`: the same query in the reference's simpler form. */
export function parseCanIDeployQuery(pairs: Pairs): { query: MatrixQuery; errors: Record<string, string[]> } {
  const single = (name: string) => pairs.find(([key]) => key === name)?.[1];
  const errors: Record<string, string[]> = {};
  const pacticipant = single('pacticipant');
  const version = single('version');
  const environment = single('environment');
  const to = single('to');
  if (!pacticipant) errors['pacticipant'] = ['Please specify the pacticipant name'];
  if (!version) errors['version'] = ['Please specify the version'];
  if (!environment && !to) errors['environment'] = ["Must specify either an environment or a 'to' tag."];
  if (environment && to) errors['environment'] = ["Cannot specify both a 'to' tag and an environment."];
  const ignore = parseMatrixQuery(pairs).query.ignore;
  return {
    query: {
      selectors: [{ ...(pacticipant ? { pacticipant } : {}), ...(version ? { version } : {}) }],
      ignore,
      target: environment ? { environment } : { tag: to as string, latest: true },
      latestby: 'cvpv',
    },
    errors,
  };
}
