/**
 * The matrix query as the API takes it (`q[][pacticipant]=Foo&q[][version]=1&latestby=cvpv`), as form fields and
 * back. A selector starts at each `q[][pacticipant]`, as the API reads them.
 */
export type SelectorKind = 'all' | 'version' | 'latest' | 'branch' | 'tag' | 'mainBranch' | 'environment';

export interface Selector {
  readonly pacticipant: string;
  readonly kind: SelectorKind;
  /** The version, branch, tag or environment name (unused for 'all', 'latest', 'mainBranch'). */
  readonly value: string;
}

export interface MatrixForm {
  readonly selectors: readonly Selector[];
  readonly latestby: '' | 'cvp' | 'cvpv';
  readonly toEnvironment: string;
}

export const KINDS_WITH_VALUE: ReadonlySet<SelectorKind> = new Set(['version', 'branch', 'tag', 'environment']);

export function parseMatrixQuery(raw: string): MatrixForm {
  const selectors: { pacticipant: string; kind: SelectorKind; value: string; latest: boolean }[] = [];
  let latestby: MatrixForm['latestby'] = '';
  let toEnvironment = '';
  for (const [key, value] of new URLSearchParams(raw)) {
    const field = /^q\[\d*\]\[(\w+)\]$/.exec(key)?.[1];
    if (field === undefined) {
      if (key === 'latestby' && (value === 'cvp' || value === 'cvpv')) latestby = value;
      if (key === 'environment') toEnvironment = value;
      continue;
    }
    if (field === 'pacticipant') {
      selectors.push({ pacticipant: value, kind: 'all', value: '', latest: false });
      continue;
    }
    const current = selectors.at(-1);
    if (current === undefined) continue;
    if (field === 'version' || field === 'branch' || field === 'tag' || field === 'environment') {
      current.kind = field;
      current.value = value;
    } else if (field === 'latest' && value === 'true') current.latest = true;
    else if (field === 'mainBranch' && value === 'true') current.kind = 'mainBranch';
  }
  return {
    selectors: selectors.map(({ pacticipant, kind, value, latest }) => ({ pacticipant, kind: kind === 'all' && latest ? 'latest' : kind, value })),
    latestby,
    toEnvironment,
  };
}

export function matrixQueryString(form: MatrixForm): string {
  const params = new URLSearchParams();
  for (const selector of form.selectors) {
    if (selector.pacticipant.trim() === '') continue;
    params.append('q[][pacticipant]', selector.pacticipant.trim());
    if (KINDS_WITH_VALUE.has(selector.kind)) params.append(`q[][${selector.kind}]`, selector.value.trim());
    if (selector.kind === 'latest' || selector.kind === 'branch' || selector.kind === 'tag' || selector.kind === 'mainBranch') params.append('q[][latest]', 'true');
    if (selector.kind === 'mainBranch') params.append('q[][mainBranch]', 'true');
  }
  if (form.latestby !== '') params.set('latestby', form.latestby);
  if (form.toEnvironment.trim() !== '') params.set('environment', form.toEnvironment.trim());
  // Brackets stay readable in the address bar; the API takes either form.
  return params.toString().replace(/%5B/g, '[').replace(/%5D/g, ']');
}
