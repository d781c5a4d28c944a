/**
 * The one local endpoint every AWS SDK client of the local runtime talks to (AWS_ENDPOINT_URL_DYNAMODB, _SQS, _STS).
 * Like AWS, it identifies the caller by the access key in the request's signature and authorizes every request
 * before it reaches the service: DynamoDB and DynamoDB Streams requests are then forwarded to DynamoDB Local (its
 * `ddblocal` ARNs shown in the template's form, `${tableArn}/stream/<label>` for the stream), SQS requests to the queue
 * emulator, and STS AssumeRole is answered here (it issues session credentials whose permissions are the role's
 * policies intersected with the session policy). A refused request fails as in AWS, with AccessDeniedException, and
 * is logged with the function, the action and the key. Listens on loopback only.
 */
import { randomUUID } from 'node:crypto';
import { createServer, request as forwardRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { crc32 } from 'node:zlib';
import { readBody } from '../lambda-event.ts';
import { accessDeniedMessage, authorize, CredentialRegistry, type AuthorizationRequest, type IamPrincipal, type IssuedCredentials } from './iam.ts';
import type { Deployment, PolicyDocument, RoleSpec } from './deployment.ts';
import { dynamoDbRequests, dynamoDbStreamsRequests, fromDynamoDbLocalArns, sqsRequests, toDynamoDbLocalArns, type TableKeys } from './requests.ts';

export interface Denial {
  readonly principal: string;
  readonly label: string;
  readonly action: string;
  readonly resource: string;
  readonly detail?: string;
  readonly reason: string;
}

export interface AwsEndpointOptions {
  readonly dynamoDbEndpoint: string;
  readonly region: string;
  readonly accountId: string;
  /** Evaluate IAM (`BROKER_AWS_RULES=off` turns it off for debugging: every known caller is then allowed). */
  readonly enforce: boolean;
}

export interface AwsEndpoint {
  readonly url: string;
  readonly registry: CredentialRegistry;
  /** Refusals so far (tests read them; they are also logged). */
  readonly denials: Denial[];
  /** Requests served, by `<service> <principal label>` (the bench counts DynamoDB requests per call with it). */
  readonly calls: Map<string, number>;
  /** Allowed actions, by role ARN (tests compare what each role uses with what the template grants). */
  readonly used: Map<string, Set<string>>;
  /** Queue ARNs by the URL callers use. */
  readonly queueArns: Map<string, string>;
  /** Makes the deployment's roles assumable and its table's keys known, so its calls can be authorized. */
  register(deployment: Deployment): void;
  /** Where SQS requests go (the queue emulator), once it runs. */
  setSqsEndpoint(endpoint: string): void;
  /** Credentials for a principal (a function's execution role session, or the unrestricted local operator). */
  issue(principal: IamPrincipal, durationSeconds?: number): IssuedCredentials;
  /** Lets the process exit while the endpoint still listens (test processes that never close it). */
  unref(): void;
  close(): Promise<void>;
}

const MAX_SESSION_POLICY_CHARACTERS = 2048;
/** DynamoDB operations whose answers name the table's or its stream's ARN. */
const TABLE_LEVEL_OPERATIONS = new Set(['CreateTable', 'DescribeTable', 'UpdateTable', 'DeleteTable']);
const ROLE_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** `Credential=<key>/<date>/<region>/<service>/aws4_request` from a SigV4 Authorization header. */
function signatureScope(authorization: string | undefined): { accessKeyId: string; service: string } | undefined {
  const match = /Credential=([^/]+)\/[^/]+\/[^/]+\/([^/]+)\/aws4_request/.exec(authorization ?? '');
  return match === null ? undefined : { accessKeyId: match[1] as string, service: match[2] as string };
}

const xmlEscape = (text: string): string => text.replace(/[<>&'"]/g, (character) => `&#${character.charCodeAt(0)};`);

/** STS speaks XML (the query protocol). */
function xml(response: ServerResponse, status: number, text: string): void {
  response.writeHead(status, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

const stsError = (response: ServerResponse, status: number, code: string, message: string): void =>
  xml(response, status, `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error><RequestId>${randomUUID()}</RequestId></ErrorResponse>`);

export async function startAwsEndpoint(options: AwsEndpointOptions): Promise<AwsEndpoint> {
  const registry = new CredentialRegistry();
  const denials: Denial[] = [];
  const roles = new Map<string, RoleSpec>();
  const tables = new Map<string, { partitionKey: string; indexPartitionKeys: Record<string, string> }>();
  const queueArns = new Map<string, string>();
  const calls = new Map<string, number>();
  const used = new Map<string, Set<string>>();
  let sqsEndpoint: string | undefined;

  const issue = (principal: IamPrincipal, durationSeconds = 12 * 3600): IssuedCredentials => registry.issue(principal, durationSeconds);

  /** Authorizes every request; the first refusal is returned (and logged). */
  const check = async (principal: IamPrincipal, requests: readonly AuthorizationRequest[]): Promise<string | undefined> => {
    const record = (action: string): void => {
      if (principal.unrestricted) return;
      let actions = used.get(principal.roleArn);
      if (actions === undefined) used.set(principal.roleArn, (actions = new Set()));
      actions.add(action);
    };
    if (!options.enforce) {
      for (const request of requests) record(request.action);
      return undefined;
    }
    for (const request of requests) {
      const decision = await authorize(principal, request);
      if (decision.allowed) {
        record(request.action);
        continue;
      }
      const denial: Denial = { principal: principal.arn, label: principal.label, action: request.action, resource: request.resource, ...(request.detail === undefined ? {} : { detail: request.detail }), reason: decision.reason };
      denials.push(denial);
      console.error(JSON.stringify({ level: 'ERROR', message: 'AWS rules: access denied', function: principal.label, action: request.action, resource: request.resource, key: request.detail, reason: decision.reason }));
      return accessDeniedMessage(principal, request, decision);
    }
    return undefined;
  };

  const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void => {
    const text = JSON.stringify(body);
    response.writeHead(status, { 'Content-Type': 'application/x-amz-json-1.0', 'x-amzn-RequestId': randomUUID(), ...headers, 'Content-Length': Buffer.byteLength(text) });
    response.end(text);
  };

  const forward = (target: string, request: IncomingMessage, body: Buffer, response: ServerResponse): void => {
    const url = new URL(target);
    const upstream = forwardRequest(
      { host: url.hostname, port: url.port, method: request.method, path: request.url, headers: { ...request.headers, host: url.host, 'content-length': String(body.length) } },
      (reply) => {
        response.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(response);
      },
    );
    upstream.on('error', (error) => {
      // The service is down: the SDK sees a connection failure, as it would with an unreachable endpoint.
      response.destroy(error);
    });
    upstream.end(body);
  };

  /**
   * Forwards with the template's ARNs turned into DynamoDB Local's and back (its tables are `…:ddblocal:…`), so callers
   * only ever see the stream as the template names it: `${tableArn}/stream/<label>`.
   */
  const forwardTranslatingArns = (target: string, request: IncomingMessage, body: Buffer, response: ServerResponse, arnPrefix: string): void => {
    const url = new URL(target);
    const sent = Buffer.from(toDynamoDbLocalArns(body.toString('utf8'), arnPrefix), 'utf8');
    const upstream = forwardRequest(
      { host: url.hostname, port: url.port, method: request.method, path: request.url, headers: { ...request.headers, host: url.host, 'content-length': String(sent.length) } },
      (reply) => {
        const chunks: Buffer[] = [];
        reply.on('data', (chunk: Buffer) => chunks.push(chunk));
        reply.on('error', (error) => response.destroy(error));
        reply.on('end', () => {
          const raw = Buffer.concat(chunks);
          const encoded = reply.headers['content-encoding'] !== undefined && reply.headers['content-encoding'] !== 'identity';
          const text = encoded ? raw : Buffer.from(fromDynamoDbLocalArns(raw.toString('utf8'), arnPrefix), 'utf8');
          const headers: Record<string, string | string[] | undefined> = { ...reply.headers, 'content-length': String(text.length) };
          delete headers['transfer-encoding'];
          if (headers['x-amz-crc32'] !== undefined) headers['x-amz-crc32'] = String(crc32(text));
          response.writeHead(reply.statusCode ?? 502, headers);
          response.end(text);
        });
      },
    );
    upstream.on('error', (error) => response.destroy(error));
    upstream.end(sent);
  };

  const assumeRole = async (caller: IamPrincipal, form: URLSearchParams, response: ServerResponse): Promise<void> => {
    const roleArn = form.get('RoleArn') ?? '';
    const sessionName = form.get('RoleSessionName') ?? '';
    const policyText = form.get('Policy');
    const duration = Number(form.get('DurationSeconds') ?? 3600);
    if (!ROLE_SESSION_NAME.test(sessionName)) return stsError(response, 400, 'ValidationError', `1 validation error detected: Value '${sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`);
    if (!Number.isInteger(duration) || duration < 900 || duration > 3600) return stsError(response, 400, 'ValidationError', `The requested DurationSeconds exceeds the MaxSessionDuration set for this role.`);
    if (policyText !== null && policyText.length > MAX_SESSION_POLICY_CHARACTERS) return stsError(response, 400, 'PackedPolicyTooLarge', 'Packed policy consumes more than 100 percent of the allotted space.');
    let sessionPolicy: PolicyDocument | undefined;
    try {
      sessionPolicy = policyText === null ? undefined : (JSON.parse(policyText) as PolicyDocument);
    } catch {
      return stsError(response, 400, 'MalformedPolicyDocument', 'The policy is not in the valid JSON format.');
    }
    const role = roles.get(roleArn);
    const request: AuthorizationRequest = { action: 'sts:AssumeRole', resource: roleArn, context: {}, ...(role === undefined ? {} : { resourcePolicy: role.trustPolicy }), detail: roleArn };
    const refused = role === undefined ? accessDeniedMessage(caller, request, { allowed: false, reason: '(no such role)' }) : await check(caller, [request]);
    if (role === undefined || refused !== undefined) return stsError(response, 403, 'AccessDenied', refused ?? 'Access denied');
    const roleName = roleArn.split('/').at(-1) ?? roleArn;
    const principal: IamPrincipal = {
      arn: `arn:aws:sts::${options.accountId}:assumed-role/${roleName}/${sessionName}`,
      roleArn,
      accountId: options.accountId,
      policies: role.policies,
      ...(sessionPolicy === undefined ? {} : { sessionPolicy }),
      label: caller.label,
    };
    const credentials = issue(principal, duration);
    xml(
      response,
      200,
      `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult>` +
      `<AssumedRoleUser><AssumedRoleId>AROALOCAL:${xmlEscape(sessionName)}</AssumedRoleId><Arn>${xmlEscape(principal.arn)}</Arn></AssumedRoleUser>` +
      `<Credentials><AccessKeyId>${credentials.accessKeyId}</AccessKeyId><SecretAccessKey>${credentials.secretAccessKey}</SecretAccessKey><SessionToken>${credentials.sessionToken}</SessionToken><Expiration>${credentials.expiration.toISOString()}</Expiration></Credentials>` +
      `<PackedPolicySize>${Math.ceil(((policyText?.length ?? 0) * 100) / MAX_SESSION_POLICY_CHARACTERS)}</PackedPolicySize>` +
      `</AssumeRoleResult><ResponseMetadata><RequestId>${randomUUID()}</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    );
  };

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const body = await readBody(request);
    const scope = signatureScope(request.headers['authorization']);
    const target = String(request.headers['x-amz-target'] ?? '');
    const service = scope?.service ?? (target.startsWith('DynamoDB') ? 'dynamodb' : target.startsWith('AmazonSQS') ? 'sqs' : 'sts');
    const holder = scope === undefined ? undefined : registry.lookup(scope.accessKeyId);
    if (holder === undefined || holder.expired) {
      const expired = holder !== undefined;
      const message = expired ? 'The security token included in the request is expired' : 'The security token included in the request is invalid.';
      if (service === 'sts') return stsError(response, 403, expired ? 'ExpiredToken' : 'InvalidClientTokenId', message);
      return json(response, 400, { __type: `com.amazon.coral.service#${expired ? 'ExpiredTokenException' : 'UnrecognizedClientException'}`, message });
    }
    const known = holder.principal;
    const callKey = `${service} ${known.label}`;
    calls.set(callKey, (calls.get(callKey) ?? 0) + 1);
    const arnPrefix = `arn:aws:dynamodb:${options.region}:${options.accountId}:table/`;
    if (service === 'dynamodb' && target.startsWith('DynamoDBStreams_')) {
      // DynamoDB Streams: signed as `dynamodb`, served by DynamoDB Local at the same endpoint.
      const operation = target.split('.')[1] ?? '';
      const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const refused = await check(known, dynamoDbStreamsRequests({ arnPrefix }, operation, parsed));
      if (refused !== undefined) return json(response, 400, { __type: 'com.amazon.coral.service#AccessDeniedException', Message: refused });
      return forwardTranslatingArns(options.dynamoDbEndpoint, request, body, response, arnPrefix);
    }
    if (service === 'dynamodb') {
      const operation = target.split('.')[1] ?? '';
      const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const table = tables.get(String(parsed['TableName'] ?? Object.keys((parsed['RequestItems'] ?? {}) as object)[0] ?? '')) ?? [...tables.values()][0];
      const keys: TableKeys = { arnPrefix, partitionKey: table?.partitionKey ?? 'PK', indexPartitionKeys: table?.indexPartitionKeys ?? {} };
      const refused = await check(known, dynamoDbRequests(keys, operation, parsed));
      if (refused !== undefined) return json(response, 400, { __type: 'com.amazon.coral.service#AccessDeniedException', Message: refused });
      // Table descriptions carry ARNs (TableArn, LatestStreamArn): shown in the template's form. Item calls are piped.
      if (TABLE_LEVEL_OPERATIONS.has(operation)) return forwardTranslatingArns(options.dynamoDbEndpoint, request, body, response, arnPrefix);
      return forward(options.dynamoDbEndpoint, request, body, response);
    }
    if (service === 'sqs') {
      if (sqsEndpoint === undefined) return json(response, 400, { __type: 'com.amazonaws.sqs#QueueDoesNotExist', message: 'No queue emulator runs' });
      const operation = target.split('.')[1] ?? '';
      const parsed = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
      const refused = await check(known, sqsRequests(operation, parsed, (url) => queueArns.get(url)));
      if (refused !== undefined) return json(response, 400, { __type: 'com.amazon.coral.service#AccessDeniedException', message: refused }, { 'x-amzn-query-error': 'AccessDenied;Sender' });
      return forward(sqsEndpoint, request, body, response);
    }
    const form = new URLSearchParams(body.toString('utf8'));
    if (form.get('Action') === 'AssumeRole') return assumeRole(known, form, response);
    if (form.get('Action') === 'GetCallerIdentity') {
      return xml(response, 200, `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Arn>${xmlEscape(known.arn)}</Arn><UserId>AROALOCAL</UserId><Account>${options.accountId}</Account></GetCallerIdentityResult></GetCallerIdentityResponse>`);
    }
    stsError(response, 400, 'InvalidAction', `Not emulated locally: ${form.get('Action') ?? ''}`);
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('AWS endpoint error', error);
      if (!response.headersSent) json(response, 500, { __type: 'com.amazon.coral.service#InternalFailure', message: String(error) });
      else response.destroy();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    registry,
    denials,
    calls,
    used,
    queueArns,
    register: (deployment) => {
      for (const role of deployment.roles.values()) roles.set(role.arn, role);
      tables.set(deployment.bindings.tableName, deployment.table);
    },
    setSqsEndpoint: (endpoint) => (sqsEndpoint = endpoint),
    issue,
    unref: () => server.unref(),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
