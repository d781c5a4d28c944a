/**
 * The stack's own bundling of a UI-serving function (not skipped, as elsewhere): esbuild bundles the handler, then the
 * afterBundling hook builds the UI beside it, so the Lambda asset holds `index.mjs` and `ui/` with the manifest's files.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { AttributeType, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { afterAll, expect, it } from 'vitest';
import { BrokerFunction } from '../../infra/constructs/broker-function.ts';
import { UI_DIRECTORY, gzippedName, readUiManifest } from '../../ui/manifest.ts';

const outdir = mkdtempSync(join(tmpdir(), 'ui-bundling-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

it('puts the built UI beside the bundle of the asset function', () => {
  const app = new App({ outdir });
  const stack = new Stack(app, 'UiBundling');
  const table = new TableV2(stack, 'Table', { partitionKey: { name: 'PK', type: AttributeType.STRING } });
  const role = new Role(stack, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
  new BrokerFunction(stack, 'UiAsset', { entry: 'functions/http/ui/get-ui-asset.ts', role, table, logGroup: new LogGroup(stack, 'Logs') });
  app.synth();
  const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.') && existsSync(join(outdir, name, 'index.mjs')));
  expect(assets).toHaveLength(1);
  const directory = join(outdir, assets[0] as string, UI_DIRECTORY);
  const manifest = readUiManifest(directory);
  expect(manifest.script).toMatch(/^main-[A-Z0-9]+\.js$/);
  for (const name of Object.keys(manifest.files)) {
    expect(existsSync(join(directory, name)), name).toBe(true);
    expect(existsSync(join(directory, gzippedName(name))), gzippedName(name)).toBe(true);
  }
}, 120_000);
