/** Naming rules shared by pacticipants and environments. */

/**
 * The display name the reference broker derives from a name when none is given: words split at camel-case
 * humps, acronym boundaries and `-`, `_`, `.`, whitespace; each word capitalised; joined with spaces.
 * `test` → `Test`, `prod-eu` → `Prod Eu`, `myEnv` → `My Env`, `UATEnv` → `UAT Env`.
 */
export function deriveDisplayName(name: string): string {
  return name
    .replace(/([a-z\d])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[-_.\s]+/)
    .filter((word) => word.length > 0)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

export const isBlank = (value: string | null | undefined): boolean => value === undefined || value === null || value.trim() === '';

/** Branch names that the reference adopts as a pacticipant's main branch when none is set. */
export const MAIN_BRANCH_CANDIDATES: readonly string[] = ['develop', 'main', 'master'];

export function detectMainBranch(current: string | undefined, candidate: string): string | undefined {
  return current === undefined && MAIN_BRANCH_CANDIDATES.includes(candidate) ? candidate : undefined;
}
