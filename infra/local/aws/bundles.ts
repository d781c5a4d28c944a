/**
 * The functions' code as Lambda runs it: each handler module bundled by esbuild with the options the CDK stack uses
 * (infra/constructs/broker-function.ts, BUNDLING), into one ESM file. Bundles are cached on disk under a hash of every
 * source file and the locked dependencies, built on first use (or all at once, `bundleAll`, before a test run) and
 * written under a temporary name then renamed, so concurrent processes never read half a bundle.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { BUNDLING } from '../../constructs/broker-function.ts';
import { projectRoot } from './template.ts';

function sourceFiles(): string[] {
  const files: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') || path.endsWith('.json')) files.push(path);
    }
  };
  walk(join(projectRoot, 'functions'));
  walk(join(projectRoot, 'shared'));
  // The runtime's own test functions and the bench's floor.
  for (const extra of ['test/fixtures/lambda', 'bench/fixtures']) if (existsSync(join(projectRoot, extra))) walk(join(projectRoot, extra));
  files.push(join(projectRoot, 'package.json'), join(projectRoot, 'package-lock.json'));
  return files.sort();
}

let cachedHash: { at: number; hash: string } | undefined;

/** A hash of everything a bundle is made from (re-read at most once a second). */
export function codeHash(): string {
  if (cachedHash !== undefined && Date.now() - cachedHash.at < 1000) return cachedHash.hash;
  const hash = createHash('sha256').update(JSON.stringify(BUNDLING));
  for (const file of sourceFiles()) hash.update(relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  cachedHash = { at: Date.now(), hash: hash.digest('hex').slice(0, 24) };
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
