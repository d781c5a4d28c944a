/** The admin command line (npm run admin) against a broker with authentication on, and the CLI using its tokens. */
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../shared/services/auth.ts';
import { startTestBroker, type TestBroker } from '../support/broker.ts';
import { cliGenerations, runCli } from '../support/cli.ts';

const ADMIN_TOKEN = 'admin-cli-test-credential-0123456789';
const root = resolve(import.meta.dirname, '../..');
let broker: TestBroker;

function admin(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolvePromise) => {
    execFile(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'infra/tools/broker-admin.ts'), ...args], {
      env: { PATH: process.env['PATH'] ?? '', BROKER_URL: broker.url, BROKER_ADMIN_TOKEN: ADMIN_TOKEN },
      timeout: 60_000,
    }, (error, stdout, stderr) => resolvePromise({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, output: `${stdout}${stderr}` }));
  });
}

beforeAll(async () => {
  broker = await startTestBroker({ auth: true, adminTokenSha256: sha256Hex(ADMIN_TOKEN) });
});
afterAll(async () => {
  await broker?.close();
});

describe('broker-admin', () => {
  it('creates a tenant and tokens the official CLI can use, lists them, and revokes them', async () => {
    expect(await admin('create-tenant', 'acme')).toMatchObject({ code: 0, output: expect.stringContaining('Created tenant acme') });
    expect((await admin('create-tenant', 'acme')).code).toBe(1);

    const created = await admin('create-token', 'acme', '--role', 'write', '--description', 'CI');
    expect(created.code).toBe(0);
    const token = created.output.match(/pbt\.acme\.[A-Za-z0-9_-]+/)?.[0] as string;
    const tokenId = created.output.match(/token ([0-9a-f-]{36})/)?.[1] as string;

    // Both CLI generations, with the token as a bearer token and as the basic auth password.
    for (const generation of cliGenerations) {
      for (const credentials of [['--broker-token', token], ['--broker-username', 'acme', '--broker-password', token]]) {
        const environments = await runCli('pact-broker', ['list-environments', ...credentials], broker.url, {}, generation);
        expect(environments.code, `${generation} ${credentials[0]}\n${environments.output}`).toBe(0);
        expect(environments.output).toContain('production');
      }
    }

    const listed = await admin('list-tokens', 'acme');
    expect(listed.output).toContain(`${tokenId}\twrite\tactive`);
    expect(listed.output).not.toContain(token);

    expect((await admin('revoke-token', 'acme', tokenId)).code).toBe(0);
    expect((await admin('list-tokens', 'acme')).output).toContain('revoked');
    for (const generation of cliGenerations) {
      const refused = await runCli('pact-broker', ['list-environments', '--broker-token', token], broker.url, {}, generation);
      expect(refused.code, `${generation}\n${refused.output}`).toBe(1);
      expect(refused.output).toContain('401');
    }
    expect((await admin('create-token', 'acme', '--role', 'owner')).code).toBe(1);
  });

  it('refuses to run without the admin credential or with a wrong one', async () => {
    const wrong = await new Promise<{ code: number }>((resolvePromise) =>
      execFile(resolve(root, 'node_modules/.bin/tsx'), [resolve(root, 'infra/tools/broker-admin.ts'), 'create-tenant', 'zeta'], {
        env: { PATH: process.env['PATH'] ?? '', BROKER_URL: broker.url, BROKER_ADMIN_TOKEN: 'wrong' },
      }, (error) => resolvePromise({ code: error === null ? 0 : Number(error.code) })),
    );
    expect(wrong.code).toBe(1);
  });
});
