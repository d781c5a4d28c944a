/** Authentication settings, read from the environment once. */

/** `BROKER_AUTH=on` makes every non-public route need a token. Off (local default): one default tenant, no tokens. */
export function authEnabled(): boolean {
  return ['on', 'true', '1'].includes((process.env['BROKER_AUTH'] ?? '').toLowerCase());
}

/** SHA-256 (hex) of the admin credential; only the hash is configured. */
export function adminTokenSha256(): string | undefined {
  const value = process.env['BROKER_ADMIN_TOKEN_SHA256'];
  return value === undefined || value === '' ? undefined : value;
}

export const DEFAULT_TENANT = 'default';

export const WWW_AUTHENTICATE = 'Bearer realm="pact-broker", Basic realm="pact-broker"';
