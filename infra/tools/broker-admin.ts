/**
 * Admin command line for tenants and tokens, over the admin API (the same path in AWS and locally).
 *
 *   npm run admin -- create-tenant <tenantId>
 *   npm run admin -- create-token <tenantId> --role read|write [--description TEXT] [--expires-at ISO-8601]
 *   npm run admin -- list-tokens <tenantId>
 *   npm run admin -- revoke-token <tenantId> <tokenId>
 *
 * BROKER_URL (default http://localhost:9292) and BROKER_ADMIN_TOKEN (the admin credential) say where and who.
 */
import { parseArgs } from 'node:util';

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { role: { type: 'string' }, description: { type: 'string' }, 'expires-at': { type: 'string' } },
});
const [command, tenant, tokenId] = positionals;
const baseUrl = (process.env['BROKER_URL'] ?? 'http://localhost:9292').replace(/\/+$/, '');
const adminToken = process.env['BROKER_ADMIN_TOKEN'];

function usage(message: string): never {
  console.error(`${message}\nUsage: broker-admin create-tenant <tenantId> | create-token <tenantId> --role read|write [--description D] [--expires-at T] | list-tokens <tenantId> | revoke-token <tenantId> <tokenId>`);
  process.exit(2);
}

if (adminToken === undefined || adminToken === '') usage('BROKER_ADMIN_TOKEN is not set');
if (tenant === undefined) usage('A tenant id is required');

async function call(method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Authorization: `Bearer ${adminToken}`, Accept: 'application/hal+json', ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) {
    console.error(`${method} ${path} failed: ${response.status} ${text}`);
    process.exit(1);
  }
  return text === '' ? undefined : JSON.parse(text);
}

const tokens = `/admin/tenants/${encodeURIComponent(tenant)}/tokens`;
switch (command) {
  case 'create-tenant':
    await call('POST', '/admin/tenants', { tenantId: tenant });
    console.log(`Created tenant ${tenant} (with the test and production environments)`);
    break;
  case 'create-token': {
    const created = (await call('POST', tokens, {
      role: values.role,
      ...(values.description === undefined ? {} : { description: values.description }),
      ...(values['expires-at'] === undefined ? {} : { expiresAt: values['expires-at'] }),
    })) as { token: string; tokenId: string; role: string };
    console.log(`Created ${created.role} token ${created.tokenId} for tenant ${tenant}. It is shown only now:\n${created.token}`);
    break;
  }
  case 'list-tokens': {
    const listed = (await call('GET', tokens)) as { _embedded: { tokens: Record<string, unknown>[] } };
    for (const token of listed._embedded.tokens) {
      console.log([token['tokenId'], token['role'], token['revokedAt'] ? `revoked ${token['revokedAt']}` : 'active', token['expiresAt'] ? `expires ${token['expiresAt']}` : '', token['description'] ?? ''].join('\t'));
    }
    break;
  }
  case 'revoke-token':
    if (tokenId === undefined) usage('A token id is required');
    await call('DELETE', `${tokens}/${encodeURIComponent(tokenId)}`);
    console.log(`Revoked token ${tokenId} of tenant ${tenant}`);
    break;
  default:
    usage(`Unknown command ${command ?? '(none)'}`);
}
