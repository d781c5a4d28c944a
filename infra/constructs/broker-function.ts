/** The house defaults for every broker Lambda: Node 24 on arm64, ESM bundle by local esbuild, JSON logs, a shared role. */
import { Duration } from 'aws-cdk-lib';
import type { IRole } from 'aws-cdk-lib/aws-iam';
import { Architecture, LoggingFormat, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface BrokerFunctionProps {
  /** Repo-relative handler module that exports `handler`. */
  readonly entry: string;
  /** Shared by many functions (one role per access level keeps the stack well under the resource limit). */
  readonly role: IRole;
  readonly environment: Readonly<Record<string, string>>;
  readonly logGroup: ILogGroup;
}

export class BrokerFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: BrokerFunctionProps) {
    super(scope, id, {
      entry: resolve(projectRoot, props.entry),
      handler: 'handler',
      projectRoot,
      depsLockFilePath: resolve(projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_24_X,
      architecture: Architecture.ARM_64,
      memorySize: 1024,
      timeout: Duration.seconds(15),
      role: props.role,
      logGroup: props.logGroup,
      loggingFormat: LoggingFormat.JSON,
      environment: { NODE_OPTIONS: '--enable-source-maps', ...props.environment },
      bundling: {
        format: OutputFormat.ESM,
        // ESM builds first: smaller bundles, and middy 7 ships ESM only.
        mainFields: ['module', 'main'],
        target: 'node24',
        minify: true,
        sourceMap: true,
        // Bundled so the deployed SDK is exactly the one the tests ran against.
        bundleAwsSDK: true,
        // Some CommonJS dependencies call require() at run time; ESM bundles need it provided.
        banner: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    });
  }
}
