/**
 * The DynamoDB document client, built once per container. Locally and in tests the standard
 * `AWS_ENDPOINT_URL_DYNAMODB` variable points it at DynamoDB Local, so this code has no endpoint logic.
 */
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Where the repositories read and write: a client and the table name. Passed explicitly so tests can use their own table. */
export interface Db {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
}

/** `config` for a client other than the function's own (a tenant session's credentials, say). */
export function createDocumentClient(config: DynamoDBClientConfig = {}): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient(config), {
    marshallOptions: { removeUndefinedValues: true },
  });
}

/** Fails at cold start, not mid-request, when the configuration is missing. */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`Environment variable ${name} is required`);
  return value;
}

let defaultDb: Db | undefined;

/** The table this process serves (`TABLE_NAME`). */
export function getDb(): Db {
  defaultDb ??= { client: createDocumentClient(), tableName: requiredEnv('TABLE_NAME') };
  return defaultDb;
}
