/**
 * Starts one DynamoDB Local (in memory, loopback, free port) for the whole test run, and stops it after; synthesizes
 * the template the local runtime enforces and bundles its functions once, before the test processes start (they read
 * the cached copies).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local.ts';
import { loadTemplate } from '../../infra/local/aws/template.ts';
import { bundleAll } from '../../infra/local/aws/bundles.ts';
import { ENTRY_METADATA } from '../../infra/constructs/broker-function.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoDbEndpoint: string;
  }
}

export default async function setup(project: TestProject) {
  const [dynamo, template] = await Promise.all([startDynamoDbLocal(), loadTemplate()]);
  // Every function's bundle in one esbuild run, so the test processes only load them.
  await bundleAll(Object.values(template.Resources).flatMap((resource) => (typeof resource.Metadata?.[ENTRY_METADATA] === 'string' ? [resource.Metadata[ENTRY_METADATA] as string] : [])));
  project.provide('dynamoDbEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
