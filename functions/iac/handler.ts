/**
 * The Lambda behind the broker-contents custom resources (infra/iac/): `onEvent` for every resource type and
 * `isComplete` for the can-i-deploy gate, as the CDK provider framework calls them. The logic is in `plan.ts` (pure)
 * and `operations.ts`; this module reads the event, connects to the broker with the token from Secrets Manager, and
 * turns every failure into a one-line message for CloudFormation's events (the framework reports `errorMessage`).
 *
 * `createHandlers` takes the token fetcher and `fetch`, so tests drive these very handlers against a local broker.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import { BrokerClient, type ClientOptions, type FetchSecret } from './broker-client.ts';
import { execute, type Outcome } from './operations.ts';
import { gateIdentity, gateStep, kindOf, matrixPath, physicalIdOf, planEvent, readBroker, readDecision, readGateSpec, ResourceError } from './plan.ts';
import type { ResourceProperties } from './properties.ts';
import { secretsManagerFetcher } from './secrets.ts';

/** What `onEvent` hands the gate's `isComplete` besides the event: when the first check started (epoch ms). */
export interface GateStarted {
  readonly GateStartedAt?: number;
}

export type IsCompleteEvent = CloudFormationCustomResourceEvent & { readonly PhysicalResourceId?: string; readonly Data?: Record<string, string> } & GateStarted;

export interface IsCompleteResult {
  readonly IsComplete: boolean;
  readonly Data?: Readonly<Record<string, string>>;
}

export interface HandlerDependencies extends ClientOptions {
  readonly fetchSecret: FetchSecret;
  readonly now?: () => number;
  /** Where one line per event goes (never the token or a secret value). Default: console.log as JSON. */
  readonly log?: (entry: Record<string, unknown>) => void;
}

/** A message fit for CloudFormation: ours as written; anything unexpected by its message only, never its stack. */
const messageOf = (error: unknown): string =>
  fitReason(error instanceof ResourceError ? error.message : `Unexpected error: ${error instanceof Error ? error.message : String(error)}`);

/**
 * CloudFormation refuses a custom resource response over 4,096 bytes ("Response object is too long"), and the reason
 * is then lost. The reason travels as JSON next to the ids, the stack ARN and the framework's "Logs: …" line, so it is
 * kept within 2,500 bytes of JSON-escaped UTF-8 (the 3,000-character clips of plan.ts count characters, not bytes).
 */
export const MAX_REASON_BYTES = 2500;
const jsonBytes = (text: string): number => Buffer.byteLength(JSON.stringify(text), 'utf8');
export function fitReason(message: string): string {
  if (jsonBytes(message) <= MAX_REASON_BYTES) return message;
  let low = 0;
  let high = message.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (jsonBytes(`${message.slice(0, middle)}…`) <= MAX_REASON_BYTES) low = middle;
    else high = middle - 1;
  }
  // Never end on half of a surrogate pair.
  const cut = /[\uD800-\uDBFF]$/.test(message.slice(0, low)) ? low - 1 : low;
  return `${message.slice(0, cut)}…`;
}

export function createHandlers(dependencies: HandlerDependencies) {
  const now = dependencies.now ?? Date.now;
  const log = dependencies.log ?? ((entry: Record<string, unknown>) => console.log(JSON.stringify(entry)));
  const connect = (properties: unknown): Promise<BrokerClient> =>
    BrokerClient.connect(readBroker(properties as Partial<ResourceProperties>), dependencies.fetchSecret, dependencies);
  const describe = (event: CloudFormationCustomResourceEvent) => ({
    requestType: event.RequestType,
    resourceType: event.ResourceType,
    logicalResourceId: event.LogicalResourceId,
    physicalResourceId: 'PhysicalResourceId' in event ? event.PhysicalResourceId : undefined,
  });
  const fail = (event: CloudFormationCustomResourceEvent, error: unknown): never => {
    const message = messageOf(error);
    log({ ...describe(event), outcome: 'failed', message });
    throw new Error(message);
  };

  async function onEvent(event: CloudFormationCustomResourceEvent): Promise<Outcome & GateStarted> {
    try {
      const plan = planEvent(event);
      let outcome: Outcome & GateStarted;
      if (plan.op === 'check') {
        // Checked by isComplete, which the framework calls at once and then every query interval.
        outcome = { PhysicalResourceId: physicalIdOf('gate', gateIdentity(plan.spec)), GateStartedAt: now() };
      } else if (plan.op === 'none') {
        outcome = { PhysicalResourceId: plan.physicalResourceId };
      } else {
        outcome = await execute(plan, await connect(event.ResourceProperties), dependencies.fetchSecret);
      }
      // A Delete must answer the id it was given (the framework refuses another).
      if (event.RequestType === 'Delete') outcome = { ...outcome, PhysicalResourceId: event.PhysicalResourceId };
      log({ ...describe(event), outcome: 'done', answeredPhysicalResourceId: outcome.PhysicalResourceId });
      return outcome;
    } catch (error) {
      return fail(event, error);
    }
  }

  async function isComplete(event: IsCompleteEvent): Promise<IsCompleteResult> {
    try {
      if (event.RequestType === 'Delete' || kindOf(event.ResourceType) !== 'gate') return { IsComplete: true };
      const spec = readGateSpec(event.ResourceProperties as unknown as Partial<ResourceProperties>);
      const client = await connect(event.ResourceProperties);
      const path = matrixPath(spec);
      const response = await client.send('GET', path);
      if (response.status !== 200) throw client.failure(`Asking can-i-deploy for ${spec.pacticipant} ${spec.version} to ${spec.environment}`, 'GET', path, response);
      const step = gateStep(spec, readDecision(response.body), event.GateStartedAt ?? now(), now());
      if ('failure' in step) throw new ResourceError(step.failure);
      log({ ...describe(event), outcome: step.complete ? 'deployable' : 'unknown, waiting' });
      return step.complete ? { IsComplete: true, Data: { Deployable: 'true', Reason: fitReason(step.reason) } } : { IsComplete: false };
    } catch (error) {
      return fail(event, error);
    }
  }

  return { onEvent, isComplete };
}

let production: ReturnType<typeof createHandlers> | undefined;
const handlers = (): ReturnType<typeof createHandlers> => (production ??= createHandlers({ fetchSecret: secretsManagerFetcher() }));

export const onEvent = (event: CloudFormationCustomResourceEvent): Promise<Outcome & GateStarted> => handlers().onEvent(event);
export const isComplete = (event: IsCompleteEvent): Promise<IsCompleteResult> => handlers().isComplete(event);
