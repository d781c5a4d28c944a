/**
 * The network as a graph: applications are nodes, each integration an edge consumer → provider carrying its latest
 * contract's verification status; and the part of it around one application (focus mode). Pure: no DOM.
 */
import type { Integration } from '../model.ts';

export type EdgeStatus = Integration['verificationStatus'];

/** Worst first: the order of the legend and of a node's summary. */
export const EDGE_STATUSES: readonly EdgeStatus[] = ['failed', 'stale', 'unverified', 'success'];

export interface NetworkEdge {
  /** `<consumer> -> <provider>`, also the diagram's `data-edge`. */
  readonly id: string;
  readonly consumer: string;
  readonly provider: string;
  readonly status: EdgeStatus;
  /** The latest contract's consumer version (its address). */
  readonly consumerVersion: string;
}

export interface NetworkGraph {
  /** Application names, sorted (the layouts depend on this order only, so they are deterministic). */
  readonly nodes: readonly string[];
  /** Sorted by consumer, then provider; one per pair. */
  readonly edges: readonly NetworkEdge[];
}

export const edgeId = (consumer: string, provider: string): string => `${consumer} -> ${provider}`;

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function buildGraph(integrations: readonly Integration[]): NetworkGraph {
  const edges = new Map<string, { edge: NetworkEdge; createdAt: string }>();
  const nodes = new Set<string>();
  for (const integration of integrations) {
    const consumer = integration.consumer.name;
    const provider = integration.provider.name;
    nodes.add(consumer);
    nodes.add(provider);
    const id = edgeId(consumer, provider);
    const createdAt = integration.latestPact.createdAt;
    const known = edges.get(id);
    // One edge per pair: should the list name a pair twice, its latest contract wins.
    if (known !== undefined && known.createdAt >= createdAt) continue;
    edges.set(id, { edge: { id, consumer, provider, status: integration.verificationStatus, consumerVersion: integration.latestPact.consumerVersion }, createdAt });
  }
  return {
    nodes: [...nodes].sort(byName),
    edges: [...edges.values()].map(({ edge }) => edge).sort((a, b) => byName(a.consumer, b.consumer) || byName(a.provider, b.provider)),
  };
}

export interface Degree {
  /** Applications with a contract with this one as provider. */
  readonly consumers: number;
  /** Applications this one has a contract with as consumer. */
  readonly providers: number;
}

export function degrees(graph: NetworkGraph): Map<string, Degree> {
  const result = new Map<string, { consumers: number; providers: number }>(graph.nodes.map((name) => [name, { consumers: 0, providers: 0 }]));
  for (const edge of graph.edges) {
    if (edge.consumer === edge.provider) continue;
    const consumer = result.get(edge.consumer);
    const provider = result.get(edge.provider);
    if (consumer !== undefined) consumer.providers += 1;
    if (provider !== undefined) provider.consumers += 1;
  }
  return result;
}

export interface Neighbourhood {
  readonly focus: string;
  readonly hops: number;
  /** The focus, its consumers and providers (and theirs, with 2 hops), and the edges that connect them to it. */
  readonly graph: NetworkGraph;
  /**
   * Each shown application's column: 0 the focus, -1 its consumers, -2 their consumers, 1 its providers, 2 theirs.
   * One that is both (a consumer and a provider of the focus) goes to the side nearer the focus, the providers' on a tie.
   */
  readonly column: ReadonlyMap<string, number>;
}

/** Breadth-first distances from `start` along `next`, up to `hops`; `reached` collects the edges followed. */
function distances(start: string, hops: number, next: ReadonlyMap<string, readonly NetworkEdge[]>, far: (edge: NetworkEdge) => string, reached: Set<NetworkEdge>): Map<string, number> {
  const distance = new Map<string, number>([[start, 0]]);
  let frontier = [start];
  for (let level = 1; level <= hops && frontier.length > 0; level++) {
    const following: string[] = [];
    for (const name of frontier) {
      for (const edge of next.get(name) ?? []) {
        const other = far(edge);
        if (other === name) continue;
        reached.add(edge);
        if (!distance.has(other)) {
          distance.set(other, level);
          following.push(other);
        }
      }
    }
    frontier = following;
  }
  return distance;
}

const group = (edges: readonly NetworkEdge[], key: (edge: NetworkEdge) => string): Map<string, NetworkEdge[]> => {
  const map = new Map<string, NetworkEdge[]>();
  for (const edge of edges) map.set(key(edge), [...(map.get(key(edge)) ?? []), edge]);
  return map;
};

/**
 * The application `focus` and what is within `hops` contracts of it in either direction: its consumers (and, with 2
 * hops, their consumers) and its providers (and theirs). The edges are those followed to reach them, so every shown
 * edge is on a chain to or from the focus. Undefined when no contract names `focus`.
 */
export function neighbourhood(graph: NetworkGraph, focus: string, hops = 1): Neighbourhood | undefined {
  if (!graph.nodes.includes(focus)) return undefined;
  const reached = new Set<NetworkEdge>();
  const upstream = distances(focus, hops, group(graph.edges, (edge) => edge.provider), (edge) => edge.consumer, reached);
  const downstream = distances(focus, hops, group(graph.edges, (edge) => edge.consumer), (edge) => edge.provider, reached);
  const column = new Map<string, number>();
  for (const name of graph.nodes) {
    const up = upstream.get(name);
    const down = downstream.get(name);
    if (name === focus) column.set(name, 0);
    else if (down !== undefined && (up === undefined || down <= up)) column.set(name, down);
    else if (up !== undefined) column.set(name, -up);
  }
  return {
    focus,
    hops,
    column,
    graph: { nodes: graph.nodes.filter((name) => column.has(name)), edges: graph.edges.filter((edge) => reached.has(edge)) },
  };
}

/**
 * The application a search box names: the exact name, else the one name equal ignoring case, else the one name that
 * starts with (then contains) the text ignoring case. Undefined when none or several match.
 */
export function findApplication(names: readonly string[], query: string): string | undefined {
  const needle = query.trim();
  if (needle === '') return undefined;
  if (names.includes(needle)) return needle;
  const lower = needle.toLowerCase();
  for (const matches of [(name: string) => name.toLowerCase() === lower, (name: string) => name.toLowerCase().startsWith(lower), (name: string) => name.toLowerCase().includes(lower)]) {
    const found = names.filter(matches);
    if (found.length === 1) return found[0];
    if (found.length > 1) return undefined;
  }
  return undefined;
}

export function statusCounts(edges: readonly NetworkEdge[]): Record<EdgeStatus, number> {
  const counts: Record<EdgeStatus, number> = { success: 0, failed: 0, stale: 0, unverified: 0 };
  for (const edge of edges) counts[edge.status] += 1;
  return counts;
}
