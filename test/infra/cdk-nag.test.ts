/**
 * cdk-nag's AWS Solutions pack on the broker, registered as infra/app.ts registers it (a CDK policy validation plugin,
 * run by synth): no finding, error or warning, may be left unacknowledged, and every acknowledgement is listed here
 * with its reason, so adding one is a reviewed change. Bundling is skipped: the checks read the construct tree only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App, Stack, Validations, type IPolicyValidationContext, type PolicyValidationPluginReport } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { BrokerStack } from '../../infra/broker-stack.ts';
import { PactBroker } from '../../infra/constructs/pact-broker.ts';

/** The pack, keeping the reports it hands to CDK: proof that synth ran it, and the findings to assert on. */
class RecordedChecks extends AwsSolutionsChecks {
  readonly reports: PolicyValidationPluginReport[] = [];

  override validate(context: IPolicyValidationContext): PolicyValidationPluginReport {
    const report = super.validate(context);
    this.reports.push(report);
    return report;
  }
}

const outdirs: string[] = [];
afterEach(() => {
  for (const outdir of outdirs.splice(0)) rmSync(outdir, { recursive: true, force: true });
});

/** An app with the checks registered, bundling skipped, synthesizing into a directory removed after the test. */
const checkedApp = (): { app: App; checks: RecordedChecks } => {
  const outdir = mkdtempSync(join(tmpdir(), 'cdk-nag-'));
  outdirs.push(outdir);
  const app = new App({ outdir, context: { 'aws:cdk:bundling-stacks': [] } });
  const checks = new RecordedChecks(app);
  Validations.of(app).addPlugins(checks);
  return { app, checks };
};

const findingsOf = (checks: RecordedChecks): string[] =>
  checks.reports.flatMap((report) => report.violations.flatMap((violation) => violation.violatingResources.map((resource) => `${violation.severity} ${violation.ruleName} at ${resource.constructPath}`)));

/** Every acknowledgement in the tree, by construct path below `root`. */
const acknowledgementsUnder = (root: IConstruct): { path: string; id: string; reason: string }[] =>
  root.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path.slice(root.node.path.length + 1),
          id: id.replace(/^annotation::/i, ''), // CDK stores un-namespaced ids as annotation rules
          reason,
        })),
      ),
  );

/** The only deliberate exceptions, each with its reason in the construct that makes it. */
const expectedAcknowledgements = [
  { path: 'EventRouterRole/DefaultPolicy', id: 'AwsSolutions::AwsSolutions-IAM5[Resource::*]' },
  { path: 'Webhooks/RouterFailures', id: 'AwsSolutions-SQS3' },
  { path: 'Api/Default/GET--ui--{asset}', id: 'AwsSolutions-APIG4' },
  { path: 'Api/Default/GET--health', id: 'AwsSolutions-APIG4' },
];

describe('cdk-nag AWS Solutions checks', () => {
  it.each([
    ['the deployable stack (a retained stage)', (app: App) => new BrokerStack(app, 'NagBroker', { stage: 'test', adminTokenSha256: 'ab'.repeat(32), baseUrl: 'https://pact.example.com' }).broker],
    ['an embedding app (dev stage)', (app: App) => new PactBroker(new Stack(app, 'Embedding'), 'Broker', { stage: 'dev' })],
  ])('leave no unacknowledged finding on %s', (_name, build) => {
    const { app, checks } = checkedApp();
    const broker = build(app);
    app.synth();
    expect(checks.reports).toHaveLength(1);
    expect(findingsOf(checks)).toEqual([]);

    const acknowledgements = acknowledgementsUnder(broker);
    expect(acknowledgements.map(({ path, id }) => ({ path, id }))).toEqual(expectedAcknowledgements);
    for (const { path, id, reason } of acknowledgements) expect(reason.length, `${id} at ${path}`).toBeGreaterThan(40);
  });

  it('fail the synth on a finding (the registration is live)', () => {
    const { app, checks } = checkedApp();
    new Queue(new Stack(app, 'Canary'), 'PlainQueue');
    expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    expect(findingsOf(checks)).toContain('error AwsSolutions-SQS4 at Canary/PlainQueue/Resource');
  });
});
