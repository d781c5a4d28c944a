/**
 * The CloudFormation template `cdk synth` produces for the broker stack, as the local runtime reads it: synthesized
 * without bundling (the local runtime runs the source modules, so bundles are not needed) and cached on disk by a hash
 * of every file that can change it, so `npm start` and each test process pay for synthesis once per change.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

/** A CloudFormation template, as far as the local runtime reads it. */
export interface Template {
  readonly Resources: Readonly<Record<string, TemplateResource>>;
}

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Readonly<Record<string, unknown>>;
  readonly Metadata?: Readonly<Record<string, unknown>>;
}

/** Stands for deploy-time settings (base URL, admin credential hash, webhook host whitelist) in the local template. */
export const DEPLOY_TIME_PLACEHOLDER = 'local-setting';

/** The stack name the local runtime synthesizes (its logical ids are the same for every stage). */
export const LOCAL_STACK = 'PactBroker-local';

/** The files below the project's `directories` (those that exist) whose names end in one of `extensions`; `skip` names directories not to enter. */
export function filesUnder(directories: readonly string[], extensions: readonly string[], skip: readonly string[] = []): string[] {
  const files: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) {
        if (!skip.includes(name)) walk(path);
      } else if (extensions.some((extension) => path.endsWith(extension))) files.push(path);
    }
  };
  for (const directory of directories) if (existsSync(join(projectRoot, directory))) walk(join(projectRoot, directory));
  return files;
}

/** A hash of the files' project-relative paths and contents (and `seed`), as cache keys for what is made from them. */
export function hashOfFiles(files: readonly string[], seed = ''): string {
  const hash = createHash('sha256').update(seed);
  for (const file of [...files].sort()) hash.update(relative(projectRoot, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** What the template depends on: the CDK code and everything it imports from shared/, plus the locked dependencies. */
export function templateHash(): string {
  const files = [...filesUnder(['infra'], ['.ts'], ['local', 'node_modules']), ...['shared/http/routes.ts', 'shared/storage/table-definition.ts', 'package-lock.json'].map((file) => join(projectRoot, file))];
  return hashOfFiles(files).slice(0, 32);
}

const cacheDirectory = (): string => join(projectRoot, 'node_modules/.cache/broker-aws-rules');

/** Synthesizes the stack in this process (aws-cdk-lib loaded on demand), without bundling any function. */
export async function synthesizeTemplate(): Promise<Template> {
  const { App } = await import('aws-cdk-lib');
  const { BrokerStack } = await import('../../broker-stack.ts');
  const outdir = mkdtempSync(join(tmpdir(), 'broker-local-synth-'));
  try {
    // `aws:cdk:bundling-stacks: []` makes NodejsFunction skip esbuild: same template, no bundles.
    const app = new App({ outdir, context: { stage: 'local', 'aws:cdk:bundling-stacks': [] } });
    // Placeholders, so the template carries these variables on exactly the functions AWS gives them to; the local
    // runtime replaces their values with the local settings (or removes them where none is set).
    const stack = new BrokerStack(app, LOCAL_STACK, { stage: 'local', baseUrl: DEPLOY_TIME_PLACEHOLDER, adminTokenSha256: DEPLOY_TIME_PLACEHOLDER, webhookHostWhitelist: [DEPLOY_TIME_PLACEHOLDER] });
    return app.synth().getStackByName(stack.stackName).template as Template;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

let loaded: { hash: string; template: Template } | undefined;

/** The template for the current sources: from the cache when it is current, else synthesized and cached. */
export async function loadTemplate(): Promise<Template> {
  const hash = templateHash();
  if (loaded?.hash === hash) return loaded.template;
  const file = join(cacheDirectory(), `${hash}.json`);
  let template: Template;
  try {
    template = JSON.parse(readFileSync(file, 'utf8')) as Template;
  } catch {
    template = await synthesizeTemplate();
    mkdirSync(cacheDirectory(), { recursive: true });
    // Written under a temporary name and renamed, so a concurrent reader never sees half a file.
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(template));
    renameSync(temporary, file);
  }
  loaded = { hash, template };
  return template;
}
