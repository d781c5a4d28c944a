import { getJson, path } from '../api.ts';
import { DataTable, Empty, Loaded, Section, Time } from '../components/common.tsx';
import { environmentLabel, loadEnvironmentContents, loadEnvironments } from '../data.ts';
import { useResource } from '../hooks.ts';
import type { DeployedVersionItem, HistoryEvent, ReleasedVersionItem } from '../model.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';
import { ApiError } from '../api.ts';

export function EnvironmentsPage() {
  const resource = useResource('environments', async (signal) => {
    const environments = await loadEnvironments(signal);
    return Promise.all(environments.map((environment) => loadEnvironmentContents(environment, signal)));
  });
  return (
    <>
      <h1>{text.environments.title}</h1>
      <Loaded resource={resource}>
        {(contents) =>
          contents.length === 0 ? (
            <Empty>{text.environments.none}</Empty>
          ) : (
            <ul class="environment-cards">
              {contents.map(({ environment, deployed, released }) => (
                <li key={environment.uuid} class="card">
                  <h2>
                    <a href={to.environment(environment.name)}>{environmentLabel(environment)}</a>{' '}
                    {environment.production && <span class="badge badge-production">{text.environments.production}</span>}
                  </h2>
                  <ul class="plain">
                    {deployed.map((item) => (
                      <li key={item.uuid}>
                        <a href={to.application(item._embedded.pacticipant?.name ?? '')}>{item._embedded.pacticipant?.name}</a> {item._embedded.version.number}
                        {item.applicationInstance ? ` (${item.applicationInstance})` : ''}
                      </li>
                    ))}
                    {released.map((item) => (
                      <li key={item.uuid}>
                        <a href={to.application(item._embedded.pacticipant?.name ?? '')}>{item._embedded.pacticipant?.name}</a> {item._embedded.version.number} · released
                      </li>
                    ))}
                    {deployed.length === 0 && released.length === 0 && <li class="muted">{text.environment.nothingDeployed}</li>}
                  </ul>
                </li>
              ))}
            </ul>
          )
        }
      </Loaded>
    </>
  );
}

/** What is deployed (with its application instance) or released in the environment now. */
function VersionsHere({ kind, items }: { kind: 'deployed' | 'released'; items: readonly (DeployedVersionItem | ReleasedVersionItem)[] }) {
  const withInstance = kind === 'deployed';
  return (
    <DataTable
      className={kind}
      columns={[text.environment.application, text.environment.version, ...(withInstance ? [text.environment.instance] : []), text.environment.since]}
    >
      {items.map((item) => (
        <tr key={item.uuid} {...{ [`data-${kind}`]: `${item._embedded.pacticipant?.name} ${item._embedded.version.number}` }}>
          <th scope="row">
            <a href={to.application(item._embedded.pacticipant?.name ?? '')}>{item._embedded.pacticipant?.name}</a>
          </th>
          <td>{item._embedded.version.number}</td>
          {withInstance && <td>{('applicationInstance' in item ? item.applicationInstance : undefined) ?? <span class="muted">–</span>}</td>}
          <td>
            <Time at={item.createdAt} />
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

async function loadEnvironmentPage(name: string, signal: AbortSignal) {
  const environments = await loadEnvironments(signal);
  const environment = environments.find((candidate) => candidate.name === name);
  if (environment === undefined) throw new ApiError(404, `No environment named ${name}`, undefined);
  const [contents, history] = await Promise.all([
    loadEnvironmentContents(environment, signal),
    getJson<{ _embedded?: { events?: HistoryEvent[] } }>(path('environments', environment.uuid, 'history'), signal),
  ]);
  return { ...contents, events: history._embedded?.events ?? [] };
}

export function EnvironmentPage({ name }: { name: string }) {
  const resource = useResource(`environment:${name}`, (signal) => loadEnvironmentPage(name, signal));
  return (
    <Loaded resource={resource}>
      {({ environment, deployed, released, events }) => (
        <>
          <h1>
            {environmentLabel(environment)} {environment.production && <span class="badge badge-production">{text.environments.production}</span>}
          </h1>
          <div class="two-columns">
            <Section title={text.environment.deployed} id="deployed">
              {deployed.length === 0 ? (
                <Empty>{text.environment.nothingDeployed}</Empty>
              ) : (
                <VersionsHere kind="deployed" items={deployed} />
              )}
            </Section>
            <Section title={text.environment.released} id="released">
              {released.length === 0 ? (
                <Empty>{text.environment.nothingReleased}</Empty>
              ) : (
                <VersionsHere kind="released" items={released} />
              )}
            </Section>
          </div>
          <Section title={text.environment.timeline} id="timeline">
            {events.length === 0 ? (
              <Empty>{text.environment.noHistory}</Empty>
            ) : (
              <ol class="timeline">
                {events.map((event, index) => (
                  <li key={index} class={`timeline-${event.type}`} data-event={`${event.type} ${event.pacticipant.name} ${event.version}`}>
                    <Time at={event.at} /> <span class={`event-type event-${event.type}`}>{text.environment.event[event.type]}</span>{' '}
                    <a href={to.application(event.pacticipant.name)}>{event.pacticipant.name}</a> <strong>{event.version}</strong>
                    {event.applicationInstance !== undefined && <span class="muted"> ({event.applicationInstance})</span>}
                  </li>
                ))}
              </ol>
            )}
          </Section>
        </>
      )}
    </Loaded>
  );
}
