/**
 * Reading the broker token (and webhook credentials) from Secrets Manager at run time, so the template holds only the
 * secret's ARN. Values are cached per container for a minute: the gate polls every few seconds, and a rotation is
 * picked up soon after.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { FetchSecret } from './broker-client.ts';
import { ResourceError } from './plan.ts';
import type { SecretReference } from './properties.ts';

const CACHE_MS = 60_000;

export function secretsManagerFetcher(client: SecretsManagerClient = new SecretsManagerClient({}), now: () => number = Date.now): FetchSecret {
  const cache = new Map<string, { value: string; at: number }>();
  return async (reference: SecretReference): Promise<string> => {
    const cached = cache.get(reference.SecretArn);
    let secretString: string;
    if (cached !== undefined && now() - cached.at < CACHE_MS) {
      secretString = cached.value;
    } else {
      let answer;
      try {
        answer = await client.send(new GetSecretValueCommand({ SecretId: reference.SecretArn }));
      } catch (error) {
        // AWS's error names and messages never contain the value.
        const { name, message } = error instanceof Error ? error : { name: 'Error', message: String(error) };
        throw new ResourceError(`Could not read the secret ${reference.SecretArn}: ${name}: ${message}`);
      }
      if (typeof answer.SecretString !== 'string' || answer.SecretString === '') throw new ResourceError(`The secret ${reference.SecretArn} has no string value`);
      secretString = answer.SecretString;
      cache.set(reference.SecretArn, { value: secretString, at: now() });
    }
    return valueOf(reference, secretString);
  };
}

/** The whole string, or for a JSON secret the named key's value. */
export function valueOf(reference: SecretReference, secretString: string): string {
  if (reference.Field === undefined) return secretString.trim();
  let parsed: unknown;
  try {
    parsed = JSON.parse(secretString);
  } catch {
    throw new ResourceError(`The secret ${reference.SecretArn} is not JSON, so it has no field '${reference.Field}'`);
  }
  const value = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>)[reference.Field] : undefined;
  if (typeof value !== 'string' || value === '') throw new ResourceError(`The secret ${reference.SecretArn} has no string field '${reference.Field}'`);
  return value;
}
