/**
 * A whole broker on this machine, as `npm start`, the tests and the bench run it: the table (and its stream) in DynamoDB Local, the
 * template's AWS resources under AWS's rules (infra/local/aws/), the HTTP API in front, and — without tokens — the
 * default tenant, seeded once at start-up as an admin would create a tenant.
 */
import { seedInitialTenant } from '../../shared/services/tenants.ts';
import { tenantContext } from '../../shared/composition/context.ts';
import { DEFAULT_TENANT } from '../../shared/http/auth-config.ts';
import { createDocumentClient, type Db } from '../../shared/storage/client.ts';
import { startDevServer, type DevServer } from './dev-server.ts';
import { debugSettingsFromEnvironment, startLocalAws, webhookSettingsFromEnvironment, type LocalAws, type WebhookSetting } from './aws/local-aws.ts';
import type { Template } from './aws/template.ts';

export interface LocalBrokerOptions {
  readonly dynamoDbEndpoint: string;
  readonly tableName: string;
  readonly auth: boolean;
  readonly baseUrl?: string;
  readonly adminTokenSha256?: string;
  /**
   * Webhook settings by variable name (e.g. `{ PACT_BROKER_WEBHOOK_HOST_WHITELIST: '127.0.0.1',
   * PACT_BROKER_WEBHOOK_SCHEME_WHITELIST: 'http https', PACT_BROKER_WEBHOOK_RETRY_SCHEDULE: '1 2' }`), over those set
   * in this process's environment; unset ones keep the template's.
   */
  readonly webhookSettings?: Readonly<Partial<Record<WebhookSetting, string>>>;
  readonly port?: number;
  readonly host?: string;
  /** Seed the default tenant (with auth off). Default: true. */
  readonly seedDefaultTenant?: boolean;
  /** Tests only (see LocalAwsOptions). */
  readonly queueVisibilityTimeoutSeconds?: number;
  readonly onInvoke?: (functionId: string, event: unknown) => void;
  readonly template?: Template;
}

export interface LocalBroker extends DevServer {
  readonly aws: LocalAws;
  /** A table client with the local operator's (unrestricted) credentials, for set-up and checks outside the broker. */
  readonly operatorDb: Db;
}

export async function startLocalBroker(options: LocalBrokerOptions): Promise<LocalBroker> {
  // The local AWS account creates the table (with the template's stream) as it creates the queues.
  const aws = await startLocalAws({
    dynamoDbEndpoint: options.dynamoDbEndpoint,
    settings: {
      tableName: options.tableName,
      auth: options.auth,
      ...(options.baseUrl === undefined ? {} : { baseUrl: options.baseUrl }),
      ...(options.adminTokenSha256 === undefined ? {} : { adminTokenSha256: options.adminTokenSha256 }),
      webhooks: { ...webhookSettingsFromEnvironment(), ...options.webhookSettings },
      extra: debugSettingsFromEnvironment(),
    },
    ...(options.queueVisibilityTimeoutSeconds === undefined ? {} : { queueVisibilityTimeoutSeconds: options.queueVisibilityTimeoutSeconds }),
    ...(options.onInvoke === undefined ? {} : { onInvoke: options.onInvoke }),
    ...(options.template === undefined ? {} : { template: options.template }),
  });
  const operatorDb: Db = {
    client: createDocumentClient({ endpoint: aws.endpoint.url, region: aws.deployment.bindings.region, credentials: aws.operatorCredentials }),
    tableName: options.tableName,
  };
  if (!options.auth && options.seedDefaultTenant !== false) {
    await seedInitialTenant(tenantContext(operatorDb, process.env['DEFAULT_TENANT'] ?? DEFAULT_TENANT));
  }
  const server = await startDevServer(aws, { ...(options.port === undefined ? {} : { port: options.port }), ...(options.host === undefined ? {} : { host: options.host }) });
  return {
    ...server,
    aws,
    operatorDb,
    close: async () => {
      await server.close();
      await aws.close();
      operatorDb.client.destroy();
    },
  };
}
