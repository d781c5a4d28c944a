/**
 * Builds the web UI (ui/src) for browsers: one minified ES module and one stylesheet, named by their content hash so
 * that they can be cached for a year, and a manifest naming them. The functions that serve the UI (the index and the
 * asset route) carry these files beside their bundle: the CDK stack runs this after bundling them
 * (infra/constructs/broker-function.ts), the local runtime does the same (infra/local/aws/bundles.ts).
 *
 *   tsx ui/build.ts <output directory>
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { UI_MANIFEST, gzippedName, type UiManifest } from './manifest.ts';

const uiRoot = dirname(fileURLToPath(import.meta.url));

const MEDIA_TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript;charset=utf-8',
  '.css': 'text/css;charset=utf-8',
  '.svg': 'image/svg+xml',
};

export async function buildUiAssets(outDir: string): Promise<UiManifest> {
  const staging = `${outDir}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const result = await build({
    entryPoints: [join(uiRoot, 'src/main.tsx')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    // Browsers of the last few years; nothing older is worth the extra bytes.
    target: ['es2022', 'chrome110', 'firefox115', 'safari16'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    entryNames: '[name]-[hash]',
    outdir: staging,
    metafile: true,
    legalComments: 'none',
    logLevel: 'error',
    absWorkingDir: uiRoot,
  });
  const outputs = Object.keys(result.metafile.outputs).map((path) => resolve(uiRoot, path));
  const script = outputs.find((path) => path.endsWith('.js'));
  const style = outputs.find((path) => path.endsWith('.css'));
  if (script === undefined || style === undefined) throw new Error('The UI build produced no script or no stylesheet');
  const files: Record<string, string> = {};
  for (const path of outputs) {
    const extension = path.slice(path.lastIndexOf('.'));
    const type = MEDIA_TYPES[extension];
    if (type === undefined) continue;
    files[basename(path)] = type;
    // Compressed once here rather than in every execution environment that serves it.
    writeFileSync(gzippedName(path), gzipSync(readFileSync(path), { level: 9 }));
  }
  const manifest: UiManifest = { script: basename(script), style: basename(style), files };
  writeFileSync(join(staging, UI_MANIFEST), JSON.stringify(manifest));
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(dirname(outDir), { recursive: true });
  // Renamed into place so that a concurrent reader never sees half a build. Another process building the same sources
  // may have got there first: its build is the same.
  try {
    renameSync(staging, outDir);
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(join(outDir, UI_MANIFEST))) throw error;
  }
  return manifest;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const target = process.argv[2];
  if (target === undefined) throw new Error('usage: tsx ui/build.ts <output directory>');
  const manifest = await buildUiAssets(resolve(target));
  console.log(`UI built into ${target}: ${manifest.script}, ${manifest.style}`);
}
