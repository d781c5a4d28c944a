/**
 * Runs the official CLIs as child processes, in either of the two generations users run:
 * - `rust` (the default): `@pact-foundation/pact-cli` 18.x, whose `pact-broker`, `pactflow` and `pact-verifier` are the
 *   Rust implementations;
 * - `ruby`: `@pact-foundation/pact-cli` 16.1.7, whose `pact-broker` and `pactflow` are pact_broker-client 1.77 and whose
 *   verifier is pact-provider-verifier 1.39, all in the Ruby standalone bundle (pact-standalone 2.5.12). The bundle is
 *   the optional dependency `pact-cli-ruby-<platform>` (an alias of `@pact-foundation/pact-cli-<platform>@16.1.7`), and
 *   its `bin/` scripts are run directly. The 16.1.7 wrapper package itself is not installed: its `bin` entries have the
 *   same names as 18.x's and would take over `node_modules/.bin/pact-broker` on an incremental `npm install`.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const nodeModules = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../node_modules');

export type CliGeneration = 'rust' | 'ruby';
/** `pact-verifier` is the Rust generation's verifier, `pact-provider-verifier` the Ruby one's (their options differ). */
export type CliTool = 'pact-broker' | 'pactflow' | 'pact-verifier' | 'pact-provider-verifier';

/**
 * Platforms for which package.json installs the Ruby bundle: linux-x64 (CI's) only, as the registry it was installed
 * from served no other 16.1.7 platform package, and a lockfile naming one it cannot resolve would break `npm ci`.
 * Another platform is one more `pact-cli-ruby-<platform>` alias in optionalDependencies and its name here.
 */
const RUBY_PLATFORMS = ['linux-x64'];
const rubyPlatform = `${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;

/**
 * The generations the end-to-end suites run their CLI workflows with: both wherever package.json installs the Ruby
 * bundle (a missing bundle there fails the Ruby tests, naming the fix), only `rust` elsewhere.
 */
export const cliGenerations: readonly CliGeneration[] = RUBY_PLATFORMS.includes(rubyPlatform) ? ['rust', 'ruby'] : ['rust'];

/** The Ruby standalone's `bin/` directory, e.g. node_modules/pact-cli-ruby-linux-x64/standalone/linux-x64-2.5.12/pact/bin. */
function rubyBin(): string {
  const standalone = resolve(nodeModules, `pact-cli-ruby-${rubyPlatform}`, 'standalone');
  const bundle = existsSync(standalone) ? readdirSync(standalone).find((name) => name.startsWith(`${rubyPlatform}-`)) : undefined;
  if (bundle === undefined) throw new Error(`The Ruby CLI bundle for ${rubyPlatform} is not installed (${standalone}): run npm ci`);
  return resolve(standalone, bundle, 'pact', 'bin');
}

/** The executable of one tool of one generation. */
export function cliPath(tool: CliTool, generation: CliGeneration = 'rust'): string {
  if (generation === 'rust') {
    if (tool === 'pact-provider-verifier') throw new Error('pact-provider-verifier is the Ruby generation\'s verifier; the Rust one is pact-verifier');
    // The package's own bin script, not node_modules/.bin, so nothing else installed can stand in for it.
    return resolve(nodeModules, '@pact-foundation/pact-cli/bin', `${tool}.js`);
  }
  if (tool === 'pact-verifier') throw new Error('pact-verifier is the Rust generation\'s verifier; the Ruby one is pact-provider-verifier');
  return resolve(rubyBin(), tool);
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, colour codes removed. */
  readonly output: string;
}

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

export function runCli(tool: CliTool, args: readonly string[], baseUrl: string, env: Record<string, string> = {}, generation: CliGeneration = 'rust'): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    let executable: string;
    try {
      executable = cliPath(tool, generation);
    } catch (error) {
      reject(error);
      return;
    }
    execFile(
      executable,
      [...args],
      {
        env: {
          PATH: process.env['PATH'] ?? '',
          HOME: process.env['HOME'] ?? '/tmp',
          ...(baseUrl === '' ? {} : { PACT_BROKER_BASE_URL: baseUrl }),
          PACT_BROKER_HTTP_RETRIES: '2',
          // No usage statistics sent from test runs (pact-provider-verifier sends them otherwise).
          PACT_DO_NOT_TRACK: 'true',
          ...env,
        },
        timeout: 60_000,
      },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 1;
        resolvePromise({ code, stdout: stripAnsi(stdout), stderr: stripAnsi(stderr), output: stripAnsi(`${stdout}\n${stderr}`) });
      },
    );
  });
}

export const pactBroker = (baseUrl: string, ...args: string[]): Promise<CliResult> => runCli('pact-broker', args, baseUrl);

