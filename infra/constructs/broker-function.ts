/** The house defaults for every broker Lambda: Node 24 on arm64, ESM bundle by local esbuild, JSON logs, a shared role. */
import { Duration } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_DIRECTORY } from '../../ui/manifest.ts';

/** The repository root: route entries are relative to it, and esbuild resolves package.json `imports` (#http/*, ...) from it. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * How every function is bundled (ESM, as CDK's esbuild options). The local runtime bundles with the same options, so
 * what runs locally is what runs in Lambda.
 */
export const BUNDLING = {
  // ESM builds first: smaller bundles, and middy 7 ships ESM only. CDK's default ([]) picks CommonJS builds.
  mainFields: ['module', 'main'],
  target: 'node24',
  minify: true,
  sourceMap: true,
  // Some CommonJS dependencies (the comparison engine's, for one) call require() at run time; an ESM bundle has no
  // require of its own, so provide Node's. The bundle test loads every bundle in plain Node to prove it works.
  banner: "import { createRequire as __brokerCreateRequire } from 'node:module'; const require = __brokerCreateRequire(import.meta.url);",
} as const;

/** Template metadata key naming a function's repo-relative source module. */
export const ENTRY_METADATA = 'broker:entry';

/**
 * The functions that serve the web UI (its page at the base URL, its assets): the UI is built beside their bundle
 * (ui/build.ts), by the stack after bundling and by the local runtime alike (infra/local/aws/bundles.ts).
 */
export const UI_ENTRIES: ReadonlySet<string> = new Set(['functions/http/index/get-index.ts', 'functions/http/ui/get-ui-asset.ts']);

export interface BrokerFunctionProps {
  /** Repo-relative handler module that exports `handler`. */
  readonly entry: string;
  /** Shared by many functions (one role per access level keeps the stack well under the resource limit). */
  readonly role: IRole;
  /** The broker table: every function gets TABLE_NAME (and TABLE_ARN, which tenant session policies are scoped to). */
  readonly table: ITableV2;
  /** Extra variables on top of the table's. */
  readonly environment?: Readonly<Record<string, string>>;
  /** One log group shared by all functions: a group per function would add a resource per operation. */
  readonly logGroup: ILogGroup;
  /** Default 10 s: the HTTP API authorizer gives up after 10 s, and a broker operation is a few DynamoDB calls. */
  readonly timeout?: Duration;
}

export class BrokerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BrokerFunctionProps) {
    super(scope, id, {
      entry: resolve(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      // Pinned rather than NODEJS_LATEST so a CDK upgrade never moves the runtime by itself.
      runtime: Runtime.NODEJS_24_X,
      // No native modules, and arm64 is cheaper.
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: props.timeout ?? Duration.seconds(10),
      role: props.role,
      logGroup: props.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: {
        TABLE_NAME: props.table.tableName,
        TABLE_ARN: props.table.tableArn,
        ...props.environment,
      },
      // esbuild is a local devDependency, so CDK bundles locally (there is no Docker here).
      bundling: {
        format: OutputFormat.ESM,
        ...BUNDLING,
        mainFields: [...BUNDLING.mainFields],
        // Bundled so the deployed SDK is exactly the one the tests ran against.
        bundleAwsSDK: true,
        ...(UI_ENTRIES.has(props.entry)
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (_inputDir: string, outputDir: string) => [`cd "${projectRoot}" && npx --no-install tsx ui/build.ts "${outputDir}/${UI_DIRECTORY}"`],
              },
            }
          : {}),
      },
    });
    // The source module this function is bundled from: the local runtime (infra/local/aws/) reads it from the
    // synthesized template to run the same code under the same role, environment and limits.
    (this.node.defaultChild as CfnFunction).addMetadata(ENTRY_METADATA, props.entry);
  }
}
