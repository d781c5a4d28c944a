/** Logged errors are mapped back to source positions from the bundle's source map, without --enable-source-maps. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from 'esbuild';
import { originalStack, withOriginalStack } from '../../../shared/http/stack-traces.ts';

const directory = mkdtempSync(join(tmpdir(), 'stack-traces-'));
const bundle = join(directory, 'index.mjs');
/** The stack as a Lambda logs it: thrown in a plain Node process (no --enable-source-maps, unlike the test runner). */
let stack: string;

beforeAll(async () => {
  // Minified like the functions' bundles, with the source map beside it.
  await build({ entryPoints: [resolve(import.meta.dirname, '../../fixtures/stack/thrower.ts')], bundle: true, minify: true, sourcemap: true, format: 'esm', platform: 'node', outfile: bundle, logLevel: 'silent' });
  const script = `const { fail } = await import(${JSON.stringify(pathToFileURL(bundle).href)}); try { fail('on purpose'); } catch (error) { process.stdout.write(error.stack); }`;
  stack = execFileSync(process.execPath, ['--input-type=module', '--eval', script], { env: { PATH: process.env['PATH'] ?? '' } }).toString();
});

const errorWith = (stackText: string): Error => Object.assign(new Error('failed: on purpose'), { stack: stackText });

afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('stack traces of bundled code', () => {
  it('point into the minified bundle as thrown', () => {
    expect(stack).toContain('index.mjs:1:');
    expect(stack).not.toContain('thrower.ts');
  });

  it('are mapped to the source file and line for the log', () => {
    const mapped = originalStack(stack);
    expect(mapped).toMatch(/fixtures\/stack\/thrower\.ts:4:\d+/);
    expect(mapped.split('\n')[0]).toBe('Error: failed: on purpose');
  });

  it('keep the name and message, and leave frames without a map (and non-errors) as they are', () => {
    const logged = withOriginalStack(errorWith(stack)) as Error;
    expect([logged.name, logged.message]).toEqual(['Error', 'failed: on purpose']);
    expect(logged.stack).toMatch(/thrower\.ts:4:/);
    const plain = new Error('not bundled');
    expect((withOriginalStack(plain) as Error).stack).toBe(plain.stack);
    expect(withOriginalStack('a string')).toBe('a string');
  });
});
