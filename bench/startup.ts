/**
 * `npm run bench` (last part): how long `npm start` takes to be ready on these machines, from a fresh process to the
 * first answered request (DynamoDB Local's start, the template, the local runtime, the default tenant), with the data
 * in memory so each run starts from nothing. Median of STARTUP_RUNS (3). Listens on loopback; stops what it starts.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

const RUNS = Number(process.env['STARTUP_RUNS'] ?? 3);
const root = resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Milliseconds from spawning `npm start`'s entry point to its first answered `GET /` (and the time it reports itself). */
async function startOnce(): Promise<{ answered: number; reported: string }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(resolve(root, 'node_modules/.bin/tsx'), ['infra/local/start.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', BROKER_IN_MEMORY: 'true', LOG_LEVEL: 'ERROR' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited: ${output}`);
      if (performance.now() - started > 120_000) throw new Error(`npm start not ready after 120 s: ${output}`);
      const answered = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then((response) => response.ok, () => false);
      if (answered) return { answered: performance.now() - started, reported: /ready on \S+ in ([\d.]+ s)/.exec(output)?.[1] ?? '?' };
      await new Promise((wait) => setTimeout(wait, 25));
    }
  } finally {
    const exited = new Promise((done) => child.once('exit', done));
    if (child.pid !== undefined && child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
    await exited;
  }
}

const runs: { answered: number; reported: string }[] = [];
for (let run = 0; run < RUNS; run++) runs.push(await startOnce());
const sorted = runs.map((run) => run.answered).sort((a, b) => a - b);
console.log(`\nStart-up: npm start (data in memory) answers its first request in ${(sorted[Math.floor(sorted.length / 2)] as number / 1000).toFixed(1)} s (median of ${RUNS}; each run: ${runs.map((run) => `${(run.answered / 1000).toFixed(1)} s, reported ${run.reported}`).join('; ')})`);
