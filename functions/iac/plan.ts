/**
 * The pure half of the broker-contents handler: reading CloudFormation events into what to do against the broker,
 * the physical resource ids, the request bodies, the can-i-deploy query and decision, and the failure messages.
 * No I/O; `operations.ts` carries the plans out over HTTP.
 */
import type { CloudFormationCustomResourceEvent } from 'aws-lambda';
import {
  RESOURCE_TYPES,
  type BrokerProperties,
  type DeploymentSpec,
  type EnvironmentSpec,
  type GateSpec,
  type PacticipantSpec,
  type ResourceKind,
  type ResourceProperties,
  type SecretReference,
  type WebhookSecrets,
  type WebhookSpec,
} from './properties.ts';

/** A failure whose message is fit for CloudFormation's events: what the broker said, or what is wrong with the input. */
export class ResourceError extends Error {
  override readonly name = 'ResourceError';
}

export interface Broker {
  /** Without trailing slashes. */
  readonly url: string;
  readonly token?: SecretReference;
}

export type Plan =
  | { readonly kind: 'environment'; readonly op: 'apply'; readonly broker: Broker; readonly spec: EnvironmentSpec; readonly uuid?: string; readonly adopted?: boolean }
  | { readonly kind: 'environment'; readonly op: 'delete'; readonly broker: Broker; readonly uuid: string }
  /** `physicalId`: the resource's id when an update keeps its identity (it is answered again, adopted or not). */
  | { readonly kind: 'pacticipant'; readonly op: 'apply'; readonly broker: Broker; readonly spec: PacticipantSpec; readonly physicalId?: string }
  | { readonly kind: 'pacticipant'; readonly op: 'delete'; readonly broker: Broker; readonly name: string }
  | { readonly kind: 'webhook'; readonly op: 'apply'; readonly broker: Broker; readonly spec: WebhookSpec; readonly secrets: WebhookSecrets }
  | { readonly kind: 'webhook'; readonly op: 'delete'; readonly broker: Broker; readonly uuid: string }
  | { readonly kind: 'deployment'; readonly op: 'record' | 'remove'; readonly broker: Broker; readonly spec: DeploymentSpec }
  | { readonly kind: 'gate'; readonly op: 'check'; readonly broker: Broker; readonly spec: GateSpec }
  /** Nothing to do; answer with this physical id. */
  | { readonly kind: ResourceKind; readonly op: 'none'; readonly physicalResourceId: string };

const KIND_BY_TYPE = new Map<string, ResourceKind>(Object.entries(RESOURCE_TYPES).map(([kind, type]) => [type, kind as ResourceKind]));

export function kindOf(resourceType: string): ResourceKind {
  const kind = KIND_BY_TYPE.get(resourceType);
  if (kind === undefined) throw new ResourceError(`Unknown resource type ${resourceType}: expected one of ${Object.values(RESOURCE_TYPES).join(', ')}`);
  return kind;
}

// ---- Physical resource ids -------------------------------------------------------------------------------------------

/**
 * `<kind>:<identity>`. The identity is what makes two resources the same thing in the broker (an environment's uuid, a
 * pacticipant's name, a webhook's uuid, a deployment's slot, a release's version), so changing it is a replacement:
 * CloudFormation creates the new one first and deletes the old one only once the stack update succeeded (or the new
 * one, on rollback).
 *
 * The broker URL is not part of it: a changed URL is an update in place. Two URLs may reach the same broker (a custom
 * domain and the API's own URL, another spelling of the host), and the Delete that follows a replacement would then
 * delete, through the old URL, what the update had just put there.
 */
/**
 * An environment or pacticipant that existed before the resource was created is adopted: its physical id says so (the
 * identity followed by `adopted`), and deleting the resource leaves it in the broker, history and all. Only what the
 * resource created is deleted with it (a rollback of a first deployment must not take a team's pacticipant with it).
 */
export const ADOPTED = 'adopted';

export const isAdopted = (identity: readonly string[]): boolean => identity[1] === ADOPTED;

export function physicalIdOf(kind: ResourceKind, identity: readonly string[]): string {
  return `${kind}:${identity.map(encodeURIComponent).join('/')}`;
}

/** The identity of a physical id this handler gave, or undefined for any other (CloudFormation invents one for a Create it stopped waiting for). */
export function parsePhysicalId(kind: ResourceKind, physicalId: string | undefined): { identity: string[] } | undefined {
  const match = physicalId === undefined ? null : /^([a-z]+):(\S*)$/.exec(physicalId);
  if (match === null || match[1] !== kind) return undefined;
  try {
    return { identity: (match[2] as string).split('/').map(decodeURIComponent) };
  } catch {
    return undefined;
  }
}

export function deploymentIdentity(spec: DeploymentSpec): string[] {
  // A deployment is its slot (one current version per pacticipant, environment and application instance, rules §3.1):
  // a new version in the same slot is an update. Several versions may be released at once, so a release is its version.
  return spec.kind === 'deployment'
    ? ['deployment', spec.pacticipant, spec.environment, spec.applicationInstance ?? '']
    : ['release', spec.pacticipant, spec.environment, spec.version];
}

export const gateIdentity = (spec: GateSpec): string[] => [spec.pacticipant, spec.version, spec.environment];

// ---- Reading properties ----------------------------------------------------------------------------------------------

export function normalizeUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(trimmed);
  } catch {
    throw new ResourceError(`Broker.Url '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new ResourceError(`Broker.Url '${url}' must be an http(s) URL`);
  return trimmed;
}

function readSecretReference(value: unknown, field: string): SecretReference | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) throw new ResourceError(`${field} must be an object`);
  const { SecretArn, Field } = value as Record<string, unknown>;
  if (typeof SecretArn !== 'string' || SecretArn === '') throw new ResourceError(`${field}.SecretArn is required`);
  if (Field !== undefined && typeof Field !== 'string') throw new ResourceError(`${field}.Field must be a string`);
  return Field === undefined || Field === '' ? { SecretArn } : { SecretArn, Field };
}

export function readBroker(properties: Partial<ResourceProperties> | undefined): Broker {
  const broker = properties?.Broker as Partial<BrokerProperties> | undefined;
  if (broker === undefined || typeof broker.Url !== 'string' || broker.Url === '') throw new ResourceError('Broker.Url is required');
  const token = readSecretReference(broker.Token, 'Broker.Token');
  return { url: normalizeUrl(broker.Url), ...(token === undefined ? {} : { token }) };
}

type Json = Record<string, unknown>;

function specObject(properties: Partial<ResourceProperties> | undefined): Json {
  if (typeof properties?.Spec !== 'string') throw new ResourceError('Spec is required');
  let parsed: unknown;
  try {
    parsed = JSON.parse(properties.Spec);
  } catch {
    throw new ResourceError('Spec is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new ResourceError('Spec must be a JSON object');
  return parsed as Json;
}

const requiredString = (spec: Json, field: string): string => {
  const value = spec[field];
  if (typeof value !== 'string' || value.trim() === '') throw new ResourceError(`${field} is required`);
  return value;
};
const optionalString = (spec: Json, field: string): string | undefined => {
  const value = spec[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new ResourceError(`${field} must be a string`);
  return value;
};
/** Copies the present string fields, leaving absent ones out (the broker omits what is unset). */
const strings = <K extends string>(spec: Json, fields: readonly K[]): Partial<Record<K, string>> => {
  const out: Partial<Record<K, string>> = {};
  for (const field of fields) {
    const value = optionalString(spec, field);
    if (value !== undefined) out[field] = value;
  }
  return out;
};

export function readEnvironmentSpec(properties: Partial<ResourceProperties> | undefined): EnvironmentSpec {
  const spec = specObject(properties);
  const production = spec['production'];
  if (typeof production !== 'boolean') throw new ResourceError('production must be true or false');
  const contacts = spec['contacts'];
  if (contacts !== undefined && !Array.isArray(contacts)) throw new ResourceError('contacts must be a list');
  return {
    name: requiredString(spec, 'name'),
    ...strings(spec, ['displayName']),
    production,
    ...(contacts === undefined ? {} : { contacts: contacts as EnvironmentSpec['contacts'] & object }),
  };
}

export function readPacticipantSpec(properties: Partial<ResourceProperties> | undefined): PacticipantSpec {
  const spec = specObject(properties);
  return { name: requiredString(spec, 'name'), ...strings(spec, ['displayName', 'mainBranch', 'repositoryUrl', 'repositoryName', 'repositoryNamespace']) };
}

/** The broker's own rule for webhook uuids (docs/webhooks.md §1.2). */
export const WEBHOOK_UUID = /^[A-Za-z0-9_-]{16,100}$/;

export function readWebhookSpec(properties: Partial<ResourceProperties> | undefined): WebhookSpec {
  const spec = specObject(properties);
  const uuid = requiredString(spec, 'uuid');
  if (!WEBHOOK_UUID.test(uuid)) throw new ResourceError(`uuid '${uuid}' must be 16 to 100 of A-Z, a-z, 0-9, _ and -`);
  const request = spec['request'];
  if (typeof request !== 'object' || request === null) throw new ResourceError('request is required');
  // The rest is checked by the broker, which reports every problem by field (docs/webhooks.md §1.2).
  return { ...(spec as unknown as WebhookSpec), uuid };
}

export function readWebhookSecrets(properties: Partial<ResourceProperties> | undefined): WebhookSecrets {
  const secrets = properties?.Secrets;
  if (secrets === undefined) return {};
  const password = readSecretReference(secrets.Password, 'Secrets.Password');
  const headers: Record<string, SecretReference> = {};
  for (const [name, reference] of Object.entries(secrets.Headers ?? {})) headers[name] = readSecretReference(reference, `Secrets.Headers.${name}`) as SecretReference;
  return { ...(password === undefined ? {} : { Password: password }), ...(Object.keys(headers).length === 0 ? {} : { Headers: headers }) };
}

export function readDeploymentSpec(properties: Partial<ResourceProperties> | undefined): DeploymentSpec {
  const spec = specObject(properties);
  const kind = spec['kind'] ?? 'deployment';
  if (kind !== 'deployment' && kind !== 'release') throw new ResourceError(`kind must be 'deployment' or 'release', not '${String(kind)}'`);
  const applicationInstance = optionalString(spec, 'applicationInstance');
  if (kind === 'release' && applicationInstance !== undefined && applicationInstance !== '') throw new ResourceError('applicationInstance applies to deployments only, not releases');
  return {
    kind,
    pacticipant: requiredString(spec, 'pacticipant'),
    version: requiredString(spec, 'version'),
    environment: requiredString(spec, 'environment'),
    ...strings(spec, ['branch']),
    // "" is no instance (rules §3.1): stored as absent, so both spellings are one slot.
    ...(applicationInstance === undefined || applicationInstance === '' ? {} : { applicationInstance }),
  };
}

export function readGateSpec(properties: Partial<ResourceProperties> | undefined): GateSpec {
  const spec = specObject(properties);
  const timeoutSeconds = spec['timeoutSeconds'];
  if (typeof timeoutSeconds !== 'number' || !Number.isFinite(timeoutSeconds) || timeoutSeconds < 0) throw new ResourceError('timeoutSeconds must be a number of seconds');
  const ignore = spec['ignore'];
  if (ignore !== undefined && (!Array.isArray(ignore) || ignore.some((item) => typeof item !== 'object' || item === null || typeof (item as Json)['pacticipant'] !== 'string'))) {
    throw new ResourceError('ignore must be a list of {pacticipant, version?}');
  }
  return {
    pacticipant: requiredString(spec, 'pacticipant'),
    version: requiredString(spec, 'version'),
    environment: requiredString(spec, 'environment'),
    timeoutSeconds,
    ...(ignore === undefined ? {} : { ignore: ignore as GateSpec['ignore'] & object }),
  };
}

// ---- Planning ---------------------------------------------------------------------------------------------------------

const none = (kind: ResourceKind, physicalResourceId: string): Plan => ({ kind, op: 'none', physicalResourceId });

/**
 * What an event asks of the broker. Create and Update converge the broker on `ResourceProperties` (a rollback Update is
 * an Update with the old properties, so it converges on those); Delete removes what `ResourceProperties` describe, and
 * only when the physical id is the one those properties give (a replacement's old resource, a rolled-back new one),
 * so a physical id CloudFormation invented deletes nothing.
 */
export function planEvent(event: CloudFormationCustomResourceEvent): Plan {
  const kind = kindOf(event.ResourceType);
  const properties = event.ResourceProperties as unknown as Partial<ResourceProperties>;
  if (event.RequestType === 'Delete') return planDelete(kind, event.PhysicalResourceId, properties);
  const broker = readBroker(properties);
  switch (kind) {
    case 'environment': {
      const spec = readEnvironmentSpec(properties);
      // An update puts the environment under its uuid (a rename keeps deployments); a create, or an update whose uuid
      // the broker does not have (another broker, or deleted behind the stack's back), adopts the environment of that
      // name or creates it.
      const current = event.RequestType === 'Update' ? parsePhysicalId('environment', event.PhysicalResourceId) : undefined;
      const uuid = current?.identity[0];
      return { kind, op: 'apply', broker, spec, ...(uuid === undefined ? {} : { uuid, adopted: isAdopted(current?.identity ?? []) }) };
    }
    case 'pacticipant': {
      const spec = readPacticipantSpec(properties);
      const physicalId = event.RequestType === 'Update' ? event.PhysicalResourceId : undefined;
      // Same name: the same resource, whose id (adopted or not) stays; a new name is a replacement.
      const same = parsePhysicalId('pacticipant', physicalId)?.identity[0] === spec.name;
      return { kind, op: 'apply', broker, spec, ...(same && physicalId !== undefined ? { physicalId } : {}) };
    }
    case 'webhook':
      return { kind, op: 'apply', broker, spec: readWebhookSpec(properties), secrets: readWebhookSecrets(properties) };
    case 'deployment':
      return { kind, op: 'record', broker, spec: readDeploymentSpec(properties) };
    case 'gate':
      return { kind, op: 'check', broker, spec: readGateSpec(properties) };
  }
}

function planDelete(kind: ResourceKind, physicalId: string, properties: Partial<ResourceProperties>): Plan {
  const parsed = parsePhysicalId(kind, physicalId);
  if (parsed === undefined || kind === 'gate') return none(kind, physicalId);
  let broker: Broker;
  try {
    broker = readBroker(properties);
  } catch {
    return none(kind, physicalId);
  }
  const [first] = parsed.identity;
  switch (kind) {
    case 'environment':
      return isAdopted(parsed.identity) ? none(kind, physicalId) : { kind, op: 'delete', broker, uuid: first ?? '' };
    case 'pacticipant':
      return isAdopted(parsed.identity) ? none(kind, physicalId) : { kind, op: 'delete', broker, name: first ?? '' };
    case 'webhook':
      return { kind, op: 'delete', broker, uuid: first ?? '' };
    case 'deployment': {
      const spec = readDeploymentSpec(properties);
      return physicalIdOf(kind, deploymentIdentity(spec)) === physicalId ? { kind, op: 'remove', broker, spec } : none(kind, physicalId);
    }
  }
}

// ---- Request bodies ---------------------------------------------------------------------------------------------------

/** `POST /environments` and `PUT /environments/{uuid}` (a full replace, docs/wire-contract.md §7.1, rules §2.3). */
export const environmentBody = (spec: EnvironmentSpec): Json => ({ ...spec });

/** `PUT /pacticipants/{p}` replaces: omitted fields are unset (docs/wire-contract.md §3), as a declaration means. */
export const pacticipantBody = (spec: PacticipantSpec): Json => ({ ...spec });

/** `PUT /webhooks/{uuid}`: the spec without its uuid, with the values read from Secrets Manager put in. */
export function webhookBody(spec: WebhookSpec, resolved: { password?: string; headers?: Readonly<Record<string, string>> }): Json {
  const { uuid: _uuid, ...webhook } = spec;
  const headers = { ...spec.request.headers, ...resolved.headers };
  return {
    ...webhook,
    // The broker takes events as `[{name}]` (docs/webhooks.md §1).
    ...(spec.events === undefined ? {} : { events: spec.events.map((name) => ({ name })) }),
    request: {
      ...spec.request,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      ...(resolved.password === undefined ? {} : { password: resolved.password }),
    },
  };
}

/** record-deployment's body, as the CLI sends it (docs/wire-contract.md §8). */
export const deploymentBody = (spec: DeploymentSpec): Json =>
  spec.applicationInstance === undefined ? {} : { applicationInstance: spec.applicationInstance, target: spec.applicationInstance };

// ---- Paths -------------------------------------------------------------------------------------------------------------

const segment = encodeURIComponent;

export const pacticipantPath = (name: string): string => `/pacticipants/${segment(name)}`;
export const versionPath = (pacticipant: string, version: string): string => `${pacticipantPath(pacticipant)}/versions/${segment(version)}`;
export const branchVersionPath = (pacticipant: string, branch: string, version: string): string =>
  `${pacticipantPath(pacticipant)}/branches/${segment(branch)}/versions/${segment(version)}`;

/**
 * can-i-deploy as `pact-broker can-i-deploy -a P -e V --to-environment E [--ignore I [--version W]]` sends it
 * (docs/wire-contract.md §14.1).
 */
export function matrixPath(spec: GateSpec): string {
  const pairs: [string, string][] = [
    ['q[][pacticipant]', spec.pacticipant],
    ['q[][version]', spec.version],
  ];
  for (const ignored of spec.ignore ?? []) {
    pairs.push(['ignore[][pacticipant]', ignored.pacticipant]);
    if (ignored.version !== undefined) pairs.push(['ignore[][version]', ignored.version]);
  }
  pairs.push(['latestby', 'cvpv'], ['environment', spec.environment]);
  return `/matrix?${pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&')}`;
}

// ---- Answers -----------------------------------------------------------------------------------------------------------

const MAX_REASON = 3000;
const clip = (text: string): string => (text.length <= MAX_REASON ? text : `${text.slice(0, MAX_REASON - 1)}…`);

/**
 * What the broker said in an error answer, in the shapes of docs/wire-contract.md §18.1 (and API Gateway's
 * `{message}`, §18.3): the texts the CLIs print, never more.
 */
export function brokerMessage(body: unknown, text: string): string {
  if (typeof body === 'object' && body !== null) {
    const { error, errors, notices, message } = body as Json;
    const parts: string[] = [];
    if (typeof error === 'string') parts.push(error);
    if (typeof error === 'object' && error !== null && typeof (error as Json)['message'] === 'string') parts.push((error as Json)['message'] as string);
    if (Array.isArray(errors)) parts.push(...errors.map(String));
    else if (typeof errors === 'object' && errors !== null) {
      for (const [field, messages] of Object.entries(errors as Json)) parts.push(`${field}: ${([] as unknown[]).concat(messages).map(String).join(', ')}`);
    }
    if (Array.isArray(notices)) parts.push(...noticeTexts(notices, ['error', 'warning']));
    if (typeof message === 'string') parts.push(message);
    if (parts.length > 0) return clip(parts.join('; '));
  }
  return clip(text.trim() === '' ? '(no body)' : text.trim().slice(0, 500));
}

const noticeTexts = (notices: readonly unknown[], types?: readonly string[]): string[] =>
  notices
    .filter((notice): notice is Json => typeof notice === 'object' && notice !== null && typeof (notice as Json)['text'] === 'string')
    .filter((notice) => types === undefined || types.includes(String(notice['type'])))
    .map((notice) => notice['text'] as string);

export interface Decision {
  /** `null` while waiting for a verification can still change the answer (docs/wire-contract.md §14.3). */
  readonly deployable: boolean | null;
  /** The notices, which carry all the explanation; the summary's reason when there are none. */
  readonly reason: string;
}

export function readDecision(body: unknown): Decision {
  const summary = (body as { summary?: { deployable?: unknown; reason?: unknown } } | undefined)?.summary;
  if (summary === undefined || !('deployable' in summary)) throw new ResourceError('The broker answered can-i-deploy without summary.deployable');
  const deployable = summary.deployable === true ? true : summary.deployable === false ? false : null;
  const notices = (body as { notices?: unknown }).notices;
  const texts = Array.isArray(notices) ? noticeTexts(notices) : [];
  const reason = texts.length > 0 ? texts.join('\n') : typeof summary.reason === 'string' ? summary.reason : '';
  return { deployable, reason: clip(reason) };
}

export type GateStep =
  | { readonly complete: true; readonly reason: string }
  | { readonly complete: false }
  | { readonly failure: string };

/**
 * One poll of the gate: yes completes, no fails with the broker's notices, unknown waits, unless waiting longer than
 * `timeoutSeconds` since the first check (then it fails with the notices saying what is missing, rather than the
 * provider framework's bare "Operation timed out").
 */
export function gateStep(spec: GateSpec, decision: Decision, startedAt: number, now: number): GateStep {
  const subject = `${spec.pacticipant} ${spec.version} to ${spec.environment}`;
  if (decision.deployable === true) return { complete: true, reason: decision.reason };
  if (decision.deployable === false) return { failure: clip(`can-i-deploy says no for ${subject}: ${decision.reason}`) };
  const waited = Math.max(0, Math.round((now - startedAt) / 1000));
  if (waited >= spec.timeoutSeconds) return { failure: clip(`can-i-deploy is still unknown for ${subject} after ${waited} s: ${decision.reason}`) };
  return { complete: false };
}
