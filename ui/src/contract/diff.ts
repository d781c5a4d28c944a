/**
 * The differences between two versions of a pact: interactions are matched by description and provider states (what
 * identifies an interaction to a verifier), then each matched pair is compared as canonical pretty JSON (keys sorted, so
 * a reordering is no change) and line-diffed with jsdiff. No DOM.
 */
import { diffLines } from 'diff';
import type { Interaction, ProviderState } from './pact.ts';

/** What identifies an interaction: its description and the names of its provider states (order ignored). */
export function interactionKey(interaction: { readonly description: string; readonly states: readonly ProviderState[] }): string {
  const states = interaction.states.map((state) => state.name).sort();
  return JSON.stringify([interaction.description, states]);
}

/** Keys made unique: the second interaction with the same key is `key#2`, and so on (a pact may repeat one). */
export function uniqueKeys(interactions: readonly Interaction[]): string[] {
  const seen = new Map<string, number>();
  return interactions.map((interaction) => {
    const key = `${interaction.list === 'messages' ? 'message:' : ''}${interactionKey(interaction)}`;
    const count = (seen.get(key) ?? 0) + 1;
    seen.set(key, count);
    return count === 1 ? key : `${key}#${count}`;
  });
}

/** JSON with every object's keys sorted, two-space indented. */
export function canonicalJson(value: unknown): string {
  const sort = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(sort);
    if (item !== null && typeof item === 'object') {
      return Object.fromEntries(
        Object.keys(item as Record<string, unknown>)
          .sort()
          .map((key) => [key, sort((item as Record<string, unknown>)[key])]),
      );
    }
    return item;
  };
  return JSON.stringify(sort(value), null, 2) ?? 'null';
}

/** An interaction as it is compared: as published, without the v4 `key` (a hash of the rest, so it changes with any change). */
export function comparableText(interaction: Interaction): string {
  const { key: _key, ...rest } = interaction.raw as Record<string, unknown>;
  return canonicalJson(rest);
}

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffLine {
  readonly kind: 'added' | 'removed' | 'same';
  readonly text: string;
  /** Line number in the base version (removed and same lines). */
  readonly oldNumber?: number;
  /** Line number in the compared version (added and same lines). */
  readonly newNumber?: number;
}

export interface DiffEntry {
  readonly status: DiffStatus;
  readonly key: string;
  readonly description: string;
  readonly states: readonly ProviderState[];
  /** In the base version (removed, changed, unchanged). */
  readonly before?: Interaction;
  /** In the compared version (added, changed, unchanged). */
  readonly after?: Interaction;
  /** The line diff (changed: before → after; added: all added; removed: all removed; unchanged: none). */
  readonly lines: readonly DiffLine[];
}

/** Every line of a text, without the empty one after a final newline. */
export const splitLines = (text: string): string[] => {
  const lines = text.split('\n');
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  return lines;
};

/** The line diff of two texts, numbered. */
export function lineDiff(before: string, after: string): DiffLine[] {
  const result: DiffLine[] = [];
  let oldNumber = 1;
  let newNumber = 1;
  for (const change of diffLines(before, after)) {
    for (const text of splitLines(change.value)) {
      if (change.added) result.push({ kind: 'added', text, newNumber: newNumber++ });
      else if (change.removed) result.push({ kind: 'removed', text, oldNumber: oldNumber++ });
      else result.push({ kind: 'same', text, oldNumber: oldNumber++, newNumber: newNumber++ });
    }
  }
  return result;
}

/**
 * How `after` (the version shown) differs from `before` (the version compared with): the entries of `after` in its
 * order, each added, changed or unchanged, then those only `before` has (removed), in its order.
 */
export function diffInteractions(before: readonly Interaction[], after: readonly Interaction[]): DiffEntry[] {
  const beforeKeys = uniqueKeys(before);
  const afterKeys = uniqueKeys(after);
  const beforeByKey = new Map(beforeKeys.map((key, index) => [key, before[index] as Interaction]));
  const afterKeySet = new Set(afterKeys);
  const entries: DiffEntry[] = after.map((interaction, index) => {
    const key = afterKeys[index] as string;
    const previous = beforeByKey.get(key);
    const common = { key, description: interaction.description, states: interaction.states, after: interaction };
    if (previous === undefined) return { ...common, status: 'added', lines: splitLines(comparableText(interaction)).map((text, at) => ({ kind: 'added', text, newNumber: at + 1 })) };
    const oldText = comparableText(previous);
    const newText = comparableText(interaction);
    if (oldText === newText) return { ...common, status: 'unchanged', before: previous, lines: [] };
    return { ...common, status: 'changed', before: previous, lines: lineDiff(oldText, newText) };
  });
  before.forEach((interaction, index) => {
    const key = beforeKeys[index] as string;
    if (afterKeySet.has(key)) return;
    entries.push({
      status: 'removed',
      key,
      description: interaction.description,
      states: interaction.states,
      before: interaction,
      lines: splitLines(comparableText(interaction)).map((text, at) => ({ kind: 'removed', text, oldNumber: at + 1 })),
    });
  });
  return entries;
}

export function countByStatus(entries: readonly DiffEntry[]): Record<DiffStatus, number> {
  const counts: Record<DiffStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const entry of entries) counts[entry.status] += 1;
  return counts;
}

export type FoldedLine = DiffLine | { readonly kind: 'fold'; readonly count: number };

/** A diff with long runs of unchanged lines folded, `context` lines kept on each side of a change. */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): FoldedLine[] {
  const near = lines.map(() => false);
  lines.forEach((line, index) => {
    if (line.kind === 'same') return;
    for (let at = Math.max(0, index - context); at <= Math.min(lines.length - 1, index + context); at += 1) near[at] = true;
  });
  const result: FoldedLine[] = [];
  let runStart = -1;
  const flush = (end: number) => {
    if (runStart === -1) return;
    // A fold of one line hides nothing worth hiding.
    if (end - runStart === 1) result.push(lines[runStart] as DiffLine);
    else result.push({ kind: 'fold', count: end - runStart });
    runStart = -1;
  };
  lines.forEach((line, index) => {
    if (near[index] === true || line.kind !== 'same') {
      flush(index);
      result.push(line);
    } else if (runStart === -1) {
      runStart = index;
    }
  });
  flush(lines.length);
  return result;
}
