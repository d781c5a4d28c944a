/**
 * Readable stack traces without `--enable-source-maps`: that flag makes every cold start load the bundle's source map
 * (10–25 ms per function start, measured by `npm run bench`), while a stack trace is only needed when an unexpected
 * error is logged. Then the frames that point into a bundle are mapped back to the source with Node's own
 * `SourceMap` and the `.map` file esbuild writes beside the bundle (loaded once, on the first such error).
 */
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | undefined>();

function sourceMapOf(file: string): SourceMap | undefined {
  if (!maps.has(file)) {
    let map: SourceMap | undefined;
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    } catch {
      map = undefined; // No map beside it (not a bundle, or shipped without one): the frame stays as it is.
    }
    maps.set(file, map);
  }
  return maps.get(file);
}

/** `file:line:column` of a stack frame (V8's format, with a file URL or a path). */
const FRAME_LOCATION = /((?:file:\/\/)?\/[^\s():]+\.m?js):(\d+):(\d+)/g;

/** The stack with each frame that points into a bundle replaced by the original source position. */
export function originalStack(stack: string): string {
  return stack.replace(FRAME_LOCATION, (whole, file: string, line: string, column: string) => {
    const map = sourceMapOf(file.startsWith('file://') ? fileURLToPath(file) : file);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (entry === undefined || !('originalSource' in entry)) return whole;
    return `${entry.originalSource}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** The error as it should be logged: the same name and message, its stack (and its cause's) in source positions. */
export function withOriginalStack(error: unknown): unknown {
  if (!(error instanceof Error) || error.stack === undefined) return error;
  const mapped = new Error(error.message, error.cause === undefined ? {} : { cause: withOriginalStack(error.cause) });
  mapped.name = error.name;
  mapped.stack = originalStack(error.stack);
  return mapped;
}
