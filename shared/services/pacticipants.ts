/** Use cases on pacticipants. */
import type { Pacticipant, Version } from '#domain/model.ts';
import { NotFound, WriteConflict } from '#domain/errors.ts';
import { deriveDisplayName, detectMainBranch, isBlank } from '#domain/names.ts';
import { FieldChecker, MAX_NAME_LENGTH, checkName, type Body } from '#domain/validation.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import type { PacticipantChanges } from './ports.ts';
import { missing } from '#domain/messages.ts';

export const pacticipantNotFound = (name: string): NotFound => new NotFound(missing.pacticipant(name));

export async function getPacticipant(context: ReadContext, name: string): Promise<Pacticipant> {
  const pacticipant = await context.pacticipants.find(name);
  if (pacticipant === undefined) throw pacticipantNotFound(name);
  return pacticipant;
}

export async function listPacticipants(context: ServiceContext): Promise<Pacticipant[]> {
  return context.pacticipants.list();
}

const OPTIONAL_FIELDS = ['displayName', 'mainBranch', 'repositoryUrl', 'repositoryName', 'repositoryNamespace'] as const;

/** The old Ruby client sends `repository_url` in snake case. */
function normaliseBody(body: Body): Body {
  return body['repositoryUrl'] === undefined && body['repository_url'] !== undefined ? { ...body, repositoryUrl: body['repository_url'] } : body;
}

/** Validates the writable fields; blank values mean "unset" (null). */
function readChanges(checker: FieldChecker): PacticipantChanges {
  const changes: Record<string, string | null> = {};
  for (const field of OPTIONAL_FIELDS) {
    const value = checker.optionalString(field, field === 'mainBranch' ? { noSpaces: true, maxLength: MAX_NAME_LENGTH } : {});
    if (value !== undefined) changes[field] = isBlank(value) ? null : value;
  }
  return changes as PacticipantChanges;
}

function newPacticipant(name: string, changes: PacticipantChanges, now: string): Pacticipant {
  const pacticipant: Record<string, string> = { name, displayName: changes.displayName ?? deriveDisplayName(name), createdAt: now };
  for (const field of OPTIONAL_FIELDS) {
    const value = changes[field];
    if (typeof value === 'string' && field !== 'displayName') pacticipant[field] = value;
  }
  return pacticipant as unknown as Pacticipant; // Built field by field from validated strings above.
}

/** POST /pacticipants: creates; an existing name is returned as it is. */
export async function createPacticipant(context: ServiceContext, body: Body): Promise<{ created: boolean; pacticipant: Pacticipant }> {
  const checker = new FieldChecker(normaliseBody(body));
  const name = checker.requiredString('name');
  const changes = readChanges(checker);
  checker.done();
  return context.pacticipants.createIfMissing(newPacticipant(name as string, changes, nowOf(context)));
}

/** PATCH /pacticipants/{name}: only the given fields change; a missing pacticipant is created. */
export async function patchPacticipant(context: ServiceContext, name: string, body: Body): Promise<{ created: boolean; pacticipant: Pacticipant }> {
  checkName('pacticipant', name);
  const checker = new FieldChecker(normaliseBody(body));
  const changes = readChanges(checker);
  checker.done();
  const now = nowOf(context);
  if (changes.displayName === null) changes.displayName = deriveDisplayName(name);
  const updated = await context.pacticipants.update(name, changes, now);
  if (updated !== undefined) return { created: false, pacticipant: updated };
  const result = await context.pacticipants.createIfMissing(newPacticipant(name, changes, now));
  if (result.created) return result;
  // Created concurrently between our update and create: apply the changes to it now.
  const retried = await context.pacticipants.update(name, changes, now);
  return { created: false, pacticipant: retried ?? result.pacticipant };
}

/** PUT /pacticipants/{name}: full replace of the writable fields; 404 when missing. */
export async function replacePacticipant(context: ServiceContext, name: string, body: Body): Promise<Pacticipant> {
  const checker = new FieldChecker(normaliseBody(body));
  const given = readChanges(checker);
  checker.done();
  const changes: Record<string, string | null> = {};
  for (const field of OPTIONAL_FIELDS) changes[field] = given[field] ?? null;
  changes['displayName'] ??= deriveDisplayName(name);
  const updated = await context.pacticipants.update(name, changes as PacticipantChanges, nowOf(context));
  if (updated === undefined) throw pacticipantNotFound(name);
  return updated;
}

/** Creates the pacticipant a version, tag or branch names, if it does not exist yet. */
export async function ensurePacticipant(context: ServiceContext, name: string): Promise<Pacticipant> {
  checkName('pacticipant', name);
  const existing = await context.pacticipants.find(name);
  if (existing !== undefined) return existing;
  return (await context.pacticipants.createIfMissing(newPacticipant(name, {}, nowOf(context)))).pacticipant;
}

/** The first branch or tag named develop/main/master becomes the main branch of a pacticipant that has none. */
export async function maybeSetMainBranch(context: ServiceContext, pacticipant: Pacticipant, candidate: string): Promise<void> {
  const detected = detectMainBranch(pacticipant.mainBranch, candidate);
  if (detected === undefined) return;
  // Conditional on the field still being unset, so an explicit value set meanwhile is never overwritten.
  await context.pacticipants.update(pacticipant.name, { mainBranch: detected }, nowOf(context), { onlyIfUnset: true });
}

export async function getPacticipantWithLatestVersion(context: ReadContext, name: string): Promise<{ pacticipant: Pacticipant; latestVersion?: Version }> {
  const pacticipant = await getPacticipant(context, name);
  const latestVersion = await context.versions.findLatest(name);
  return latestVersion === undefined ? { pacticipant } : { pacticipant, latestVersion };
}

/** Every pacticipant with its latest version (one query per pacticipant, in parallel). */
export async function listPacticipantsWithLatestVersions(context: ReadContext): Promise<{ pacticipant: Pacticipant; latestVersion?: Version }[]> {
  const pacticipants = await context.pacticipants.list();
  return Promise.all(
    pacticipants.map(async (pacticipant) => {
      const latestVersion = await context.versions.findLatest(pacticipant.name);
      return latestVersion === undefined ? { pacticipant } : { pacticipant, latestVersion };
    }),
  );
}

// Labels (docs/rules.md §1.7): names on a pacticipant that webhooks can be scoped to.

export async function labelPacticipant(context: ServiceContext, name: string, label: string): Promise<{ created: boolean; pacticipant: string; label: string }> {
  checkName('label', label);
  try {
    const created = await context.pacticipants.addLabel(name, label, nowOf(context));
    return { created, pacticipant: name, label };
  } catch (error) {
    if (error instanceof WriteConflict) throw pacticipantNotFound(name);
    throw error;
  }
}

export async function getLabel(context: ReadContext, name: string, label: string): Promise<{ pacticipant: string; label: string }> {
  const pacticipant = await getPacticipant(context, name);
  if (!(pacticipant.labels ?? []).includes(label)) throw new NotFound(missing.label(name, label));
  return { pacticipant: name, label };
}

export async function unlabelPacticipant(context: ServiceContext, name: string, label: string): Promise<void> {
  try {
    await context.pacticipants.removeLabel(name, label);
  } catch (error) {
    if (error instanceof WriteConflict) throw new NotFound(missing.label(name, label));
    throw error;
  }
}

/** The pacticipants with a label, by name, each with its latest version. */
export async function pacticipantsWithLabel(context: ReadContext, label: string): Promise<{ pacticipant: Pacticipant; latestVersion?: Version }[]> {
  const names = await context.pacticipants.listWithLabel(label);
  const found = await Promise.all(names.map(async (name) => (await context.pacticipants.find(name)) === undefined ? undefined : getPacticipantWithLatestVersion(context, name)));
  return found.filter((entry) => entry !== undefined);
}
