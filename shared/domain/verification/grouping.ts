/**
 * The pure step of pacts for verification (docs/rules.md §6): the selector resolvers produce candidates (a publication
 * and the reason it was chosen); this puts them in selector order and makes one entry per (consumer, pact content),
 * the newest consumer version's publication, with every distinct reason that chose it.
 */
import type { PactPublication } from '../model.ts';
import type { SelectionReason } from './selectors.ts';

export interface Candidate {
  readonly publication: PactPublication;
  readonly reason: SelectionReason;
  /** Which selector chose it: candidates are put back in selector order, whatever order the reads finished in. */
  readonly selectorIndex: number;
}

export interface SelectedPact {
  readonly publication: PactPublication;
  readonly reasons: readonly SelectionReason[];
}

/** The key of a selection: one pact per consumer and content. */
export const selectionKey = (publication: Pick<PactPublication, 'consumer' | 'sha'>): string => JSON.stringify([publication.consumer, publication.sha]);

export function groupSelections(candidates: readonly Candidate[]): SelectedPact[] {
  const ordered = [...candidates].sort(
    (a, b) =>
      a.selectorIndex - b.selectorIndex ||
      a.publication.consumer.localeCompare(b.publication.consumer) ||
      b.publication.consumerVersionOrder - a.publication.consumerVersionOrder ||
      (a.reason.name ?? '').localeCompare(b.reason.name ?? ''),
  );
  const groups = new Map<string, { publication: PactPublication; reasons: SelectionReason[] }>();
  for (const candidate of ordered) {
    const key = selectionKey(candidate.publication);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, { publication: candidate.publication, reasons: [candidate.reason] });
    else {
      if (candidate.publication.consumerVersionOrder > group.publication.consumerVersionOrder) group.publication = candidate.publication;
      if (!group.reasons.some((reason) => JSON.stringify(reason) === JSON.stringify(candidate.reason))) group.reasons.push(candidate.reason);
    }
  }
  return [...groups.values()];
}
