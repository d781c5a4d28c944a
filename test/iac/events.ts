/** CloudFormation custom resource events as CloudFormation sends them through the provider framework (ResponseURL masked, as the framework does). */
import type { CloudFormationCustomResourceCreateEvent, CloudFormationCustomResourceDeleteEvent, CloudFormationCustomResourceUpdateEvent } from 'aws-lambda';
import { randomUUID } from 'node:crypto';
import { RESOURCE_TYPES, type ResourceKind, type ResourceProperties } from '../../functions/iac/properties.ts';

const SERVICE_TOKEN = 'arn:aws:lambda:eu-west-1:123456789012:function:Orders-PactBrokerContentsProviderframeworkonEvent-AbC123';
const STACK_ID = 'arn:aws:cloudformation:eu-west-1:123456789012:stack/Orders/5b3c2d10-1111-2222-3333-444455556666';

export interface Declared {
  readonly kind: ResourceKind;
  readonly properties: ResourceProperties;
}

/** What the construct puts in the template: `Broker`, `Spec` as JSON (and `Secrets`). */
export function declared(kind: ResourceKind, url: string, spec: object, extra: Partial<ResourceProperties> = {}): Declared {
  return { kind, properties: { Broker: { Url: url }, Spec: JSON.stringify(spec), ...extra } };
}

const common = (resource: Declared, logicalId: string) => ({
  ServiceToken: SERVICE_TOKEN,
  ResponseURL: '...',
  StackId: STACK_ID,
  RequestId: randomUUID(),
  LogicalResourceId: logicalId,
  ResourceType: RESOURCE_TYPES[resource.kind],
});
const properties = (resource: Declared) => ({ ServiceToken: SERVICE_TOKEN, ...resource.properties });

export const createEvent = (resource: Declared, logicalId = 'Resource'): CloudFormationCustomResourceCreateEvent => ({
  ...common(resource, logicalId),
  RequestType: 'Create',
  ResourceProperties: properties(resource),
});

/** An update from `before` to `after`; a rollback Update is `updateEvent(failed, previous, idReturnedForFailed)`. */
export const updateEvent = (before: Declared, after: Declared, physicalResourceId: string, logicalId = 'Resource'): CloudFormationCustomResourceUpdateEvent => ({
  ...common(after, logicalId),
  RequestType: 'Update',
  PhysicalResourceId: physicalResourceId,
  ResourceProperties: properties(after),
  OldResourceProperties: properties(before),
});

export const deleteEvent = (resource: Declared, physicalResourceId: string, logicalId = 'Resource'): CloudFormationCustomResourceDeleteEvent => ({
  ...common(resource, logicalId),
  RequestType: 'Delete',
  PhysicalResourceId: physicalResourceId,
  ResourceProperties: properties(resource),
});
