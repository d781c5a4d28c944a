/**
 * IAM, locally: who holds which credentials, and whether a request is allowed. Principals are the roles of the
 * synthesized template (a Lambda function's execution role session) and the sessions the local STS hands out when a
 * function assumes a role (the role's policies intersected with the session policy it passed). Decisions come from
 * `@cloud-copilot/iam-simulate`, a maintained IAM policy evaluator, and are cached per principal and request.
 */
import { createHash, randomBytes } from 'node:crypto';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { PolicyDocument } from './deployment.ts';

export interface IamPrincipal {
  /** `arn:aws:sts::<account>:assumed-role/<role>/<session>`, as AWS names a role session. */
  readonly arn: string;
  readonly roleArn: string;
  readonly accountId: string;
  readonly policies: readonly { readonly name: string; readonly document: PolicyDocument }[];
  readonly sessionPolicy?: PolicyDocument;
  /** What runs with these credentials (a function's logical id), for the log line of a refusal. */
  readonly label: string;
  /** Credentials that may do anything (the local operator creating tables and queues, as CloudFormation would). */
  readonly unrestricted?: boolean;
}

export interface IssuedCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
  readonly expiration: Date;
}

export interface AuthorizationRequest {
  readonly action: string;
  readonly resource: string;
  readonly context: Readonly<Record<string, string | readonly string[]>>;
  /** The trust policy of the role being assumed (sts:AssumeRole only). */
  readonly resourcePolicy?: PolicyDocument;
  /** What the request touched, for the log line of a refusal (a key, a queue). */
  readonly detail?: string;
}

export interface Decision {
  readonly allowed: boolean;
  /** AWS's wording, e.g. "because no session policy allows the dynamodb:PutItem action". */
  readonly reason: string;
}

/** Issues and recognises credentials, which expire as AWS's do. Keys never leave this machine's loopback. */
export class CredentialRegistry {
  private readonly byAccessKey = new Map<string, { principal: IamPrincipal; expires: number }>();

  issue(principal: IamPrincipal, durationSeconds = 3600): IssuedCredentials {
    const accessKeyId = `ASIA${randomBytes(8).toString('hex').toUpperCase()}`;
    const expiration = new Date(Date.now() + durationSeconds * 1000);
    this.byAccessKey.set(accessKeyId, { principal, expires: expiration.getTime() });
    return { accessKeyId, secretAccessKey: randomBytes(20).toString('base64url'), sessionToken: randomBytes(32).toString('base64url'), expiration };
  }

  /** Who holds the key, and whether its credentials have expired; undefined for a key never issued. */
  lookup(accessKeyId: string): { principal: IamPrincipal; expired: boolean } | undefined {
    const entry = this.byAccessKey.get(accessKeyId);
    return entry === undefined ? undefined : { principal: entry.principal, expired: entry.expires < Date.now() };
  }
}

const DECISION_CACHE_LIMIT = 50_000;
const decisions = new Map<string, Decision>();

const principalKey = (principal: IamPrincipal): string =>
  createHash('sha256')
    .update(JSON.stringify([principal.roleArn, principal.policies, principal.sessionPolicy ?? null]))
    .digest('hex');
const principalKeys = new WeakMap<IamPrincipal, string>();

/** Evaluates one request as AWS would: identity policies, the session policy if any, and the resource policy if any. */
export async function authorize(principal: IamPrincipal, request: AuthorizationRequest): Promise<Decision> {
  if (principal.unrestricted) return { allowed: true, reason: 'unrestricted' };
  let key = principalKeys.get(principal);
  if (key === undefined) {
    key = principalKey(principal);
    principalKeys.set(principal, key);
  }
  const cacheKey = JSON.stringify([key, request.action, request.resource, request.context, request.resourcePolicy ?? null]);
  const cached = decisions.get(cacheKey);
  if (cached !== undefined) return cached;
  const result = await runSimulation(
    {
      request: {
        principal: principal.arn,
        action: request.action,
        resource: { resource: request.resource, accountId: principal.accountId },
        contextVariables: Object.fromEntries(Object.entries(request.context).map(([name, value]) => [name, typeof value === 'string' ? value : [...value]])),
      },
      identityPolicies: principal.policies.map((policy) => ({ name: policy.name, policy: policy.document })),
      ...(principal.sessionPolicy === undefined ? {} : { sessionPolicy: principal.sessionPolicy }),
      ...(request.resourcePolicy === undefined ? {} : { resourcePolicy: request.resourcePolicy }),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
    },
    {},
  );
  let decision: Decision;
  if (result.resultType === 'error') {
    // A policy or request the evaluator cannot read would fail in AWS too (malformed policy, unknown action).
    decision = { allowed: false, reason: `the request could not be evaluated: ${JSON.stringify(result.errors)}` };
  } else {
    const outcome = result.overallResult;
    decision =
      outcome === 'Allowed'
        ? { allowed: true, reason: 'allowed' }
        : { allowed: false, reason: outcome === 'ExplicitlyDenied' ? `with an explicit deny` : `because no ${principal.sessionPolicy === undefined ? 'identity-based' : 'identity-based or session'} policy allows the ${request.action} action` };
  }
  if (decisions.size >= DECISION_CACHE_LIMIT) decisions.clear();
  decisions.set(cacheKey, decision);
  return decision;
}

/** AWS's message for a refusal. */
export const accessDeniedMessage = (principal: IamPrincipal, request: AuthorizationRequest, decision: Decision): string =>
  `User: ${principal.arn} is not authorized to perform: ${request.action} on resource: ${request.resource} ${decision.reason}`;
