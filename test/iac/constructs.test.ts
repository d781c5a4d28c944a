/**
 * Template assertions for the broker-contents constructs (infra/iac/): the README's example app synthesized with its
 * handler bundled, each resource's properties (the token's secret ARN, never a token), the handler's runtime and
 * bundle, its role (only the named secrets), the gate's asynchronous provider, the dependencies that make the app wait
 * for the gate and the deployment record wait for the app, and a `PactBroker` of the same app as the target.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PactBroker } from '../../infra/constructs/pact-broker.ts';
import { exampleApp } from '../../infra/iac/example-app.ts';
import { BrokerEnvironment, BrokerTarget, CanIDeployGate, PactDeployment } from '../../infra/iac/index.ts';
import { RESOURCE_TYPES } from '../../functions/iac/properties.ts';

type Resource = { Type: string; Properties: Record<string, unknown>; DependsOn?: string[]; DeletionPolicy?: string; Metadata?: Record<string, string> };
let resources: Record<string, Resource>;
let templateText: string;
let assemblyDirectory: string;

beforeAll(() => {
  const app = exampleApp('1.4.2', new App({ context: { 'aws:cdk:enable-asset-metadata': true } }));
  const stack = app.node.findChild('Orders') as Stack;
  const json = Template.fromStack(stack).toJSON();
  resources = json['Resources'] as Record<string, Resource>;
  templateText = JSON.stringify(json);
  assemblyDirectory = app.synth().directory;
}, 300_000);
afterAll(() => {
  if (assemblyDirectory?.startsWith(tmpdir())) rmSync(assemblyDirectory, { recursive: true, force: true });
});

const ofType = (type: string) => Object.entries(resources).filter(([, resource]) => resource.Type === type);
const only = (type: string): [string, Resource] => {
  const found = ofType(type);
  expect(found, type).toHaveLength(1);
  return found[0] as [string, Resource];
};
const specOf = (resource: Resource) => JSON.parse(resource.Properties['Spec'] as string);

describe('the example app', () => {
  it('declares each resource with the broker URL, the token secret (never a token) and its spec', () => {
    const environments = ofType(RESOURCE_TYPES.environment).map(([, resource]) => resource);
    expect(environments.map(specOf)).toEqual([
      { name: 'production', production: true, displayName: 'Production' },
      { name: 'uat', production: false, displayName: 'UAT', contacts: [{ name: 'Team Orders', details: { emailAddress: 'orders@example.com' } }] },
    ]);
    for (const [, resource] of ofType(RESOURCE_TYPES.environment)) {
      expect(resource.Properties['Broker']).toMatchObject({ Url: 'https://pact.example.com', Token: { SecretArn: expect.anything(), Field: 'token' } });
      expect(JSON.stringify((resource.Properties['Broker'] as { Token: unknown }).Token)).toContain('pact-broker/acme-ci');
    }
    // The adopted production environment is kept when the stack goes; the rest is deleted with it.
    expect(environments.map((resource) => resource.DeletionPolicy)).toEqual(['Retain', 'Delete']);
    expect(ofType(RESOURCE_TYPES.pacticipant).map(([, resource]) => specOf(resource))).toEqual([
      { name: 'Orders', mainBranch: 'main', repositoryUrl: 'https://git.example.com/acme/orders' },
      { name: 'Payments', mainBranch: 'main' },
    ]);
    const [, webhook] = only(RESOURCE_TYPES.webhook);
    expect(specOf(webhook)).toEqual({
      uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
      description: 'Verify changed Orders pacts in the Payments pipeline',
      events: ['contract_requiring_verification_published'],
      consumer: { name: 'Orders' },
      provider: { name: 'Payments' },
      request: { method: 'POST', url: 'https://ci.example.com/api/pipelines/payments/verify', headers: { 'Content-Type': 'application/json' }, body: { pactUrl: '${pactbroker.pactUrl}', providerVersion: '${pactbroker.providerVersionNumber}' } },
    });
    expect(JSON.stringify(webhook.Properties['Secrets'])).toContain('ci/payments-trigger');
    const [, deployment] = only(RESOURCE_TYPES.deployment);
    expect(specOf(deployment)).toEqual({ kind: 'deployment', pacticipant: 'Orders', version: '1.4.2', environment: 'production', branch: 'main' });
    const [, gate] = only(RESOURCE_TYPES.gate);
    expect(specOf(gate)).toEqual({ pacticipant: 'Orders', version: '1.4.2', environment: 'production', timeoutSeconds: 900 });
    expect(templateText).not.toMatch(/pbt\./);
  });

  it('is the code the README shows', () => {
    const source = readFileSync(join(import.meta.dirname, '../../infra/iac/example-app.ts'), 'utf8');
    const stack = source.slice(source.indexOf('export class OrdersStack'), source.indexOf('export function exampleApp')).trim();
    expect(readFileSync(join(import.meta.dirname, '../../README.md'), 'utf8')).toContain(stack);
  });

  it('gives webhooks a uuid that stays the same from one synth to the next', () => {
    const again = Template.fromStack(exampleApp('9.9.9').node.findChild('Orders') as Stack).toJSON()['Resources'] as Record<string, Resource>;
    const uuidOf = (from: Record<string, Resource>) => Object.values(from).filter((resource) => resource.Type === RESOURCE_TYPES.webhook).map((resource) => specOf(resource).uuid);
    expect(uuidOf(again)).toEqual(uuidOf(resources));
  });

  it('makes the service wait for the gate and the deployment record wait for the service, after its pacticipant and environment', () => {
    const [gateId] = only(RESOURCE_TYPES.gate);
    const [deploymentId, deployment] = only(RESOURCE_TYPES.deployment);
    const [serviceId, service] = ofType('AWS::Lambda::Function').find(([id]) => id.startsWith('OrdersService')) as [string, Resource];
    expect(service.DependsOn).toContain(gateId);
    expect(deployment.DependsOn).toEqual(expect.arrayContaining([serviceId, expect.stringMatching(/^Orders[A-Z0-9]/), expect.stringMatching(/^Production/)]));
    expect(resources[gateId]?.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^Production/)]));
    expect(deploymentId).toMatch(/^Deployed/);
  });

  it('runs one handler bundled like the broker functions (ESM, Node 24, arm64), with isComplete polling for the gate', () => {
    const handlers = ofType('AWS::Lambda::Function').filter(([id]) => id.startsWith('PactBrokerContents'));
    const user = handlers.filter(([, fn]) => String(fn.Properties['Handler']).startsWith('index.'));
    expect(user.map(([, fn]) => fn.Properties['Handler']).sort()).toEqual(['index.isComplete', 'index.onEvent']);
    for (const [, fn] of user) expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 300, LoggingConfig: { LogFormat: 'JSON' } });
    // Two providers: a synchronous one, and one polling every 10 s for up to the gate's 15 minutes (plus a margin).
    const [, stateMachine] = only('AWS::StepFunctions::StateMachine');
    expect(JSON.stringify(stateMachine.Properties['DefinitionString'])).toContain('"IntervalSeconds\\":10');
    const [, gate] = only(RESOURCE_TYPES.gate);
    const [, environment] = ofType(RESOURCE_TYPES.environment)[0] as [string, Resource];
    expect(gate.Properties['ServiceToken']).not.toEqual(environment.Properties['ServiceToken']);

    const onEvent = user.find(([, fn]) => fn.Properties['Handler'] === 'index.onEvent') as [string, Resource];
    const asset = join(assemblyDirectory, (onEvent[1].Metadata as Record<string, string>)['aws:asset:path'] as string);
    const bundle = readdirSync(asset).find((name) => name.endsWith('.mjs')) as string;
    const size = statSync(join(asset, bundle)).size;
    console.info(`broker-contents handler bundle: ${(size / 1024).toFixed(0)} KB (${bundle})`);
    expect(readFileSync(join(asset, bundle), 'utf8')).toContain('GetSecretValue');
    expect(size).toBeLessThan(1024 * 1024);
  });

  it("lets the handler role read only the named secrets, and write only its own logs", () => {
    const [roleId] = ofType('AWS::IAM::Role').find(([id]) => id.startsWith('PactBrokerContentsHandlerRole')) as [string, Resource];
    const policies = ofType('AWS::IAM::Policy').filter(([, policy]) => (policy.Properties['Roles'] as { Ref: string }[]).some((role) => role.Ref === roleId));
    const statements = policies.flatMap(([, policy]) => (policy.Properties['PolicyDocument'] as { Statement: { Action: string | string[]; Resource: unknown }[] }).Statement);
    const secretStatements = statements.filter((statement) => ([] as string[]).concat(statement.Action).some((action) => action.startsWith('secretsmanager:')));
    expect(secretStatements.map((statement) => ([] as string[]).concat(statement.Action).sort())).toEqual([
      ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
      ['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue'],
    ]);
    const named = secretStatements.map((statement) => JSON.stringify(statement.Resource));
    expect(named[0]).toContain('secret:pact-broker/acme-ci-??????');
    expect(named[1]).toContain('secret:ci/payments-trigger-??????');
    const others = statements.filter((statement) => !secretStatements.includes(statement));
    for (const statement of others) expect(([] as string[]).concat(statement.Action).every((action) => action.startsWith('logs:'))).toBe(true);
    expect(templateText).not.toContain('"Resource":"*"');
  });
});

describe('the constructs against a PactBroker of the same app', () => {
  it('take the broker URL from the construct and the token from a secret, in another stack too', () => {
    const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    const brokerStack = new Stack(app, 'Broker');
    const pactBroker = new PactBroker(brokerStack, 'PactBroker', { stage: 'dev' });
    const teamStack = new Stack(app, 'Team');
    const token = new Secret(teamStack, 'Token');
    const broker = BrokerTarget.fromPactBroker(pactBroker, { secret: token });
    const production = new BrokerEnvironment(teamStack, 'Prod', { broker, name: 'production', production: true });
    new CanIDeployGate(teamStack, 'Gate', { broker, pacticipant: 'Foo', version: '1', environment: production, timeout: Duration.minutes(2), interval: Duration.seconds(5) });
    new PactDeployment(teamStack, 'Release', { broker, pacticipant: 'Foo', version: '1', environment: production, kind: 'release' });
    const template = Template.fromStack(teamStack);
    const environment = Object.values(template.findResources(RESOURCE_TYPES.environment))[0];
    expect(environment?.['Properties']['Broker']).toEqual({ Url: { 'Fn::ImportValue': expect.stringContaining('PactBrokerApi') }, Token: { SecretArn: { Ref: expect.stringMatching(/^Token/) } } });
    const gateSpec = JSON.parse(Object.values(template.findResources(RESOURCE_TYPES.gate))[0]?.['Properties']['Spec']);
    expect(gateSpec).toEqual({ pacticipant: 'Foo', version: '1', environment: 'production', timeoutSeconds: 120 });
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 1);
    expect(JSON.parse(Object.values(template.findResources(RESOURCE_TYPES.deployment))[0]?.['Properties']['Spec'])).toMatchObject({ kind: 'release' });
  });

  it('accept any whole-second interval, the framework backstop being a whole number of intervals after the gate\'s own timeout', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Team');
    const broker = BrokerTarget.fromUrl('https://pact.example.com');
    // 10 min + 2 × 2 min + 60 s is not a whole number of 2-minute intervals: the provider framework refuses that.
    new CanIDeployGate(stack, 'Slow', { broker, pacticipant: 'Foo', version: '1', environment: 'production', timeout: Duration.minutes(10), interval: Duration.minutes(2) });
    new CanIDeployGate(stack, 'Odd', { broker, pacticipant: 'Foo', version: '1', environment: 'production', timeout: Duration.seconds(95), interval: Duration.seconds(7) });
    const machines = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine')).map((machine) => JSON.stringify(machine['Properties']['DefinitionString']));
    const retries = machines.map((definition) => /IntervalSeconds\\":(\d+),\\"MaxAttempts\\":(\d+)/.exec(definition)?.slice(1).map(Number));
    expect(retries).toEqual([expect.any(Array), expect.any(Array)]);
    for (const [interval, attempts] of retries as [number, number][]) expect(interval * attempts).toBeGreaterThan(interval === 120 ? 600 + 120 : 95 + 7);
  });

  it('refuse a gate whose last question could come after CloudFormation stopped waiting (an hour)', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Team');
    const broker = BrokerTarget.fromUrl('https://pact.example.com');
    expect(() => new CanIDeployGate(stack, 'Gate', { broker, pacticipant: 'Foo', version: '1', environment: 'production', timeout: Duration.minutes(54), interval: Duration.minutes(5) })).toThrow(/at most 55 minutes/);
  });

  it('refuse a gate timeout the provider framework cannot wait for', () => {
    const stack = new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Team');
    expect(() => new CanIDeployGate(stack, 'Gate', { broker: BrokerTarget.fromUrl('https://pact.example.com'), pacticipant: 'Foo', version: '1', environment: 'production', timeout: Duration.hours(1) })).toThrow(/at most 55 minutes/);
  });
});
