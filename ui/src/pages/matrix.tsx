import { useEffect, useState } from 'preact/hooks';
import { getJson } from '../api.ts';
import { DataTable, Empty, Loaded, Section, StatusBadge, Time, type Status } from '../components/common.tsx';
import { useResource } from '../hooks.ts';
import type { MatrixResponse, MatrixRow } from '../model.ts';
import { KINDS_WITH_VALUE, matrixQueryString, parseMatrixQuery, type MatrixForm, type SelectorKind } from '../matrix-query.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';

/** Why a row counts as it does: the outcome of its verification (or comparison), or why it has none. */
export function rowOutcome(row: MatrixRow): { status: Status; reason: string } {
  if (row.ignored === true) return { status: 'unverified', reason: text.matrix.rowReason.ignored };
  if (row.verificationResult !== null) return row.verificationResult.success ? { status: 'success', reason: text.matrix.rowReason.success } : { status: 'failed', reason: text.matrix.rowReason.failed };
  if (row.verificationType === 'BDCT') return { status: 'pending', reason: text.matrix.rowReason.pending };
  if (row.provider.version === null) return { status: 'unverified', reason: text.matrix.rowReason.noProvider };
  return { status: 'unverified', reason: text.matrix.rowReason.unverified };
}

export function MatrixTable({ rows }: { rows: readonly MatrixRow[] }) {
  return (
    <DataTable className="matrix" columns={[text.integrations.consumer, text.matrix.consumerVersion, text.integrations.provider, text.matrix.providerVersion, text.integrations.verification, text.matrix.reason]}>
      {rows.map((row, index) => {
        const outcome = rowOutcome(row);
        return (
          <tr key={index} data-row={`${row.consumer.name} ${row.consumer.version.number} ${row.provider.name} ${row.provider.version?.number ?? '-'}`}>
            <td>
              <a href={to.application(row.consumer.name)}>{row.consumer.name}</a>
            </td>
            <td>
              <a href={to.contract(row.consumer.name, row.provider.name, row.consumer.version.number)}>{row.consumer.version.number}</a>
            </td>
            <td>
              <a href={to.application(row.provider.name)}>{row.provider.name}</a>
            </td>
            <td>{row.provider.version?.number ?? <span class="muted">–</span>}</td>
            <td>
              <StatusBadge status={outcome.status} /> {row.verificationType === 'BDCT' && <span class="chip chip-tag">bi-directional</span>}{' '}
              {row.verificationResult !== null && <Time at={row.verificationResult.verifiedAt} />}
            </td>
            <td>{outcome.reason}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}

const KINDS: readonly SelectorKind[] = ['all', 'version', 'latest', 'branch', 'tag', 'mainBranch', 'environment'];

function MatrixFormView({ initial }: { initial: MatrixForm }) {
  const [form, setForm] = useState<MatrixForm>(initial.selectors.length === 0 ? { ...initial, selectors: [{ pacticipant: '', kind: 'all', value: '' }] } : initial);
  useEffect(() => setForm(initial.selectors.length === 0 ? { ...initial, selectors: [{ pacticipant: '', kind: 'all', value: '' }] } : initial), [initial]);
  const update = (index: number, change: Partial<MatrixForm['selectors'][number]>) =>
    setForm({ ...form, selectors: form.selectors.map((selector, at) => (at === index ? { ...selector, ...change } : selector)) });
  return (
    <form
      class="matrix-form"
      onSubmit={(event) => {
        event.preventDefault();
        window.location.hash = to.matrix(matrixQueryString(form)).slice(1);
      }}
    >
      {form.selectors.map((selector, index) => (
        <fieldset key={index} class="selector">
          <legend>{text.matrix.selector(index + 1)}</legend>
          <label>
            {text.matrix.pacticipant}
            <input value={selector.pacticipant} name={`pacticipant-${index}`} onInput={(event) => update(index, { pacticipant: (event.target as HTMLInputElement).value })} required />
          </label>
          <label>
            {text.matrix.kind}
            <select value={selector.kind} name={`kind-${index}`} onChange={(event) => update(index, { kind: (event.target as HTMLSelectElement).value as SelectorKind })}>
              {KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {text.matrix.kinds[kind]}
                </option>
              ))}
            </select>
          </label>
          {KINDS_WITH_VALUE.has(selector.kind) && (
            <label>
              {text.matrix.kinds[selector.kind]}
              <input value={selector.value} name={`value-${index}`} onInput={(event) => update(index, { value: (event.target as HTMLInputElement).value })} required />
            </label>
          )}
          {form.selectors.length > 1 && (
            <button type="button" class="secondary small" onClick={() => setForm({ ...form, selectors: form.selectors.filter((_, at) => at !== index) })}>
              {text.matrix.remove}
            </button>
          )}
        </fieldset>
      ))}
      <div class="row">
        <button type="button" class="secondary" onClick={() => setForm({ ...form, selectors: [...form.selectors, { pacticipant: '', kind: 'all', value: '' }] })}>
          {text.matrix.add}
        </button>
        <label>
          {text.matrix.latestby}
          <select value={form.latestby} name="latestby" onChange={(event) => setForm({ ...form, latestby: (event.target as HTMLSelectElement).value as MatrixForm['latestby'] })}>
            {(Object.keys(text.matrix.latestbyOptions) as (keyof typeof text.matrix.latestbyOptions)[]).map((key) => (
              <option key={key} value={key}>
                {text.matrix.latestbyOptions[key]}
              </option>
            ))}
          </select>
        </label>
        <label>
          {text.matrix.toEnvironment}
          <input value={form.toEnvironment} name="to-environment" onInput={(event) => setForm({ ...form, toEnvironment: (event.target as HTMLInputElement).value })} />
        </label>
        <button type="submit">{text.matrix.run}</button>
      </div>
    </form>
  );
}

export function MatrixPage({ rawQuery }: { rawQuery: string }) {
  const [initial, setInitial] = useState(() => parseMatrixQuery(rawQuery));
  useEffect(() => setInitial(parseMatrixQuery(rawQuery)), [rawQuery]);
  const asked = initial.selectors.length > 0;
  const resource = useResource(asked ? `matrix?${rawQuery}` : null, (signal) => getJson<MatrixResponse>(`/matrix?${rawQuery}`, signal));
  return (
    <>
      <h1>{text.matrix.title}</h1>
      <p class="intro">{text.matrix.intro}</p>
      <section class="card" aria-label={text.matrix.title}>
        <MatrixFormView initial={initial} />
      </section>
      {asked && (
        <Loaded resource={resource}>
          {(result) => (
            <Section title={text.matrix.rows} id="matrix-rows">
              <div class={`verdict ${result.summary.deployable ? 'verdict-yes' : 'verdict-no'}`}>
                <ul class="notices">
                  {result.notices.map((notice, index) => (
                    <li key={index} class={`notice-item notice-${notice.type}`}>
                      {notice.text}
                    </li>
                  ))}
                </ul>
              </div>
              {result.matrix.length === 0 ? <Empty>{text.matrix.none}</Empty> : <MatrixTable rows={result.matrix} />}
            </Section>
          )}
        </Loaded>
      )}
    </>
  );
}
