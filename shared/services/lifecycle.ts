/** What a version body shows besides the version itself: environments it can go to and where it went. */
import type { VersionLifecycle } from '#domain/model.ts';
import { listEnvironments } from './environments.ts';
import type { ReadContext } from './context.ts';

export async function getVersionLifecycle(context: ReadContext, pacticipant: string, number: string): Promise<VersionLifecycle> {
  const [environments, deployments, releases] = await Promise.all([
    listEnvironments(context),
    context.deployments.listOfVersion(pacticipant, number),
    context.releases.listOfVersion(pacticipant, number),
  ]);
  return { environments, deployments, releases };
}
