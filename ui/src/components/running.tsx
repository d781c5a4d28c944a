import type { Running } from '../data.ts';
import { environmentLabel } from '../data.ts';
import { to } from '../routes.ts';

/** Where an application runs now: one chip per environment and version, linking to the environment. */
export function RunningChips({ running }: { running: readonly Running[] | undefined }) {
  if (running === undefined || running.length === 0) return <span class="muted">–</span>;
  return (
    <ul class="chips">
      {running.map((entry) => (
        <li key={`${entry.environment.uuid}:${entry.kind}:${entry.version}:${entry.applicationInstance ?? ''}`}>
          <a class={`chip chip-env${entry.environment.production ? ' chip-production' : ''}`} href={to.environment(entry.environment.name)} title={`${entry.kind} ${entry.version} to ${environmentLabel(entry.environment)}`}>
            {environmentLabel(entry.environment)}
            {entry.applicationInstance !== undefined ? ` (${entry.applicationInstance})` : ''}: {entry.version}
            {entry.kind === 'released' ? ' · released' : ''}
          </a>
        </li>
      ))}
    </ul>
  );
}
