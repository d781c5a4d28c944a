/** Use cases on environments. */
import type { Environment } from '#domain/model.ts';
import { NotFound, ValidationFailed } from '#domain/errors.ts';
import { deriveDisplayName, isBlank } from '#domain/names.ts';
import { FieldChecker, type Body } from '#domain/validation.ts';
import { WriteConflict } from '#domain/errors.ts';
import { nowOf, type ServiceContext, type ReadContext } from './context.ts';
import { missing, refused } from '#domain/messages.ts';
import { environmentHistory, type EnvironmentEvent } from '#domain/environment-history.ts';

export const environmentNotFound = (uuid: string): NotFound => new NotFound(missing.environment(uuid));

const nameTaken = (name: string): ValidationFailed => ValidationFailed.of('name', refused.environmentNameTaken(name));

export async function listEnvironments(context: ReadContext, filter: { name?: string } = {}): Promise<Environment[]> {
  const all = await context.environments.list();
  return all
    .filter((environment) => filter.name === undefined || environment.name === filter.name)
    .sort((a, b) => a.displayName.toLowerCase().localeCompare(b.displayName.toLowerCase()) || a.name.localeCompare(b.name));
}

export async function getEnvironment(context: ReadContext, uuid: string): Promise<Environment> {
  const environment = await context.environments.find(uuid);
  if (environment === undefined) throw environmentNotFound(uuid);
  return environment;
}

/** Contacts are stored as given, so their size is bounded to keep an environment well inside an item. */
const MAX_CONTACTS = 50;
const MAX_CONTACTS_JSON = 20_000;

/** The writable fields of an environment, validated all at once. */
function readEnvironment(body: Body): Omit<Environment, 'uuid' | 'createdAt' | 'updatedAt'> {
  const checker = new FieldChecker(body);
  const name = checker.requiredString('name', { noSpaces: true });
  const displayName = checker.optionalString('displayName');
  const production = checker.requiredBoolean('production');
  const contacts = body['contacts'];
  if (contacts !== undefined && contacts !== null) {
    if (!Array.isArray(contacts)) checker.add('contacts', 'must be an array');
    else if (contacts.length > MAX_CONTACTS || JSON.stringify(contacts).length > MAX_CONTACTS_JSON) {
      checker.add('contacts', `must have at most ${MAX_CONTACTS} entries and ${MAX_CONTACTS_JSON} characters of JSON`);
    } else {
      contacts.forEach((contact: unknown, index) => {
        if (typeof contact !== 'object' || contact === null || Array.isArray(contact)) {
          checker.add('contacts', `must be an object (at index ${index})`);
          return;
        }
        const contactName = (contact as Body)['name'];
        if (typeof contactName !== 'string' || contactName.trim() === '') checker.add('contacts.name', `is missing (at index ${index})`);
        else if (/[\r\n]/.test(contactName)) checker.add('contacts.name', `cannot contain multiple lines (at index ${index})`);
        const details = (contact as Body)['details'];
        if (details !== undefined && details !== null && (typeof details !== 'object' || Array.isArray(details))) {
          checker.add('contacts.details', `must be an object (at index ${index})`);
        }
      });
    }
  }
  checker.done();
  return {
    name: name as string,
    displayName: isBlank(displayName) ? deriveDisplayName(name as string) : (displayName as string),
    production: production as boolean,
    ...(Array.isArray(contacts) ? { contacts } : {}),
  };
}

export async function createEnvironment(context: ServiceContext, body: Body): Promise<Environment> {
  const fields = readEnvironment(body);
  const environment: Environment = { uuid: context.newId(), ...fields, createdAt: nowOf(context) };
  try {
    await context.environments.create(environment);
  } catch (error) {
    if (error instanceof WriteConflict) throw nameTaken(environment.name);
    throw error;
  }
  return environment;
}

/** PUT: a full replace (an omitted display name is derived from the name again). */
export async function updateEnvironment(context: ServiceContext, uuid: string, body: Body): Promise<Environment> {
  const previous = await getEnvironment(context, uuid);
  const fields = readEnvironment(body);
  const next: Environment = { uuid, ...fields, createdAt: previous.createdAt, updatedAt: nowOf(context) };
  try {
    await context.environments.replace(previous, next);
  } catch (error) {
    if (!(error instanceof WriteConflict)) throw error;
    // Either the new name is taken, or the environment changed or vanished since we read it.
    const current = await context.environments.find(uuid);
    if (current === undefined) throw environmentNotFound(uuid);
    // Changed meanwhile: apply the request again to what is there now (a PUT replaces the whole environment).
    const unchanged = current.name === previous.name && current.displayName === previous.displayName && current.production === previous.production && current.updatedAt === previous.updatedAt;
    if (!unchanged) return updateEnvironment(context, uuid, body);
    throw nameTaken(next.name);
  }
  return next;
}

/** Deletes the environment and what was deployed or released to it. */
export async function deleteEnvironment(context: ServiceContext, uuid: string): Promise<void> {
  const environment = await getEnvironment(context, uuid);
  // Its deployed and released versions first, the environment last: a deletion cut off mid-way still finds the
  // environment, so the retry finishes it.
  await context.deployments.deleteOfEnvironment(uuid);
  await context.releases.deleteOfEnvironment(uuid);
  try {
    await context.environments.delete(environment);
  } catch (error) {
    if (error instanceof WriteConflict) throw environmentNotFound(uuid);
    throw error;
  }
}

export async function findEnvironment(context: ReadContext, uuid: string): Promise<Environment | undefined> {
  return context.environments.find(uuid);
}

/**
 * The environment's history, newest first, at most `size` events (docs/rules.md §3.9): its `size` newest deployment
 * records and `size` newest release records by latest event (three requests, read at once), which hold every one of
 * the `size` newest events. An unknown environment is a 404.
 */
export async function getEnvironmentHistory(context: ReadContext, uuid: string, size: number): Promise<{ environment: Environment; events: EnvironmentEvent[] }> {
  const [environment, deployments, releases] = await Promise.all([context.environments.find(uuid), context.deployments.listHistory(uuid, size), context.releases.listHistory(uuid, size)]);
  if (environment === undefined) throw environmentNotFound(uuid);
  return { environment, events: environmentHistory(deployments, releases, size) };
}
