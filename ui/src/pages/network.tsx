/**
 * The network page (`#/network`, `#/network?focus=Name`): every application and the contracts between them as a
 * diagram, or one application with its consumers and providers. The diagram's logic is in ../network/.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { DataTable, Empty, Loaded, Section, StatusBadge } from '../components/common.tsx';
import { loadIntegrations } from '../data.ts';
import { useResource } from '../hooks.ts';
import type { Integration } from '../model.ts';
import { NetworkDiagram } from '../network/diagram.tsx';
import { buildGraph, degrees as degreesOf, findApplication, neighbourhood, type NetworkGraph } from '../network/graph.ts';
import { columnLayout, forceLayout, type Size } from '../network/layout.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';

/** The size the diagram is laid out for: the page's width, most of the window's height. */
function diagramSize(): Size {
  const width = Math.min(1200, Math.max(320, document.documentElement.clientWidth - 80));
  const height = Math.round(Math.min(820, Math.max(400, window.innerHeight * 0.75)));
  return { width, height };
}

const headingOf = (column: number): string => {
  const { columns } = text.network;
  if (column <= -2) return columns.consumersOfConsumers;
  if (column === -1) return columns.consumers;
  if (column === 1) return columns.providers;
  if (column >= 2) return columns.providersOfProviders;
  return '';
};

function goTo(focus: string | undefined): void {
  window.location.hash = to.network(focus === undefined ? {} : { focus });
}

function FocusForm({ names, focus, hops, setHops }: { names: readonly string[]; focus: string; hops: number; setHops: (hops: number) => void }) {
  const [value, setValue] = useState(focus);
  const [message, setMessage] = useState('');
  useEffect(() => {
    setValue(focus);
    setMessage('');
  }, [focus]);
  const choose = (query: string) => {
    const found = findApplication(names, query);
    if (found !== undefined) {
      setMessage('');
      goTo(found);
      return;
    }
    const lower = query.trim().toLowerCase();
    setMessage(names.some((name) => name.toLowerCase().includes(lower)) ? text.network.severalMatch(query.trim()) : text.network.noMatch(query.trim()));
  };
  return (
    <form
      class="filters net-controls"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim() !== '') choose(value);
      }}
    >
      <label>
        {text.network.search}
        <input
          type="search"
          list="net-applications"
          value={value}
          autoComplete="off"
          onInput={(event) => {
            const input = event.target as HTMLInputElement;
            setValue(input.value);
            // Picking a name from the list focuses it at once.
            if ((event as InputEvent).inputType === 'insertReplacementText' && names.includes(input.value)) goTo(input.value);
          }}
        />
      </label>
      <datalist id="net-applications">
        {names.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <button type="submit">{text.network.focus}</button>
      {focus !== '' && (
        <>
          <label class="net-check">
            <input type="checkbox" checked={hops === 2} onChange={(event) => setHops((event.target as HTMLInputElement).checked ? 2 : 1)} />
            {text.network.hops}
          </label>
          <a href={to.network()}>{text.network.showAll}</a>
        </>
      )}
      <span class="muted" role="status">
        {message}
      </span>
    </form>
  );
}

function EdgeTable({ graph }: { graph: NetworkGraph }) {
  return (
    <Section title={text.network.edgesTitle} id="network-edges">
      <DataTable className="net-table" columns={[text.network.consumer, text.network.provider, text.network.status, text.network.contract]}>
        {graph.edges.map((edge) => (
          <tr key={edge.id} data-edge-row={edge.id}>
            <th scope="row">
              <a href={to.network({ focus: edge.consumer })}>{edge.consumer}</a>
            </th>
            <td>
              <a href={to.network({ focus: edge.provider })}>{edge.provider}</a>
            </td>
            <td>
              <StatusBadge status={edge.status} />
            </td>
            <td>
              <a href={to.contract(edge.consumer, edge.provider, edge.consumerVersion)}>{edge.consumerVersion}</a>
            </td>
          </tr>
        ))}
      </DataTable>
    </Section>
  );
}

function Network({ integrations, focus }: { integrations: readonly Integration[]; focus: string }) {
  const [hops, setHops] = useState(1);
  const size = useMemo(diagramSize, []);
  const graph = useMemo(() => buildGraph(integrations), [integrations]);
  const degrees = useMemo(() => degreesOf(graph), [graph]);
  const hood = useMemo(() => (focus === '' ? undefined : neighbourhood(graph, focus, hops)), [graph, focus, hops]);
  const layout = useMemo(() => (hood === undefined ? forceLayout(graph, size) : columnLayout(hood, size)), [graph, hood, size]);
  if (graph.edges.length === 0) return <Empty>{text.network.none}</Empty>;
  const shown = hood?.graph ?? graph;
  const degree = hood === undefined ? undefined : degrees.get(hood.focus);
  return (
    <>
      <section class="card net-card" aria-label={text.network.title}>
        <FocusForm names={graph.nodes} focus={hood?.focus ?? ''} hops={hops} setHops={setHops} />
        {focus !== '' && hood === undefined && (
          <p class="notice notice-error" role="alert">
            {text.network.noSuchApplication(focus)}
          </p>
        )}
        {hood !== undefined && degree !== undefined && (
          <p class="meta net-focus">
            <strong>{hood.focus}</strong>
            <span class="muted">{text.network.focusSummary(degree.consumers, degree.providers)}</span>
            <a href={to.application(hood.focus)}>{text.network.openApplication(hood.focus)}</a>
          </p>
        )}
        {hood !== undefined && shown.edges.length === 0 ? (
          <Empty>{text.network.noEdges(hood.focus)}</Empty>
        ) : (
          <NetworkDiagram
            // A new layout starts from its fitted view.
            key={`${hood?.focus ?? ''}\u0000${hops}`}
            graph={shown}
            layout={layout}
            {...(hood !== undefined ? { column: hood.column, focus: hood.focus } : {})}
            degrees={degrees}
            title={hood === undefined ? text.network.diagramTitle : text.network.focusDiagramTitle(hood.focus)}
            caption={text.network.summary(shown.nodes.length, shown.edges.length)}
            headingOf={headingOf}
          />
        )}
      </section>
      {shown.edges.length > 0 && <EdgeTable graph={shown} />}
    </>
  );
}

export function NetworkPage({ query }: { query: URLSearchParams }) {
  const focus = query.get('focus') ?? '';
  const resource = useResource('network', (signal) => loadIntegrations(signal));
  return (
    <>
      <h1>{focus === '' ? text.network.title : `${text.network.title}: ${focus}`}</h1>
      <p class="intro">{text.network.intro}</p>
      <Loaded resource={resource}>{(integrations) => <Network integrations={integrations} focus={focus} />}</Loaded>
    </>
  );
}
