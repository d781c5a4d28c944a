/** Runs the official CLIs from @pact-foundation/pact-cli (pact-broker, pactflow, pact-verifier) as child processes. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const bin = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../node_modules/.bin');

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, colour codes removed. */
  readonly output: string;
}

const stripAnsi = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

export function runCli(tool: 'pact-broker' | 'pactflow' | 'pact-verifier', args: readonly string[], baseUrl: string, env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      resolve(bin, tool),
      [...args],
      {
        env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '/tmp', ...(baseUrl === '' ? {} : { PACT_BROKER_BASE_URL: baseUrl }), PACT_BROKER_HTTP_RETRIES: '2', ...env },
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
