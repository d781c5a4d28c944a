/**
 * The production token fetcher (functions/iac/secrets.ts) with the real Secrets Manager client, against a loopback
 * server speaking GetSecretValue's JSON protocol (awsJson1_1, `X-Amz-Target: secretsmanager.GetSecretValue`).
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { secretsManagerFetcher } from '../../functions/iac/secrets.ts';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pact-broker/acme-ci-AbCdEf';
const JSON_ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:pact-broker/json-AbCdEf';
const stored: Record<string, string> = { [ARN]: 'pbt.acme.plain-token\n', [JSON_ARN]: JSON.stringify({ token: 'pbt.acme.json-token' }) };
const requests: { target: string | undefined; secretId: unknown; signed: boolean }[] = [];
let server: Server;
let client: SecretsManagerClient;

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      requests.push({ target: request.headers['x-amz-target'] as string | undefined, secretId: SecretId, signed: String(request.headers.authorization).startsWith('AWS4-HMAC-SHA256') });
      const value = stored[SecretId];
      response.setHeader('Content-Type', 'application/x-amz-json-1.1');
      if (value === undefined) {
        response.statusCode = 400;
        response.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
        return;
      }
      response.end(JSON.stringify({ ARN: SecretId, Name: 'pact-broker/acme-ci', SecretString: value, VersionId: 'v1', VersionStages: ['AWSCURRENT'], CreatedDate: 1767225600 }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new SecretsManagerClient({ endpoint: `http://127.0.0.1:${port}`, region: 'eu-west-1', credentials: { accessKeyId: 'AKIDLOCAL', secretAccessKey: 'local-secret' }, maxAttempts: 1 });
});
afterAll(async () => {
  client?.destroy();
  await new Promise((resolve) => server?.close(resolve));
});

describe('the Secrets Manager token fetcher', () => {
  it('reads the secret with a signed GetSecretValue, trims a plain value, reads a JSON field, and caches per ARN for a minute', async () => {
    let now = 0;
    const fetchSecret = secretsManagerFetcher(client, () => now);
    expect(await fetchSecret({ SecretArn: ARN })).toBe('pbt.acme.plain-token');
    expect(await fetchSecret({ SecretArn: JSON_ARN, Field: 'token' })).toBe('pbt.acme.json-token');
    expect(requests).toEqual([
      { target: 'secretsmanager.GetSecretValue', secretId: ARN, signed: true },
      { target: 'secretsmanager.GetSecretValue', secretId: JSON_ARN, signed: true },
    ]);
    now += 30_000;
    await fetchSecret({ SecretArn: ARN });
    expect(requests).toHaveLength(2);
    now += 31_000;
    await fetchSecret({ SecretArn: ARN });
    expect(requests).toHaveLength(3);
  });

  it("fails with AWS's reason (never a value) for a missing secret or field", async () => {
    const fetchSecret = secretsManagerFetcher(client);
    await expect(fetchSecret({ SecretArn: `${ARN}-missing` })).rejects.toThrow(`Could not read the secret ${ARN}-missing: ResourceNotFoundException: Secrets Manager can't find the specified secret.`);
    await expect(fetchSecret({ SecretArn: JSON_ARN, Field: 'password' })).rejects.toThrow(`The secret ${JSON_ARN} has no string field 'password'`);
    await expect(fetchSecret({ SecretArn: ARN, Field: 'token' })).rejects.toThrow(/is not JSON, so it has no field 'token'$/);
  });
});
