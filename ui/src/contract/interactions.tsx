import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { Empty } from '../components/common.tsx';
import { text } from '../text.ts';
import { CodeLines, type Mark } from './code-lines.tsx';
import { bodyPlace, type Mismatch } from './comparison.ts';
import { outlineDocument } from './outline.ts';
import { matchesFilter, prettyJson, requestLine, statesText, type Body, type Interaction, type Message, type Pairs } from './pact.ts';

const t = text.contract.interactions;

/** Where the page wants to be: an interaction to show (opened, scrolled to, focused); `nonce` makes a repeat count. */
export interface Jump {
  readonly id: string;
  readonly nonce: number;
}

/** What a card needs to mark a mismatch: its number, and what of the interaction it concerns. */
interface CardMismatch {
  readonly mismatch: Mismatch;
  readonly part?: string;
  readonly field?: string;
  readonly rest: string;
}

const markOf = (mismatch: Mismatch): CardMismatch => {
  const parsed = mismatch.mock?.parsed;
  return { mismatch, ...(parsed?.part === undefined ? {} : { part: parsed.part }), ...(parsed?.field === undefined ? {} : { field: parsed.field }), rest: parsed?.rest ?? '' };
};

/** The mismatch's location in the pact without the interaction (`response.body.name`). */
export const mockPlaceText = (mismatch: Mismatch): string | undefined => {
  const parsed = mismatch.mock?.parsed;
  if (parsed === undefined) return mismatch.mock?.location;
  return [parsed.part, parsed.field].filter((part) => part !== undefined).join('.') + parsed.rest;
};

function SeverityLabel({ severity }: { severity: Mismatch['severity'] }) {
  const sign = severity === 'error' ? '✗' : severity === 'warning' ? '!' : 'i';
  return (
    <span class={`severity severity-${severity}`}>
      <span aria-hidden="true">{sign}</span> {text.contract.comparison.severity[severity]}
    </span>
  );
}
export { SeverityLabel };

function PairsTable({ caption, pairs, marks, selected }: { caption: string; pairs: Pairs; marks: readonly CardMismatch[]; selected: number | null }) {
  if (pairs.length === 0) return null;
  const whole = marks.filter((mark) => mark.rest === '');
  const isSelected = (list: readonly CardMismatch[]) => list.some((mark) => mark.mismatch.number === selected);
  return (
    <table class={`pairs${isSelected(whole) ? ' is-marked' : ''}`}>
      <caption>
        {caption} <MarkNumbers marks={whole} selected={selected} />
      </caption>
      <thead>
        <tr>
          <th scope="col">{t.name}</th>
          <th scope="col">{t.value}</th>
        </tr>
      </thead>
      <tbody>
        {pairs.map(([name, value], index) => {
          const here = marks.filter((mark) => mark.rest !== '' && mark.rest.slice(1).toLowerCase() === name.toLowerCase());
          return (
            <tr key={index} class={isSelected(here) ? 'is-marked' : ''}>
              <th scope="row">
                <code>{name}</code> <MarkNumbers marks={here} selected={selected} />
              </th>
              <td>
                <code>{value}</code>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** "Mismatch 2" tags where a mismatch is (text, so not by colour alone). */
function MarkNumbers({ marks, selected }: { marks: readonly CardMismatch[]; selected: number | null }) {
  if (marks.length === 0) return null;
  return (
    <>
      {marks.map((mark) => (
        <span key={mark.mismatch.number} class={`mismatch-tag severity-${mark.mismatch.severity}${mark.mismatch.number === selected ? ' is-current' : ''}`}>
          <span aria-hidden="true">▲ </span>
          {t.marker(mark.mismatch.number)}
        </span>
      ))}
    </>
  );
}

function BodyView({ body, label, marks, selected }: { body: Body | undefined; label: string; marks: readonly CardMismatch[]; selected: number | null }) {
  const outline = useMemo(() => (body?.kind === 'json' ? outlineDocument(body.text) : undefined), [body]);
  if (body === undefined) return <p class="muted small">{t.noBody}</p>;
  const codeMarks: Mark[] = marks.map((mark) => {
    const place = outline === undefined ? { line: 1, endLine: body.text.split('\n').length } : bodyPlace(outline, mark.rest);
    return { number: mark.mismatch.number, line: place.line, endLine: place.endLine };
  });
  const active = codeMarks.find((mark) => mark.number === selected);
  return (
    <div class="body-view">
      <p class="small muted body-caption">
        {label}
        {body.contentType !== undefined && (
          <>
            {' · '}
            <code>{body.contentType}</code>
          </>
        )}{' '}
        <MarkNumbers marks={marks} selected={selected} />
      </p>
      {body.kind === 'encoded' && <p class="small muted">{t.encoded(body.contentType)}</p>}
      <CodeLines text={body.text} marks={codeMarks} active={active} label={label} class="body" />
    </div>
  );
}

function RowMark({ marks, selected }: { marks: readonly CardMismatch[]; selected: number | null }) {
  return <MarkNumbers marks={marks} selected={selected} />;
}

function HttpExchange({ interaction, marks, selected }: { interaction: Interaction; marks: readonly CardMismatch[]; selected: number | null }) {
  const request = interaction.request;
  const response = interaction.response;
  const of = (part: string, field: string) => marks.filter((mark) => mark.part === part && mark.field === field);
  const rowClass = (list: readonly CardMismatch[]) => (list.some((mark) => mark.mismatch.number === selected) ? 'is-marked' : '');
  const wholePart = (part: string) => marks.filter((mark) => mark.part === part && mark.field === undefined);
  return (
    <div class="exchange">
      {request !== undefined && (
        <section class="exchange-part" aria-label={`${t.request}: ${interaction.description}`}>
          <h4>
            {t.request} <RowMark marks={wholePart('request')} selected={selected} />
          </h4>
          <table class="facts-table">
            <tbody>
              <tr class={rowClass(of('request', 'method'))}>
                <th scope="row">{t.method}</th>
                <td>
                  <code>{request.method}</code> <RowMark marks={of('request', 'method')} selected={selected} />
                </td>
              </tr>
              <tr class={rowClass(of('request', 'path'))}>
                <th scope="row">{t.path}</th>
                <td>
                  <code>{request.path}</code> <RowMark marks={of('request', 'path')} selected={selected} />
                </td>
              </tr>
            </tbody>
          </table>
          <PairsTable caption={t.query} pairs={request.query} marks={of('request', 'query')} selected={selected} />
          <PairsTable caption={t.headers} pairs={request.headers} marks={of('request', 'headers')} selected={selected} />
          {(request.body !== undefined || of('request', 'body').length > 0) && <BodyView body={request.body} label={`${t.request} · ${t.body}`} marks={of('request', 'body')} selected={selected} />}
        </section>
      )}
      {response !== undefined && (
        <section class="exchange-part" aria-label={`${t.response}: ${interaction.description}`}>
          <h4>
            {t.response} <RowMark marks={wholePart('response')} selected={selected} />
          </h4>
          <table class="facts-table">
            <tbody>
              <tr class={rowClass(of('response', 'status'))}>
                <th scope="row">{t.status}</th>
                <td>
                  <code>{response.status}</code> <RowMark marks={of('response', 'status')} selected={selected} />
                </td>
              </tr>
            </tbody>
          </table>
          <PairsTable caption={t.headers} pairs={response.headers} marks={of('response', 'headers')} selected={selected} />
          <BodyView body={response.body} label={`${t.response} · ${t.body}`} marks={of('response', 'body')} selected={selected} />
        </section>
      )}
    </div>
  );
}

function MessageView({ message, title }: { message: Message; title: string }) {
  return (
    <section class="exchange-part" aria-label={title}>
      <h4>{title}</h4>
      <PairsTable caption={t.metadata} pairs={message.metadata} marks={[]} selected={null} />
      <BodyView body={message.contents} label={`${title} · ${t.contents}`} marks={[]} selected={null} />
    </section>
  );
}

function CardBody({ interaction, mismatches, selected, onShowSpec }: { interaction: Interaction; mismatches: readonly Mismatch[]; selected: number | null; onShowSpec?: ((number: number) => void) | undefined }) {
  const marks = mismatches.map(markOf);
  return (
    <div class="interaction-body">
      <p class="states">
        <strong>{t.given}:</strong> {interaction.states.length === 0 ? <span class="muted">{t.noStates}</span> : statesText(interaction.states)}
      </p>
      {mismatches.length > 0 && (
        <div class="card-mismatches">
          <h4>{t.mismatchesHere}</h4>
          <ul>
            {mismatches.map((mismatch) => (
              <li key={mismatch.number} class={mismatch.number === selected ? 'is-current' : ''} {...(mismatch.number === selected ? { 'aria-current': 'true' } : {})}>
                <SeverityLabel severity={mismatch.severity} /> <strong>{t.marker(mismatch.number)}</strong>: {mismatch.message}
                {mockPlaceText(mismatch) !== undefined && (
                  <>
                    {' '}
                    <span class="muted">
                      {t.atLocation} <code>{mockPlaceText(mismatch)}</code>
                    </span>
                  </>
                )}
                {onShowSpec !== undefined && (
                  <>
                    {' '}
                    <button type="button" class="secondary small" onClick={() => onShowSpec(mismatch.number)}>
                      {t.showInSpec}
                    </button>
                  </>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {interaction.kind === 'http' && <HttpExchange interaction={interaction} marks={marks} selected={selected} />}
      {interaction.kind === 'message' && interaction.message !== undefined && (
        <div class="exchange">
          <MessageView message={interaction.message} title={t.kinds.message} />
        </div>
      )}
      {interaction.kind === 'sync-message' && (
        <div class="exchange">
          {interaction.messageRequest !== undefined && <MessageView message={interaction.messageRequest} title={t.request} />}
          {(interaction.messageResponses ?? []).map((response, index) => (
            <MessageView key={index} message={response} title={(interaction.messageResponses ?? []).length === 1 ? t.response : `${t.response} ${index + 1}`} />
          ))}
        </div>
      )}
      <details class="raw">
        <summary>{t.raw}</summary>
        <CodeLines text={prettyJson(interaction.raw)} label={`${t.raw}: ${interaction.description}`} />
      </details>
    </div>
  );
}

function summaryLine(interaction: Interaction): string {
  if (interaction.kind === 'http' && interaction.request !== undefined) return `${requestLine(interaction.request)} → ${interaction.response?.status ?? ''}`;
  return '';
}

export function InteractionCard({
  interaction,
  open,
  onToggle,
  mismatches,
  selected,
  onShowSpec,
}: {
  interaction: Interaction;
  open: boolean;
  onToggle: (open: boolean) => void;
  mismatches: readonly Mismatch[];
  selected: number | null;
  onShowSpec?: ((number: number) => void) | undefined;
}) {
  const isTarget = mismatches.some((mismatch) => mismatch.number === selected);
  const errors = mismatches.filter((mismatch) => mismatch.severity === 'error').length;
  return (
    <li class={`interaction-item${isTarget ? ' is-target' : ''}`}>
      <details
        id={interaction.id}
        class="interaction"
        data-interaction={interaction.description}
        open={open}
        onToggle={(event) => {
          const now = (event.currentTarget as HTMLDetailsElement).open;
          if (now !== open) onToggle(now);
        }}
      >
        <summary>
          <h3 class="interaction-title">
            <span class="kind-label">{t.kinds[interaction.kind]}</span> <span class="interaction-description">{interaction.description}</span>
            {interaction.pending && (
              <>
                {' '}
                <span class="chip chip-tag">{t.pending}</span>
              </>
            )}
          </h3>
          <span class="interaction-line">
            {summaryLine(interaction) !== '' && <code>{summaryLine(interaction)}</code>}
            {interaction.states.length > 0 && (
              <span class="muted small">
                {' '}
                · {t.given} {statesText(interaction.states)}
              </span>
            )}
            {mismatches.length > 0 && (
              <span class={`mismatch-count ${errors > 0 ? 'severity-error' : 'severity-warning'}`}>
                <span aria-hidden="true">{errors > 0 ? '✗ ' : '! '}</span>
                {t.mismatchCount(mismatches.length)}
              </span>
            )}
          </span>
        </summary>
        {open && <CardBody interaction={interaction} mismatches={mismatches} selected={selected} onShowSpec={onShowSpec} />}
      </details>
    </li>
  );
}

/** The pact's interactions: a filter, expand/collapse all, and one collapsible card each (open at first when there are few). */
export function InteractionList({
  interactions,
  mismatchesById,
  selected,
  jump,
  onShowSpec,
}: {
  interactions: readonly Interaction[];
  mismatchesById: ReadonlyMap<string, readonly Mismatch[]>;
  selected: number | null;
  jump: Jump | null;
  onShowSpec?: ((number: number) => void) | undefined;
}) {
  const [filter, setFilter] = useState('');
  const [open, setOpen] = useState<ReadonlySet<string>>(() => new Set(interactions.length <= 5 ? interactions.map((interaction) => interaction.id) : []));
  const list = useRef<HTMLUListElement>(null);
  const shown = interactions.filter((interaction) => matchesFilter(interaction, filter));
  useEffect(() => {
    if (jump === null) return;
    const target = interactions.find((interaction) => interaction.id === jump.id);
    if (target === undefined) return;
    if (!matchesFilter(target, filter)) setFilter('');
    setOpen((previous) => new Set([...previous, jump.id]));
    // After the card has opened: bring it into view and put the focus on it.
    const frame = requestAnimationFrame(() => {
      const element = list.current?.querySelector<HTMLElement>(`#${CSS.escape(jump.id)}`);
      element?.scrollIntoView({ block: 'start' });
      element?.querySelector<HTMLElement>('summary')?.focus({ preventScroll: true });
    });
    return () => cancelAnimationFrame(frame);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [jump]);
  if (interactions.length === 0) return <Empty>{t.none}</Empty>;
  return (
    <>
      <div class="row interaction-tools">
        <label>
          {t.filter}
          <input type="search" class="wide" value={filter} placeholder={t.filterHint} onInput={(event) => setFilter((event.target as HTMLInputElement).value)} />
        </label>
        <button type="button" class="secondary" onClick={() => setOpen(new Set([...open, ...shown.map((interaction) => interaction.id)]))}>
          {t.expandAll}
        </button>
        <button type="button" class="secondary" onClick={() => setOpen(new Set([...open].filter((id) => !shown.some((interaction) => interaction.id === id))))}>
          {t.collapseAll}
        </button>
        <p class="muted small" role="status">
          {t.count(shown.length, interactions.length)}
        </p>
      </div>
      {shown.length === 0 ? (
        <Empty>{t.noMatch}</Empty>
      ) : (
        <ul class="interactions" ref={list}>
          {shown.map((interaction) => (
            <InteractionCard
              key={interaction.id}
              interaction={interaction}
              open={open.has(interaction.id)}
              onToggle={(now) => setOpen((previous) => (now ? new Set([...previous, interaction.id]) : new Set([...previous].filter((id) => id !== interaction.id))))}
              mismatches={mismatchesById.get(interaction.id) ?? []}
              selected={selected}
              onShowSpec={onShowSpec}
            />
          ))}
        </ul>
      )}
    </>
  );
}
