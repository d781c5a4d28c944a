import { useEffect, useRef } from 'preact/hooks';
import { splitLines } from './diff.ts';

/** A numbered mark on a document's lines (a mismatch's place). */
export interface Mark {
  readonly number: number;
  readonly line: number;
  readonly endLine: number;
}

/** At most this many numbers in a line's gutter; the others are behind one "+n" button. */
const MAX_MARKS = 3;

/** The marks a line shows: the first ones, the active one always among them. */
function shownMarks(marks: readonly Mark[], active: number | undefined): Mark[] {
  if (marks.length <= MAX_MARKS) return [...marks];
  const first = marks.slice(0, MAX_MARKS - 1);
  const current = marks.find((mark) => mark.number === active);
  return current === undefined || first.includes(current) ? first : [first[0] as Mark, current];
}

/** "+n": selects the next mark of the line not shown (after the active one, so repeated presses go through them all). */
function MoreMarks({ marks, active, onMark, moreLabel }: { marks: readonly Mark[]; active: number | undefined; onMark: ((number: number) => void) | undefined; moreLabel?: (hidden: number, next: number) => string }) {
  const shown = shownMarks(marks, active);
  const hidden = marks.filter((mark) => !shown.includes(mark));
  const next = hidden.find((mark) => active === undefined || mark.number > active) ?? hidden[0];
  if (next === undefined) return null;
  if (onMark === undefined) return <span class="code-mark">+{hidden.length}</span>;
  return (
    <button type="button" class="code-mark" aria-label={moreLabel?.(hidden.length, next.number) ?? `+${hidden.length}`} onClick={() => onMark(next.number)}>
      +{hidden.length}
    </button>
  );
}

/**
 * A text with line numbers; the active mark's lines are highlighted (background, a bar and a ▶ in the gutter, so not by
 * colour alone), and every mark's first line carries its number (a button when `onMark` is given). When `scrollKey`
 * changes, the text's own box scrolls to the active mark.
 */
export function CodeLines({
  text,
  marks = [],
  active,
  onMark,
  markLabel,
  moreLabel,
  label,
  scrollKey,
  class: className = '',
}: {
  text: string;
  marks?: readonly Mark[];
  active?: Mark | undefined;
  onMark?: (number: number) => void;
  markLabel?: (number: number) => string;
  /** For the button standing for the marks a line has no room for: `(hidden, next) => …`. */
  moreLabel?: (hidden: number, next: number) => string;
  label: string;
  scrollKey?: number;
  class?: string;
}) {
  const box = useRef<HTMLPreElement>(null);
  const lines = splitLines(text);
  const marksByLine = new Map<number, Mark[]>();
  for (const mark of marks) marksByLine.set(mark.line, [...(marksByLine.get(mark.line) ?? []), mark]);
  useEffect(() => {
    if (scrollKey === undefined || active === undefined || box.current === null) return;
    const line = box.current.querySelector<HTMLElement>(`[data-line="${active.line}"]`);
    if (line === null) return;
    box.current.scrollTop = Math.max(0, line.offsetTop - box.current.clientHeight / 4);
  }, [scrollKey, active?.line]);
  const gutter = marks.length > 0;
  return (
    <pre ref={box} class={`code-lines ${className}`} tabIndex={0} aria-label={label}>
      {lines.map((content, at) => {
        const number = at + 1;
        const inActive = active !== undefined && number >= active.line && number <= active.endLine;
        const starting = marksByLine.get(number) ?? [];
        return (
          <span key={number} class={`code-line${inActive ? ' is-active' : ''}${inActive && number === active.line ? ' is-active-start' : ''}`} data-line={number}>
            {gutter && (
              <span class="code-marks">
                {shownMarks(starting, active?.number).map((mark) =>
                  onMark === undefined ? (
                    <span key={mark.number} class="code-mark">
                      {mark.number}
                    </span>
                  ) : (
                    <button
                      key={mark.number}
                      type="button"
                      class={`code-mark${active?.number === mark.number ? ' is-current' : ''}`}
                      aria-label={markLabel?.(mark.number) ?? String(mark.number)}
                      aria-pressed={active?.number === mark.number}
                      onClick={() => onMark(mark.number)}
                    >
                      {mark.number}
                    </button>
                  ),
                )}
                {starting.length > MAX_MARKS && (
                  <MoreMarks marks={starting} active={active?.number} onMark={onMark} {...(moreLabel === undefined ? {} : { moreLabel })} />
                )}
              </span>
            )}
            <span class="code-number" aria-hidden="true">
              {number}
            </span>
            <span class="code-pointer" aria-hidden="true">
              {inActive ? '▶' : ''}
            </span>
            <span class="code-text">{content === '' ? ' ' : content}</span>
          </span>
        );
      })}
    </pre>
  );
}
