import { text } from '../text.ts';
import { statesText } from './pact.ts';
import { countByStatus, foldUnchanged, type DiffEntry, type DiffLine } from './diff.ts';

const t = text.contract.diff;

/** A line diff: each line signed (+ added, − removed), in <ins>/<del>, with the line numbers of both versions. */
export function LineDiff({ lines, label }: { lines: readonly DiffLine[]; label: string }) {
  const folded = foldUnchanged(lines);
  return (
    <pre class="line-diff" tabIndex={0} aria-label={label}>
      {folded.map((line, index) => {
        if (line.kind === 'fold') {
          return (
            <span key={index} class="diff-line diff-fold">
              <span class="diff-numbers" aria-hidden="true">
                ⋯
              </span>
              <span class="diff-text">{t.folded(line.count)}</span>
            </span>
          );
        }
        const sign = line.kind === 'added' ? '+' : line.kind === 'removed' ? '−' : ' ';
        const content = (
          <>
            <span class="diff-sign" aria-hidden="true">
              {sign}
            </span>
            <span class="diff-text">{line.text === '' ? ' ' : line.text}</span>
          </>
        );
        return (
          <span key={index} class={`diff-line diff-${line.kind}`}>
            <span class="diff-numbers" aria-hidden="true">
              <span>{line.oldNumber ?? ''}</span>
              <span>{line.newNumber ?? ''}</span>
            </span>
            {line.kind === 'added' ? (
              <ins>
                <span class="visually-hidden">{t.lineAdded}: </span>
                {content}
              </ins>
            ) : line.kind === 'removed' ? (
              <del>
                <span class="visually-hidden">{t.lineRemoved}: </span>
                {content}
              </del>
            ) : (
              content
            )}
          </span>
        );
      })}
    </pre>
  );
}

function EntryView({ entry }: { entry: DiffEntry }) {
  if (entry.status === 'unchanged') return null;
  const status = entry.status;
  const states = statesText(entry.states);
  return (
    <li class={`diff-entry diff-entry-${status}`} data-diff={status} data-interaction-key={entry.description}>
      <p class="diff-entry-head">
        <span class={`diff-label diff-label-${status}`}>
          <span aria-hidden="true">{t.signs[status]} </span>
          {t.labels[status]}
        </span>{' '}
        <strong>{entry.description}</strong>
        {states !== '' && <span class="muted small"> · {states}</span>}
      </p>
      <details open={status === 'changed'}>
        <summary>{status === 'changed' ? t.showDiff : t.showJson}</summary>
        <LineDiff lines={entry.lines} label={`${t.labels[status]}: ${entry.description}`} />
      </details>
    </li>
  );
}

export function DiffResult({ entries, from, to }: { entries: readonly DiffEntry[]; from: string; to: string }) {
  const counts = countByStatus(entries);
  const changes = entries.filter((entry) => entry.status !== 'unchanged');
  return (
    <div class="diff-result">
      <h3>{t.summary(from, to)}</h3>
      <p role="status">{t.counts(counts.added, counts.removed, counts.changed, counts.unchanged)}</p>
      <p class="muted small">{t.legend}</p>
      {changes.length === 0 ? (
        <p class="empty">{t.identical}</p>
      ) : (
        <ul class="diff-entries">
          {(['changed', 'added', 'removed'] as const).flatMap((status) => changes.filter((entry) => entry.status === status).map((entry) => <EntryView key={`${status}:${entry.key}`} entry={entry} />))}
        </ul>
      )}
    </div>
  );
}
