import { useState } from 'preact/hooks';
import { getJson, inBatches, path } from '../api.ts';
import { DataTable, Chip, Empty, Loaded, Section, StatusBadge, Time } from '../components/common.tsx';
import { RunningChips } from '../components/running.tsx';
import { environmentLabel, loadEnvironments, loadIntegrations, loadRunning } from '../data.ts';
import { useResource } from '../hooks.ts';
import { linksOf, type Environment, type Integration, type MatrixResponse, type Pacticipant, type VersionDetails, type VersionSummary } from '../model.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';
import { MatrixTable } from './matrix.tsx';

const PAGE_SIZE = 20;

export function ApplicationsPage() {
  const resource = useResource('applications', async (signal) => {
    const body = await getJson<{ _embedded?: { pacticipants?: Pacticipant[] } }>('/pacticipants', signal);
    return [...(body._embedded?.pacticipants ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  });
  return (
    <>
      <h1>{text.applications.title}</h1>
      <Loaded resource={resource}>
        {(pacticipants) =>
          pacticipants.length === 0 ? (
            <Empty>{text.applications.none}</Empty>
          ) : (
            <section class="card" aria-label={text.applications.title}>
              <DataTable columns={[text.applications.name, text.applications.mainBranch, text.applications.latestVersion]}>
                {pacticipants.map((pacticipant) => (
                  <tr key={pacticipant.name}>
                    <th scope="row">
                      <a href={to.application(pacticipant.name)}>{pacticipant.name}</a>
                    </th>
                    <td>{pacticipant.mainBranch ?? <span class="muted">–</span>}</td>
                    <td>{pacticipant._embedded?.latestVersion?.number ?? <span class="muted">–</span>}</td>
                  </tr>
                ))}
              </DataTable>
            </section>
          )
        }
      </Loaded>
    </>
  );
}

interface ApplicationData {
  readonly pacticipant: Pacticipant;
  readonly versions: readonly VersionDetails[];
  readonly environments: readonly Environment[];
  readonly integrations: readonly Integration[];
  readonly running: Map<string, import('../data.ts').Running[]>;
}

async function loadApplication(name: string, signal: AbortSignal): Promise<ApplicationData> {
  const [pacticipant, list, environments, integrations] = await Promise.all([
    getJson<Pacticipant>(path('pacticipants', name), signal),
    getJson<{ _embedded?: { versions?: VersionSummary[] } }>(`${path('pacticipants', name, 'versions')}?size=${PAGE_SIZE}`, signal),
    loadEnvironments(signal),
    loadIntegrations(signal),
  ]);
  const summaries = list._embedded?.versions ?? [];
  const [versions, running] = await Promise.all([
    inBatches(summaries, 6, (version) => getJson<VersionDetails>(path('pacticipants', name, 'versions', version.number), signal)),
    loadRunning(environments, signal),
  ]);
  return { pacticipant, versions, environments, integrations, running };
}

function VersionEnvironments({ version }: { version: VersionDetails }) {
  const deployed = linksOf(version._links, 'pb:deployed-environments') as readonly (import('../model.ts').HalLink & { currently_deployed?: boolean; application_instance?: string })[];
  const released = linksOf(version._links, 'pb:released-environments') as readonly (import('../model.ts').HalLink & { currently_supported?: boolean })[];
  if (deployed.length === 0 && released.length === 0) return <span class="muted">–</span>;
  return (
    <ul class="chips">
      {deployed.map((link) => (
        <li key={link.href}>
          <Chip kind={link.currently_deployed ? 'env' : 'env-past'} title={link.currently_deployed ? text.application.deployedNow(link.name ?? '') : text.application.deployedBefore(link.name ?? '')}>
            {link.name}
            {link.application_instance ? ` (${link.application_instance})` : ''}
            {link.currently_deployed ? '' : ' · before'}
          </Chip>
        </li>
      ))}
      {released.map((link) => (
        <li key={link.href}>
          <Chip kind={link.currently_supported ? 'env' : 'env-past'} title={link.currently_supported ? text.application.releasedNow(link.name ?? '') : text.application.releasedBefore(link.name ?? '')}>
            {link.name} · released{link.currently_supported ? '' : ', ended'}
          </Chip>
        </li>
      ))}
    </ul>
  );
}

function Dependencies({ name, integrations, running }: { name: string; integrations: readonly Integration[]; running: ApplicationData['running'] }) {
  const providers = integrations.filter((integration) => integration.consumer.name === name);
  const consumers = integrations.filter((integration) => integration.provider.name === name);
  const list = (items: readonly Integration[], other: (integration: Integration) => string) => (
    <ul class="dependency-list">
      {items.map((integration) => (
        <li key={other(integration)}>
          <a href={to.application(other(integration))}>{other(integration)}</a> <StatusBadge status={integration.verificationStatus} />{' '}
          <a class="small" href={to.contract(integration.consumer.name, integration.provider.name, integration.latestPact.consumerVersion)}>
            {integration.latestPact.consumerVersion}
          </a>
          <RunningChips running={running.get(other(integration))} />
        </li>
      ))}
    </ul>
  );
  return (
    <div class="two-columns">
      <Section title={text.application.dependedOnBy} id="consumers">
        {consumers.length === 0 ? <Empty>{text.application.noConsumers}</Empty> : list(consumers, (integration) => integration.consumer.name)}
      </Section>
      <Section title={text.application.dependsOn} id="providers">
        {providers.length === 0 ? <Empty>{text.application.noProviders}</Empty> : list(providers, (integration) => integration.provider.name)}
      </Section>
    </div>
  );
}

/** Sets the panel's choice in the address, so the verdict can be shared. */
function choose(pacticipant: string, version: string, environment: string): void {
  window.location.hash = to.application(pacticipant, { version, environment }).slice(1);
}

export function CanIDeployPanel({ pacticipant, versions, environments, query }: { pacticipant: string; versions: readonly VersionSummary[]; environments: readonly Environment[]; query: URLSearchParams }) {
  const chosenVersion = query.get('version') ?? versions[0]?.number ?? '';
  const chosenEnvironment = query.get('environment') ?? environments.find((environment) => environment.production)?.name ?? environments[0]?.name ?? '';
  const [version, setVersion] = useState(chosenVersion);
  const [environment, setEnvironment] = useState(chosenEnvironment);
  const asked = query.get('version') !== null && query.get('environment') !== null;
  const apiQuery = `pacticipant=${encodeURIComponent(pacticipant)}&version=${encodeURIComponent(chosenVersion)}&environment=${encodeURIComponent(chosenEnvironment)}`;
  const verdict = useResource(asked ? `can-i-deploy?${apiQuery}` : null, (signal) => getJson<MatrixResponse>(`/can-i-deploy?${apiQuery}`, signal));
  if (environments.length === 0) return <Section title={text.canIDeploy.title} id="can-i-deploy"><Empty>{text.canIDeploy.noEnvironments}</Empty></Section>;
  return (
    <Section title={text.canIDeploy.title} id="can-i-deploy">
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          choose(pacticipant, version, environment);
        }}
      >
        <label>
          {text.canIDeploy.version}
          <input list="version-options" value={version} onInput={(event) => setVersion((event.target as HTMLInputElement).value)} required />
          <datalist id="version-options">
            {versions.map((item) => (
              <option key={item.number} value={item.number} />
            ))}
          </datalist>
        </label>
        <label>
          {text.canIDeploy.environment}
          <select value={environment} onChange={(event) => setEnvironment((event.target as HTMLSelectElement).value)}>
            {environments.map((item) => (
              <option key={item.uuid} value={item.name}>
                {environmentLabel(item)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit">{text.canIDeploy.check}</button>
      </form>
      {asked && (
        <Loaded resource={verdict}>
          {(result) => (
            <div class={`verdict ${result.summary.deployable ? 'verdict-yes' : 'verdict-no'}`} data-verdict={result.summary.deployable ? 'yes' : 'no'}>
              <p class="verdict-line" role="status">
                <strong>{result.summary.deployable ? text.canIDeploy.yes : text.canIDeploy.no}</strong>
              </p>
              <ul class="notices">
                {result.notices.map((notice, index) => (
                  <li key={index} class={`notice-item notice-${notice.type}`}>
                    {notice.text}
                  </li>
                ))}
              </ul>
              {result.matrix.length > 0 && <MatrixTable rows={result.matrix} />}
              <details>
                <summary>{text.canIDeploy.command}</summary>
                <pre>
                  <code>{`pact-broker can-i-deploy --pacticipant ${JSON.stringify(pacticipant)} --version ${JSON.stringify(chosenVersion)} --to-environment ${JSON.stringify(chosenEnvironment)}`}</code>
                </pre>
              </details>
            </div>
          )}
        </Loaded>
      )}
    </Section>
  );
}

export function ApplicationPage({ pacticipant, query }: { pacticipant: string; query: URLSearchParams }) {
  const resource = useResource(`application:${pacticipant}`, (signal) => loadApplication(pacticipant, signal));
  return (
    <>
      <h1>{pacticipant}</h1>
      <Loaded resource={resource}>
        {(data) => (
          <>
            <p class="meta">
              {data.pacticipant.mainBranch !== undefined && <Chip kind="branch">{text.application.mainBranch(data.pacticipant.mainBranch)}</Chip>}
              {(data.pacticipant._embedded?.labels ?? []).map((label) => (
                <Chip key={label.name} kind="label">
                  {label.name}
                </Chip>
              ))}
              <RunningChips running={data.running.get(pacticipant)} />
              <a href={to.network({ focus: pacticipant })}>{text.application.showNetwork}</a>
              <a href={to.matrix(`q[][pacticipant]=${encodeURIComponent(pacticipant)}&latestby=cvpv`)}>{text.application.showMatrix}</a>
            </p>
            <CanIDeployPanel pacticipant={pacticipant} versions={data.versions} environments={data.environments} query={query} />
            <Dependencies name={pacticipant} integrations={data.integrations} running={data.running} />
            <Section title={text.application.versions} id="versions">
              {data.versions.length === 0 ? (
                <Empty>{text.application.noVersions}</Empty>
              ) : (
                <DataTable className="versions" columns={[text.application.version, text.application.branches, text.application.tags, text.application.environments, text.application.created]}>
                  {data.versions.map((version) => (
                    <tr key={version.number} data-version={version.number}>
                      <th scope="row">
                        <a href={to.application(pacticipant, { version: version.number, environment: query.get('environment') ?? data.environments.find((environment) => environment.production)?.name ?? data.environments[0]?.name ?? '' })}>
                          {version.number}
                        </a>
                      </th>
                      <td>
                        <ul class="chips">
                          {version._embedded.branchVersions.map((branch) => (
                            <li key={branch.name}>
                              <Chip kind="branch">{branch.name}</Chip>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <ul class="chips">
                          {version._embedded.tags.map((tag) => (
                            <li key={tag.name}>
                              <Chip kind="tag">{tag.name}</Chip>
                            </li>
                          ))}
                        </ul>
                      </td>
                      <td>
                        <VersionEnvironments version={version} />
                      </td>
                      <td>
                        <Time at={version.createdAt} />
                      </td>
                    </tr>
                  ))}
                </DataTable>
              )}
            </Section>
          </>
        )}
      </Loaded>
    </>
  );
}
