import type { ComponentChildren } from 'preact';
import type { Resource } from '../hooks.ts';
import { text } from '../text.ts';

/** Shows a resource: a spinner while loading, the error (with what to do) when it failed, else the children. */
export function Loaded<T>({ resource, children }: { resource: Resource<T>; children: (data: T) => ComponentChildren }) {
  if (resource.state === 'loading') return <p class="loading" role="status">{text.loading}</p>;
  if (resource.state === 'error') return <ErrorNotice error={resource.error} />;
  return <>{children(resource.data)}</>;
}

export function ErrorNotice({ error }: { error: Error & { status?: number } }) {
  const hint = error.status === 401 || error.status === 403 ? text.errors.needToken : error.status === 404 ? text.errors.notFound : error.status === 503 ? text.errors.unavailable : undefined;
  return (
    <div class="notice notice-error" role="alert">
      <strong>{error.message}</strong>
      {hint !== undefined && <p>{hint}</p>}
    </div>
  );
}

/** A timestamp as "3 h ago", the exact time in its tooltip and `datetime`. */
export function Time({ at }: { at: string | undefined | null }) {
  if (at === undefined || at === null) return <span class="muted">–</span>;
  const date = new Date(at);
  return (
    <time dateTime={at} title={date.toLocaleString()}>
      {relativeTime(date)}
    </time>
  );
}

export function relativeTime(date: Date, now = Date.now()): string {
  const seconds = Math.round((now - date.getTime()) / 1000);
  if (Number.isNaN(seconds)) return '–';
  if (seconds < 45) return text.time.justNow;
  if (seconds < 3600) return text.time.ago(Math.round(seconds / 60), 'min');
  if (seconds < 86400) return text.time.ago(Math.round(seconds / 3600), 'h');
  if (seconds < 86400 * 30) return text.time.ago(Math.round(seconds / 86400), 'd');
  return date.toLocaleDateString();
}

export type Status = 'success' | 'failed' | 'stale' | 'unverified' | 'pending';

/** A verification outcome: colour and a word, never colour alone. */
export function StatusBadge({ status }: { status: Status }) {
  return <span class={`badge badge-${status}`}>{text.status[status]}</span>;
}

export function Chip({ kind, children, title }: { kind: 'branch' | 'tag' | 'env' | 'env-past' | 'label'; children: ComponentChildren; title?: string }) {
  return (
    <span class={`chip chip-${kind}`} {...(title !== undefined ? { title } : {})}>
      {children}
    </span>
  );
}

export function Section({ title, children, id }: { title: string; children: ComponentChildren; id?: string }) {
  const headingId = `${id ?? title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-heading`;
  return (
    <section class="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {children}
    </section>
  );
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="empty">{children}</p>;
}

/** A table with a header row of column names; `children` are its body rows. Wide tables scroll on their own. */
export function DataTable({ className, columns, children }: { className?: string; columns: readonly string[]; children: ComponentChildren }) {
  return (
    <div class="table-wrap">
      <table {...(className !== undefined ? { class: className } : {})}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
