/**
 * The functions' code as Lambda runs it: each handler module bundled by esbuild with the options the CDK stack uses
 * (infra/constructs/broker-function.ts, BUNDLING), into one ESM file. Bundles are cached on disk under a hash of every
 * source file and the locked dependencies, built on first use (or all at once, `bundleAll`, before a test run) and
 * written under a temporary name then renamed, so concurrent processes never read half a bundle.
 */
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { BUNDLING, UI_ENTRIES } from '../../constructs/broker-function.ts';
import { UI_DIRECTORY } from '../../../ui/manifest.ts';
import { buildUiAssets } from '../../../ui/build.ts';
import { filesUnder, hashOfFiles, projectRoot } from './template.ts';

let cachedHash: { at: number; hash: string } | undefined;

/** A hash of everything a bundle is made from (re-read at most once a second). */
export function codeHash(): string {
  if (cachedHash !== undefined && Date.now() - cachedHash.at < 1000) return cachedHash.hash;
  // The handlers' code, the runtime's own test functions and the bench's floor, and the dependencies.
  // The web UI's sources too: the functions that serve it carry its build (UI_ENTRIES).
  const files = [
    ...filesUnder(['functions', 'shared', 'test/fixtures/lambda', 'bench/fixtures'], ['.ts', '.json']),
    ...filesUnder(['ui'], ['.ts', '.tsx', '.css', '.json']),
    join(projectRoot, 'package.json'),
    join(projectRoot, 'package-lock.json'),
  ];
  cachedHash = { at: Date.now(), hash: hashOfFiles(files, JSON.stringify(BUNDLING)).slice(0, 24) };
  return cachedHash.hash;
}

const bundleDirectory = (hash: string): string => join(projectRoot, 'node_modules/.cache/broker-aws-rules/bundles', hash);
export const bundlePath = (entry: string, hash = codeHash()): string => join(bundleDirectory(hash), entry.replace(/\.ts$/, '.mjs'));

const options: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: BUNDLING.target,
  mainFields: [...BUNDLING.mainFields],
  minify: BUNDLING.minify,
  sourcemap: BUNDLING.sourceMap,
  banner: { js: BUNDLING.banner },
  absWorkingDir: projectRoot,
  logLevel: 'error',
};

async function buildInto(entries: readonly string[], hash: string): Promise<void> {
  const staging = `${bundleDirectory(hash)}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  await build({ ...options, entryPoints: entries.map((entry) => join(projectRoot, entry)), outbase: projectRoot, outdir: staging, outExtension: { '.js': '.mjs' } });
  // As the stack's afterBundling hook does: the UI is built beside the bundle of each function that serves it.
  // Built once, then copied beside the other UI-serving bundles of this run.
  const [firstUiEntry, ...otherUiEntries] = entries.filter((entry) => UI_ENTRIES.has(entry));
  if (firstUiEntry !== undefined) {
    const built = join(dirname(bundlePath(firstUiEntry, hash)), UI_DIRECTORY);
    await buildUiAssets(built);
    for (const entry of otherUiEntries) cpSync(built, join(dirname(bundlePath(entry, hash)), UI_DIRECTORY), { recursive: true });
  }
  for (const entry of entries) {
    const target = bundlePath(entry, hash);
    mkdirSync(dirname(target), { recursive: true });
    const built = join(staging, entry.replace(/\.ts$/, '.mjs'));
    renameSync(`${built}.map`, `${target}.map`);
    renameSync(built, target);
  }
  rmSync(staging, { recursive: true, force: true });
}

const building = new Map<string, Promise<string>>();

/** The bundle of one handler module for the current sources, built if it is not cached yet. */
export function functionBundle(entry: string): Promise<string> {
  const hash = codeHash();
  const path = bundlePath(entry, hash);
  if (existsSync(path)) return Promise.resolve(path);
  const key = `${hash}:${entry}`;
  let pending = building.get(key);
  if (pending === undefined) {
    pending = buildInto([entry], hash).then(() => path);
    pending.catch(() => building.delete(key));
    building.set(key, pending);
  }
  return pending;
}

/** Builds every missing bundle in one esbuild run (esbuild parallelises the entry points). */
export async function bundleAll(entries: readonly string[]): Promise<void> {
  const hash = codeHash();
  const missing = [...new Set(entries)].filter((entry) => !existsSync(bundlePath(entry, hash)));
  if (missing.length > 0) await buildInto(missing, hash);
}
