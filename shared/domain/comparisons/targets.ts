/**
 * Which counterpart versions a newly published contract is pre-compared with (docs/rules.md §8.3): versions that are
 * deployed or released somewhere, the head of the main branch, and heads of other branches published recently.
 * Anything else is compared on demand, when can-i-deploy meets it.
 */

export interface CounterpartCandidate {
  readonly version: string;
  readonly deployedOrReleased: boolean;
  readonly mainBranchHead: boolean;
  readonly branchHead: boolean;
  /** When the counterpart's contract (pact or provider contract) for this version was published. */
  readonly publishedAt: string;
}

export const DEFAULT_RECENT_BRANCH_WINDOW_DAYS = 7;

export function selectComparisonTargets(candidates: readonly CounterpartCandidate[], now: string, windowDays = DEFAULT_RECENT_BRANCH_WINDOW_DAYS): string[] {
  const since = Date.parse(now) - windowDays * 24 * 60 * 60 * 1000;
  const selected = candidates.filter(
    (candidate) => candidate.deployedOrReleased || candidate.mainBranchHead || (candidate.branchHead && Date.parse(candidate.publishedAt) >= since),
  );
  return [...new Set(selected.map((candidate) => candidate.version))];
}
