import { DataTable, Empty, Loaded, StatusBadge, Time } from '../components/common.tsx';
import { RunningChips } from '../components/running.tsx';
import { loadEnvironments, loadIntegrations, loadRunning } from '../data.ts';
import { useResource } from '../hooks.ts';
import type { Integration } from '../model.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';

const STATUSES = ['success', 'failed', 'stale', 'unverified'] as const;

export function matchesFilter(integration: Integration, filter: string, status: string): boolean {
  const needle = filter.trim().toLowerCase();
  const byName = needle === '' || integration.consumer.name.toLowerCase().includes(needle) || integration.provider.name.toLowerCase().includes(needle);
  return byName && (status === '' || integration.verificationStatus === status);
}

/** Filters live in the address, so a filtered list can be shared. */
function setFilter(filter: string, status: string): void {
  window.history.replaceState(null, '', to.integrations({ q: filter, status }));
  window.dispatchEvent(new HashChangeEvent('hashchange'));
}

export function IntegrationsPage({ query }: { query: URLSearchParams }) {
  const filter = query.get('q') ?? '';
  const status = query.get('status') ?? '';
  const resource = useResource('integrations', async (signal) => {
    const [integrations, environments] = await Promise.all([loadIntegrations(signal), loadEnvironments(signal)]);
    return { integrations, running: await loadRunning(environments, signal) };
  });
  return (
    <>
      <h1>{text.integrations.title}</h1>
      <p class="intro">{text.integrations.intro}</p>
      <Loaded resource={resource}>
        {({ integrations, running }) => {
          if (integrations.length === 0) return <Empty>{text.integrations.none}</Empty>;
          const shown = integrations.filter((integration) => matchesFilter(integration, filter, status));
          return (
            <section class="card" aria-label={text.integrations.title}>
              <form class="filters" role="search" onSubmit={(event) => event.preventDefault()}>
                <label>
                  {text.integrations.filter}
                  <input type="search" value={filter} onInput={(event) => setFilter((event.target as HTMLInputElement).value, status)} />
                </label>
                <label>
                  {text.integrations.statusFilter}
                  <select value={status} onChange={(event) => setFilter(filter, (event.target as HTMLSelectElement).value)}>
                    <option value="">{text.integrations.anyStatus}</option>
                    {STATUSES.map((value) => (
                      <option key={value} value={value}>
                        {text.status[value]}
                      </option>
                    ))}
                  </select>
                </label>
                <span class="muted" role="status">
                  {text.integrations.count(shown.length, integrations.length)}
                </span>
              </form>
              {shown.length === 0 ? (
                <Empty>{text.integrations.noMatch}</Empty>
              ) : (
                <DataTable className="integrations" columns={[text.integrations.consumer, text.integrations.provider, text.integrations.latestPact, text.integrations.verification, text.integrations.deployed]}>
                  {shown.map((integration) => {
                    const { consumer, provider, latestPact, latestVerification } = integration;
                    return (
                      <tr key={`${consumer.name}\u0000${provider.name}`} data-integration={`${consumer.name} -> ${provider.name}`}>
                        <th scope="row">
                          <a href={to.application(consumer.name)}>{consumer.name}</a>
                        </th>
                        <td>
                          <a href={to.application(provider.name)}>{provider.name}</a>
                        </td>
                        <td>
                          <a href={to.contract(consumer.name, provider.name, latestPact.consumerVersion)}>{latestPact.consumerVersion}</a> <Time at={latestPact.createdAt} />
                        </td>
                        <td>
                          <StatusBadge status={integration.verificationStatus} />
                          {latestVerification !== undefined && (
                            <span class="detail">
                              {' '}
                              {text.integrations.by(latestVerification.providerVersion)} <Time at={latestVerification.verifiedAt} />
                            </span>
                          )}
                        </td>
                        <td>
                          <div class="running-pair">
                            <div>
                              <span class="who">{consumer.name}</span>
                              <RunningChips running={running.get(consumer.name)} />
                            </div>
                            <div>
                              <span class="who">{provider.name}</span>
                              <RunningChips running={running.get(provider.name)} />
                            </div>
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </DataTable>
              )}
            </section>
          );
        }}
      </Loaded>
    </>
  );
}
