/**
 * How a built UI is laid out beside a function's bundle (docs/web-ui.md §1): the directory, its manifest naming the
 * entry files and each file's media type, and each file's gzipped copy (`<name>.gz`). The build (ui/build.ts), the
 * stack's and the local runtime's bundling, the serving code (shared/http/ui-assets.ts) and the bench all read it here.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The directory beside a function's bundle that holds the UI. */
export const UI_DIRECTORY = 'ui';
export const UI_MANIFEST = 'manifest.json';

export interface UiManifest {
  readonly script: string;
  readonly style: string;
  /** Every file by name, with its media type. */
  readonly files: Readonly<Record<string, string>>;
}

/** The gzipped copy of a built file, written beside it by the build. */
export const gzippedName = (name: string): string => `${name}.gz`;

export function readUiManifest(directory: string): UiManifest {
  return JSON.parse(readFileSync(join(directory, UI_MANIFEST), 'utf8')) as UiManifest;
}
