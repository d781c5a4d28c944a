/**
 * `npm run bench:cold`: the cold path of the hot handlers, against a bundle of the DynamoDB client alone (the floor every
 * handler pays), in the same run: bundle size, and the time to import the bundle in a fresh Node process (median of
 * several), without and with `--enable-source-maps` (which the functions no longer pay for: logged errors are mapped
 * when they happen, shared/http/stack-traces.ts). Bundles are built as the stack
 * builds them (infra/local/aws/bundles.ts). Prints figures; asserts nothing.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { functionBundle } from '../infra/local/aws/bundles.ts';
import { UI_DIRECTORY, gzippedName, readUiManifest } from '../ui/manifest.ts';

const RUNS = Number(process.env['COLD_RUNS'] ?? 7);
const HOT = [
  'functions/http/matrix/can-i-deploy.ts',
  'functions/http/matrix/get-matrix.ts',
  'functions/http/verifications/post-pacts-for-verification.ts',
  'functions/http/versions/get-version.ts',
  'functions/http/deployments/record-deployment.ts',
  'functions/http/contracts/publish-contracts.ts',
  'functions/queue/compare-contracts.ts',
  'functions/stream/route-webhook-events.ts',
  'functions/queue/dispatch-webhooks.ts',
  // The web UI's page and assets (their bundles carry the UI's files beside them, measured below).
  'functions/http/index/get-index.ts',
  'functions/http/ui/get-ui-asset.ts',
];

/** Milliseconds to import the module in a fresh process: the median of RUNS. */
function coldImport(bundle: string, sourceMaps: boolean): number {
  const script = `const started = performance.now(); await import(${JSON.stringify(pathToFileURL(bundle).href)}); console.log(performance.now() - started);`;
  const times: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const output = execFileSync(process.execPath, [...(sourceMaps ? ['--enable-source-maps'] : []), '--input-type=module', '--eval', script], { env: { PATH: process.env['PATH'] ?? '', TABLE_NAME: 'cold', AWS_REGION: 'us-east-1' } });
    times.push(Number(output.toString().trim()));
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)] as number;
}

const floorBundle = await functionBundle('bench/fixtures/sdk-floor.ts');
const floor = { kb: statSync(floorBundle).size / 1024, plain: coldImport(floorBundle, false), mapped: coldImport(floorBundle, true) };
console.log(`SDK-only floor: ${floor.kb.toFixed(0)} KB, cold import ${floor.plain.toFixed(1)} ms (${floor.mapped.toFixed(1)} ms with --enable-source-maps)\n`);
console.log('handler'.padEnd(58), 'bundle KB', '  +floor', ' import ms', ' ×floor', ' +maps ms', ' ×floor');
for (const entry of HOT) {
  const bundle = await functionBundle(entry);
  const kb = statSync(bundle).size / 1024;
  const plain = coldImport(bundle, false);
  const mapped = coldImport(bundle, true);
  console.log(entry.padEnd(58), kb.toFixed(0).padStart(9), `+${(kb - floor.kb).toFixed(0)}`.padStart(8), plain.toFixed(1).padStart(10), `${(plain / floor.plain).toFixed(2)}×`.padStart(7), mapped.toFixed(1).padStart(9), `${(mapped / floor.plain).toFixed(2)}×`.padStart(7));
}

// What a browser downloads on a first visit (later visits: only the page, the assets are cached for a year).
const uiDirectory = join(dirname(await functionBundle('functions/http/ui/get-ui-asset.ts')), UI_DIRECTORY);
const manifest = readUiManifest(uiDirectory);
console.log('\nweb UI asset'.padEnd(40), '    raw KB', '   gzip KB');
let totalGzip = 0;
for (const name of [manifest.script, manifest.style]) {
  const content = readFileSync(join(uiDirectory, name));
  // What the asset route sends to a browser that accepts gzip.
  const gzip = readFileSync(join(uiDirectory, gzippedName(name))).length;
  totalGzip += gzip;
  console.log(name.padEnd(39), (content.length / 1024).toFixed(1).padStart(10), (gzip / 1024).toFixed(1).padStart(10));
}
console.log(`first visit downloads ${(totalGzip / 1024).toFixed(1)} KB gzipped, plus the page`);
