/**
 * Small helpers shared by the CLI end-to-end tests: run the official `pact-broker` CLI (either generation, see
 * test/support/cli.ts) against one broker, and read back the broker's state through the HTTP API (environments by
 * name, what is currently deployed or supported).
 */
import { expect } from 'vitest';
import { http, type HttpResult } from '../support/broker.ts';
import { runCli, type CliGeneration, type CliResult } from '../support/cli.ts';

export type Cli = (...args: string[]) => Promise<CliResult>;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The reference's timestamp format: UTC, seconds precision, `+00:00`. */
export const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+00:00$/;

export function cliFor(baseUrl: string, generation: CliGeneration = 'rust'): Cli {
  return (...args) => runCli('pact-broker', args, baseUrl, {}, generation);
}

/**
 * `--tag` with several tags, as each generation takes them: the Rust CLI refuses a repeated `--tag` and splits on
 * commas, the Ruby one repeats the option (and would keep `dev,qa` as one tag).
 */
export function tagArgs(generation: CliGeneration, ...tags: string[]): string[] {
  return generation === 'rust' ? ['--tag', tags.join(',')] : tags.flatMap((tag) => ['--tag', tag]);
}

/** Runs a CLI command that must succeed; the failure message shows the command and everything it printed. */
export async function ok(cli: Cli, ...args: string[]): Promise<CliResult> {
  const result = await cli(...args);
  expect(result.code, `pact-broker ${args.join(' ')}\n${result.output}`).toBe(0);
  return result;
}

/** Runs a CLI command that must fail with exit code 1. */
export async function fails(cli: Cli, ...args: string[]): Promise<CliResult> {
  const result = await cli(...args);
  expect(result.code, `pact-broker ${args.join(' ')}\n${result.output}`).toBe(1);
  return result;
}

export interface EnvironmentBody {
  uuid: string;
  name: string;
  displayName: string;
  production: boolean;
  contacts?: unknown[];
  createdAt: string;
  updatedAt?: string;
}

export async function environments(baseUrl: string): Promise<EnvironmentBody[]> {
  const response = await http(baseUrl, 'GET', '/environments');
  expect(response.status).toBe(200);
  return response.body._embedded.environments as EnvironmentBody[];
}

export async function environmentNamed(baseUrl: string, name: string): Promise<EnvironmentBody> {
  const found = (await environments(baseUrl)).find((environment) => environment.name === name);
  expect(found, `environment ${name}`).toBeDefined();
  return found as EnvironmentBody;
}

export interface DeployedItem {
  uuid: string;
  pacticipant: string;
  version: string;
  /** null for "no application instance". */
  instance: string | null;
  currentlyDeployed: boolean;
}

interface DeployedVersionJson {
  uuid: string;
  currentlyDeployed: boolean;
  applicationInstance?: string;
  target?: string;
  _embedded: { pacticipant: { name: string }; version: { number: string } };
}

/** GET /environments/{uuid}/deployed-versions/currently-deployed[?query], as plain items. */
export async function currentlyDeployed(baseUrl: string, environment: string, query = ''): Promise<DeployedItem[]> {
  const { uuid } = await environmentNamed(baseUrl, environment);
  const response = await http(baseUrl, 'GET', `/environments/${uuid}/deployed-versions/currently-deployed${query}`);
  expect(response.status, response.text).toBe(200);
  return (response.body._embedded.deployedVersions as DeployedVersionJson[]).map((item) => ({
    uuid: item.uuid,
    pacticipant: item._embedded.pacticipant.name,
    version: item._embedded.version.number,
    instance: item.applicationInstance ?? null,
    currentlyDeployed: item.currentlyDeployed,
  }));
}

/** What is currently deployed, as sorted `instance=version` strings (`-` for no instance), for one pacticipant. */
export async function deployedSlots(baseUrl: string, environment: string, pacticipant: string): Promise<string[]> {
  const items = await currentlyDeployed(baseUrl, environment, `?pacticipant=${encodeURIComponent(pacticipant)}`);
  return items.map((item) => `${item.instance ?? '-'}=${item.version}`).sort();
}

export interface ReleasedItem {
  uuid: string;
  pacticipant: string;
  version: string;
  currentlySupported: boolean;
}

interface ReleasedVersionJson {
  uuid: string;
  currentlySupported: boolean;
  _embedded: { pacticipant: { name: string }; version: { number: string } };
}

/** GET /environments/{uuid}/released-versions/currently-supported[?query], as plain items. */
export async function currentlySupported(baseUrl: string, environment: string, query = ''): Promise<ReleasedItem[]> {
  const { uuid } = await environmentNamed(baseUrl, environment);
  const response = await http(baseUrl, 'GET', `/environments/${uuid}/released-versions/currently-supported${query}`);
  expect(response.status, response.text).toBe(200);
  return (response.body._embedded.releasedVersions as ReleasedVersionJson[]).map((item) => ({
    uuid: item.uuid,
    pacticipant: item._embedded.pacticipant.name,
    version: item._embedded.version.number,
    currentlySupported: item.currentlySupported,
  }));
}

/** Sorted version numbers currently supported for one pacticipant. */
export async function supportedVersions(baseUrl: string, environment: string, pacticipant: string): Promise<string[]> {
  const items = await currentlySupported(baseUrl, environment, `?pacticipant=${encodeURIComponent(pacticipant)}`);
  return items.map((item) => item.version).sort();
}

export const get = (baseUrl: string, path: string): Promise<HttpResult> => http(baseUrl, 'GET', path);

/** The path of an absolute href (the broker's links are absolute URLs). */
export const pathOf = (href: string): string => new URL(href).pathname;
