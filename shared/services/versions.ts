/** Use cases on versions, tags and branches. */
import type { Branch, BranchVersion, Tag, Version, VersionDetails } from '#domain/model.ts';
import { NotFound } from '#domain/errors.ts';
import { FieldChecker, MAX_NAME_LENGTH, checkName, type Body } from '#domain/validation.ts';
import { ValidationFailed } from '#domain/errors.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { ensurePacticipant, getPacticipant, maybeSetMainBranch } from './pacticipants.ts';
import { recordDeploymentOfVersion } from './deployments.ts';
import { missing } from '#domain/messages.ts';

export const versionNotFound = (pacticipant: string, version: string): NotFound =>
  new NotFound(missing.version(pacticipant, version));

export async function getVersionDetails(context: ReadContext, pacticipant: string, number: string): Promise<VersionDetails> {
  const details = await context.versions.findDetails(pacticipant, number);
  if (details === undefined) throw versionNotFound(pacticipant, number);
  return details;
}

export async function getVersion(context: ServiceContext, pacticipant: string, number: string): Promise<Version> {
  const version = await context.versions.find(pacticipant, number);
  if (version === undefined) throw versionNotFound(pacticipant, number);
  return version;
}

/** The latest version (optionally with a tag, or on a branch): 404 when there is none. */
export async function getLatestVersionDetails(context: ReadContext, pacticipant: string, selector: { tag?: string; branch?: string } = {}): Promise<VersionDetails> {
  await getPacticipant(context, pacticipant);
  let number: string | undefined;
  if (selector.branch !== undefined) {
    number = (await context.versions.findBranchHead(pacticipant, selector.branch))?.version;
  } else {
    number = (await context.versions.findLatest(pacticipant, selector.tag))?.number;
  }
  const what = selector.tag !== undefined ? ` with tag '${selector.tag}'` : selector.branch !== undefined ? ` on branch '${selector.branch}'` : '';
  if (number === undefined) throw new NotFound(missing.latestVersion(pacticipant, what));
  return getVersionDetails(context, pacticipant, number);
}

export async function listVersions(context: ReadContext, pacticipant: string, limit: number): Promise<Version[]> {
  await getPacticipant(context, pacticipant);
  return context.versions.list(pacticipant, limit);
}

function readVersionBody(body: Body): { buildUrl?: string | null; tags?: string[] } {
  const checker = new FieldChecker(body);
  const buildUrl = checker.optionalString('buildUrl');
  let tags: string[] | undefined;
  const rawTags = body['tags'];
  if (rawTags !== undefined && rawTags !== null) {
    if (!Array.isArray(rawTags)) checker.add('tags', 'must be an array of {"name": "..."} objects');
    else if (rawTags.length > 100) checker.add('tags', 'must have at most 100 entries');
    else {
      tags = [];
      rawTags.forEach((tag: unknown, index) => {
        const name = typeof tag === 'object' && tag !== null ? (tag as Body)['name'] : undefined;
        if (typeof name !== 'string' || name.trim() === '' || /[\r\n]/.test(name) || name.length > MAX_NAME_LENGTH) {
          checker.add('tags', `must have a non-blank single-line name of at most ${MAX_NAME_LENGTH} characters (at index ${index})`);
        } else tags?.push(name);
      });
    }
  }
  checker.done();
  return { ...(buildUrl !== undefined ? { buildUrl } : {}), ...(tags !== undefined ? { tags } : {}) };
}

/**
 * PUT (replace) or PATCH (merge) a version: creates pacticipant and version as needed. With PUT, given `tags`
 * replace the version's tags; with PATCH they are added.
 */
export async function createOrUpdateVersion(
  context: ServiceContext,
  pacticipantName: string,
  number: string,
  body: Body,
  mode: 'replace' | 'merge',
): Promise<{ created: boolean; details: VersionDetails }> {
  checkName('version', number);
  const fields = readVersionBody(body);
  const pacticipant = await ensurePacticipant(context, pacticipantName);
  const now = nowOf(context);
  const { created, version } = await context.versions.createIfMissing(pacticipant.name,
    number,
    typeof fields.buildUrl === 'string' ? { buildUrl: fields.buildUrl } : {},
    now,
  );
  if (!created && fields.buildUrl !== undefined && fields.buildUrl !== (version.buildUrl ?? null)) {
    await context.versions.updateBuildUrl(pacticipant.name, number, fields.buildUrl, now);
  }
  if (fields.tags !== undefined) {
    const current = await context.versions.findDetails(pacticipant.name, number);
    const existing = new Set(current?.tags.map((tag) => tag.name));
    for (const tag of fields.tags) if (!existing.has(tag)) await addTag(context, version, tag);
    if (mode === 'replace') {
      for (const tag of existing) if (!fields.tags.includes(tag)) await context.versions.deleteTag(pacticipant.name, number, tag);
    }
  }
  return { created, details: await getVersionDetails(context, pacticipant.name, number) };
}

async function addTag(context: ServiceContext, version: Version, tag: string): Promise<{ created: boolean; tag: Tag }> {
  const result = await context.versions.putTagIfMissing(version, tag, nowOf(context));
  if (result.created) await maybeSetMainBranch(context, await getPacticipant(context, version.pacticipant), tag);
  return result;
}

export async function getTag(context: ReadContext, pacticipant: string, version: string, name: string): Promise<Tag> {
  const tag = await context.versions.findTag(pacticipant, version, name);
  if (tag === undefined) throw new NotFound(missing.tag(pacticipant, version, name));
  return tag;
}

/**
 * PUT a tag: creates pacticipant and version as needed. A tag named like an environment also records a deployment
 * of the version there (no application instance), as the reference does by default to ease migration from tags.
 */
export async function tagVersion(context: ServiceContext, pacticipantName: string, number: string, name: string): Promise<{ created: boolean; tag: Tag }> {
  checkName('tag', name);
  checkName('version', number);
  const pacticipant = await ensurePacticipant(context, pacticipantName);
  const { version } = await context.versions.createIfMissing(pacticipant.name, number, {}, nowOf(context));
  const result = await addTag(context, version, name);
  if (result.created) {
    const environment = (await context.environments.list()).find((candidate) => candidate.name === name);
    if (environment !== undefined) await recordDeploymentOfVersion(context, version, environment, undefined);
  }
  return result;
}

export async function deleteTag(context: ServiceContext, pacticipant: string, version: string, name: string): Promise<void> {
  if (!(await context.versions.deleteTag(pacticipant, version, name))) {
    throw new NotFound(missing.tag(pacticipant, version, name));
  }
}

export async function getBranch(context: ReadContext, pacticipant: string, name: string): Promise<Branch> {
  const branch = await context.versions.findBranch(pacticipant, name);
  if (branch === undefined) throw new NotFound(missing.branch(pacticipant, name));
  return branch;
}

export async function listBranches(context: ReadContext, pacticipant: string): Promise<Branch[]> {
  await getPacticipant(context, pacticipant);
  return context.versions.listBranches(pacticipant);
}

export async function deleteBranch(context: ServiceContext, pacticipant: string, name: string): Promise<void> {
  if (!(await context.versions.deleteBranch(pacticipant, name))) {
    throw new NotFound(missing.branch(pacticipant, name));
  }
}

/** PUT a branch version: creates pacticipant, version and branch as needed; the version becomes the branch head if new to it. */
export async function addVersionToBranch(context: ServiceContext, pacticipantName: string, branch: string, number: string): Promise<{ created: boolean; branchVersion: BranchVersion }> {
  checkName('branch', branch);
  checkName('version', number);
  const pacticipant = await ensurePacticipant(context, pacticipantName);
  const { version } = await context.versions.createIfMissing(pacticipant.name, number, {}, nowOf(context));
  const result = await context.versions.addBranchVersion(version, branch, nowOf(context));
  if (result.created) await maybeSetMainBranch(context, pacticipant, branch);
  return result;
}

export async function getBranchVersion(context: ReadContext, pacticipant: string, branch: string, version: string): Promise<BranchVersion> {
  const branchVersion = await context.versions.findBranchVersion(pacticipant, branch, version);
  if (branchVersion === undefined) throw new NotFound(missing.branchVersion(pacticipant, branch, version));
  return branchVersion;
}

export async function removeVersionFromBranch(context: ServiceContext, pacticipant: string, branch: string, version: string): Promise<void> {
  if (!(await context.versions.deleteBranchVersion(pacticipant, branch, version))) {
    throw new NotFound(missing.branchVersion(pacticipant, branch, version));
  }
}

/** Paging parameters shared by collections: `size`/`pageSize`, 1..1000. */
export function readPageSize(raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const size = Number(raw);
  if (!Number.isInteger(size) || size < 1 || size > 1000) throw ValidationFailed.of('size', 'must be a whole number from 1 to 1000');
  return size;
}
