/**
 * The network page's logic (ui/src/network): the graph built from integrations, the neighbourhood of a focused
 * application, the search box's matching, label boxes, both layouts (a 60-application network among them) and the
 * diagram's geometry.
 */
import { describe, expect, it } from 'vitest';
import type { Integration } from '../../../ui/src/model.ts';
import { edgeBends, edgeShape, panView, ZOOM_LIMITS, zoomView } from '../../../ui/src/network/geometry.ts';
import { buildGraph, degrees, edgeId, findApplication, neighbourhood, statusCounts, type NetworkGraph } from '../../../ui/src/network/graph.ts';
import { displayLabel, labelWidth, MAX_LABEL_CHARS, placeLabel } from '../../../ui/src/network/labels.ts';
import { boxOf, columnLayout, fitViewBox, forceLayout, type Layout } from '../../../ui/src/network/layout.ts';

const integration = (consumer: string, provider: string, verificationStatus: Integration['verificationStatus'] = 'success', consumerVersion = '1.0.0', createdAt = '2024-01-01T00:00:00.000Z'): Integration => ({
  consumer: { name: consumer },
  provider: { name: provider },
  latestPact: { consumerVersion, pactVersionSha: 'sha', createdAt },
  verificationStatus,
});

const graphOf = (...pairs: [string, string][]): NetworkGraph => buildGraph(pairs.map(([consumer, provider]) => integration(consumer, provider)));

const STATUSES: readonly Integration['verificationStatus'][] = ['success', 'success', 'success', 'failed', 'stale', 'unverified'];

/**
 * `count` applications as a company's might be: front ends consume services, services consume other services and a
 * few shared platform services; names of varied length. Deterministic.
 */
function generatedNetwork(count: number): Integration[] {
  let state = 7;
  const random = () => {
    state = (1103515245 * state + 12345) % 2147483648;
    return state / 2147483648;
  };
  const words = ['orders', 'billing', 'catalogue', 'search', 'identity', 'payments', 'shipping', 'inventory', 'notifications', 'reviews', 'recommendations', 'pricing'];
  const names = Array.from({ length: count }, (_, index) => {
    const word = words[index % words.length] as string;
    return index < 4 ? `platform-${word}` : index < count * 0.25 ? `${word}-web-${index}` : `${word}-service-${index}`;
  });
  const platform = names.slice(0, 4);
  const services = names.filter((name) => name.includes('-service-'));
  const frontEnds = names.filter((name) => name.includes('-web-'));
  const result: Integration[] = [];
  const seen = new Set<string>();
  const add = (consumer: string, provider: string) => {
    if (consumer === provider || seen.has(edgeId(consumer, provider))) return;
    seen.add(edgeId(consumer, provider));
    result.push(integration(consumer, provider, STATUSES[Math.floor(random() * STATUSES.length)]));
  };
  const pick = (from: readonly string[]) => from[Math.floor(random() * from.length)] as string;
  for (const web of frontEnds) for (let n = 0; n < 3; n++) add(web, pick(services));
  for (const service of services) {
    add(service, pick(platform));
    if (random() < 0.6) add(service, pick(services));
  }
  return result;
}

describe('buildGraph', () => {
  it('makes one node per application and one edge per consumer and provider, sorted', () => {
    const graph = buildGraph([integration('Web', 'Orders', 'failed', '2.0.0'), integration('Orders', 'Billing', 'stale'), integration('App', 'Orders', 'unverified')]);
    expect(graph.nodes).toEqual(['App', 'Billing', 'Orders', 'Web']);
    expect(graph.edges).toEqual([
      { id: 'App -> Orders', consumer: 'App', provider: 'Orders', status: 'unverified', consumerVersion: '1.0.0' },
      { id: 'Orders -> Billing', consumer: 'Orders', provider: 'Billing', status: 'stale', consumerVersion: '1.0.0' },
      { id: 'Web -> Orders', consumer: 'Web', provider: 'Orders', status: 'failed', consumerVersion: '2.0.0' },
    ]);
  });

  it.each([
    { name: 'the later contract of a pair named twice wins', first: ['1', '2024-01-01'], second: ['2', '2024-02-01'], version: '2' },
    { name: 'an earlier one named after it does not', first: ['2', '2024-02-01'], second: ['1', '2024-01-01'], version: '2' },
  ])('$name', ({ first, second, version }) => {
    const graph = buildGraph([integration('A', 'B', 'success', first[0], first[1]), integration('A', 'B', 'failed', second[0], second[1])]);
    expect(graph.edges.map((edge) => edge.consumerVersion)).toEqual([version]);
  });

  it('does not depend on the order of the integrations', () => {
    const integrations = generatedNetwork(30);
    expect(buildGraph([...integrations].reverse())).toEqual(buildGraph(integrations));
  });

  it('counts consumers and providers, a self-contract in neither', () => {
    const counts = degrees(graphOf(['A', 'B'], ['C', 'B'], ['B', 'D'], ['D', 'D']));
    expect(Object.fromEntries(counts)).toEqual({ A: { consumers: 0, providers: 1 }, B: { consumers: 2, providers: 1 }, C: { consumers: 0, providers: 1 }, D: { consumers: 1, providers: 0 } });
  });

  it('counts the statuses', () => {
    const graph = buildGraph([integration('A', 'B', 'failed'), integration('A', 'C', 'failed'), integration('B', 'C', 'stale')]);
    expect(statusCounts(graph.edges)).toEqual({ success: 0, failed: 2, stale: 1, unverified: 0 });
  });
});

describe('neighbourhood', () => {
  // Web and App consume Orders; Orders consumes Billing and Stock; Billing consumes Ledger; Admin consumes Web;
  // Orders and Stock depend on each other.
  const graph = graphOf(['Web', 'Orders'], ['App', 'Orders'], ['Orders', 'Billing'], ['Orders', 'Stock'], ['Stock', 'Orders'], ['Billing', 'Ledger'], ['Admin', 'Web'], ['Other', 'Ledger']);

  it.each([
    {
      name: '1 hop: the focus, its consumers on the left and its providers on the right',
      focus: 'Orders',
      hops: 1,
      columns: { App: -1, Billing: 1, Orders: 0, Stock: 1, Web: -1 },
      edges: ['App -> Orders', 'Orders -> Billing', 'Orders -> Stock', 'Stock -> Orders', 'Web -> Orders'],
    },
    {
      name: '2 hops: their consumers and providers too, further out',
      focus: 'Orders',
      hops: 2,
      columns: { Admin: -2, App: -1, Billing: 1, Ledger: 2, Orders: 0, Stock: 1, Web: -1 },
      edges: ['Admin -> Web', 'App -> Orders', 'Billing -> Ledger', 'Orders -> Billing', 'Orders -> Stock', 'Stock -> Orders', 'Web -> Orders'],
    },
    { name: 'a provider only', focus: 'Ledger', hops: 1, columns: { Billing: -1, Ledger: 0, Other: -1 }, edges: ['Billing -> Ledger', 'Other -> Ledger'] },
    { name: 'a consumer only', focus: 'Admin', hops: 2, columns: { Admin: 0, Orders: 2, Web: 1 }, edges: ['Admin -> Web', 'Web -> Orders'] },
  ])('$name', ({ focus, hops, columns, edges }) => {
    const hood = neighbourhood(graph, focus, hops);
    expect(hood?.focus).toBe(focus);
    expect(Object.fromEntries(hood?.column ?? [])).toEqual(columns);
    expect(hood?.graph.nodes).toEqual(Object.keys(columns).sort());
    expect(hood?.graph.edges.map((edge) => edge.id)).toEqual(edges);
  });

  it('leaves out edges between two neighbours that do not lead to the focus', () => {
    const hood = neighbourhood(graphOf(['A', 'F'], ['B', 'F'], ['A', 'B']), 'F', 1);
    expect(hood?.graph.edges.map((edge) => edge.id)).toEqual(['A -> F', 'B -> F']);
  });

  it('is undefined for an application without contracts', () => {
    expect(neighbourhood(graph, 'Nobody')).toBeUndefined();
  });
});

describe('findApplication', () => {
  const names = ['Billing', 'billing-ui', 'Orders', 'Order Archive', 'Stock'];
  it.each([
    { query: 'Orders', found: 'Orders' },
    { query: '  Stock ', found: 'Stock' },
    { query: 'orders', found: 'Orders' },
    { query: 'billing', found: 'Billing' },
    { query: 'BILLING-', found: 'billing-ui' },
    { query: 'sto', found: 'Stock' },
    { query: 'order', found: undefined },
    { query: 'archive', found: 'Order Archive' },
    { query: 'zzz', found: undefined },
    { query: '', found: undefined },
  ])('“$query” → $found', ({ query, found }) => {
    expect(findApplication(names, query)).toBe(found);
  });
});

describe('labels', () => {
  it.each([
    { name: 'short', label: 'Orders' },
    { name: 'exactly the limit', label: 'x'.repeat(MAX_LABEL_CHARS) },
  ])('keeps a $name name whole', ({ label }) => expect(displayLabel(label)).toBe(label));

  it('cuts a long name with an ellipsis', () => {
    const label = displayLabel('a-really-long-application-name-for-a-service');
    expect([...label]).toHaveLength(MAX_LABEL_CHARS);
    expect(label.endsWith('…')).toBe(true);
  });

  it('estimates wider text wider', () => {
    expect(labelWidth('WWWW')).toBeGreaterThan(labelWidth('iiii'));
    expect(labelWidth('orders-service')).toBeGreaterThan(labelWidth('orders'));
    expect(labelWidth('orders', 14, true)).toBeGreaterThan(labelWidth('orders', 12));
  });

  it.each(['below', 'above', 'left', 'right'] as const)('puts the node and its %s label inside the box', (side) => {
    const label = placeLabel('payments-service', side);
    const { box } = label;
    expect(box.left).toBeLessThan(-8);
    expect(box.right).toBeGreaterThan(8);
    expect(box.top).toBeLessThan(-8);
    expect(box.bottom).toBeGreaterThan(8);
    const width = labelWidth(label.text);
    const start = label.anchor === 'start' ? label.x : label.anchor === 'end' ? label.x - width : label.x - width / 2;
    expect(start).toBeGreaterThanOrEqual(box.left);
    expect(start + width).toBeLessThanOrEqual(box.right);
    expect(label.y).toBeGreaterThan(box.top);
    expect(label.y).toBeLessThan(box.bottom);
  });
});

/** Every node's box inside the viewBox, no two boxes overlapping, no two centres closer than `minimum`. */
function expectReadable(layout: Layout, minimum: number): void {
  const { viewBox } = layout;
  for (const node of layout.nodes) {
    const box = boxOf(node);
    expect(box.left, node.id).toBeGreaterThanOrEqual(viewBox.x);
    expect(box.top, node.id).toBeGreaterThanOrEqual(viewBox.y);
    expect(box.right, node.id).toBeLessThanOrEqual(viewBox.x + viewBox.width);
    expect(box.bottom, node.id).toBeLessThanOrEqual(viewBox.y + viewBox.height);
  }
  let closest = Number.POSITIVE_INFINITY;
  layout.nodes.forEach((a, i) => {
    for (const b of layout.nodes.slice(i + 1)) {
      closest = Math.min(closest, Math.hypot(a.x - b.x, a.y - b.y));
      const [p, q] = [boxOf(a), boxOf(b)];
      const overlap = Math.min(p.right, q.right) - Math.max(p.left, q.left) > 0.5 && Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 0.5;
      expect(overlap, `${a.id} and ${b.id} overlap`).toBe(false);
    }
  });
  expect(closest).toBeGreaterThanOrEqual(minimum);
}

describe('forceLayout', () => {
  const size = { width: 1160, height: 675 };

  it.each([
    { applications: 60, budget: 3000 },
    { applications: 100, budget: 5000 },
  ])('lays out $applications applications readably, within the viewBox, in the viewport’s shape', ({ applications, budget }) => {
    const graph = buildGraph(generatedNetwork(applications));
    expect(graph.nodes).toHaveLength(applications);
    const started = performance.now();
    const layout = forceLayout(graph, size);
    expect(performance.now() - started).toBeLessThan(budget);
    expect(layout.nodes.map((node) => node.id).sort()).toEqual(graph.nodes);
    for (const node of layout.nodes) expect(Number.isFinite(node.x) && Number.isFinite(node.y), node.id).toBe(true);
    expectReadable(layout, 24);
    expect(layout.viewBox.width / layout.viewBox.height).toBeCloseTo(size.width / size.height, 2);
    // Not so spread out that the labels become unreadable when fitted.
    expect(size.width / layout.viewBox.width).toBeGreaterThan(applications <= 60 ? 0.8 : 0.5);
  });

  it('is deterministic: the same graph and size give the same layout', () => {
    const graph = buildGraph(generatedNetwork(40));
    expect(forceLayout(graph, size)).toEqual(forceLayout(graph, size));
  });

  it.each([
    { name: 'one contract', graph: graphOf(['A', 'B']) },
    { name: 'a self-contract', graph: graphOf(['A', 'A']) },
    { name: 'disconnected pairs', graph: graphOf(['A', 'B'], ['C', 'D'], ['E', 'F']) },
    { name: 'a cycle', graph: graphOf(['A', 'B'], ['B', 'C'], ['C', 'A']) },
    { name: 'a star', graph: graphOf(...Array.from({ length: 25 }, (_, index): [string, string] => [`consumer-${index}`, 'hub'])) },
  ])('handles $name', ({ graph }) => {
    const layout = forceLayout(graph, size);
    expect(layout.nodes).toHaveLength(graph.nodes.length);
    expectReadable(layout, 20);
  });

  it('fits small graphs without blowing them up', () => {
    const layout = forceLayout(graphOf(['A', 'B']), size);
    expect(size.width / layout.viewBox.width).toBeLessThanOrEqual(1.401);
  });
});

describe('columnLayout', () => {
  const size = { width: 1160, height: 600 };
  const columnOf = (layout: Layout) => new Map(layout.nodes.map((node) => [node.id, node]));

  it('puts consumers left of the focus and providers right of it, labels outside', () => {
    const graph = graphOf(['Web', 'Orders'], ['App', 'Orders'], ['Orders', 'Billing'], ['Orders', 'Stock'], ['Billing', 'Ledger'], ['Admin', 'Web']);
    const hood = neighbourhood(graph, 'Orders', 1);
    if (hood === undefined) throw new Error('no neighbourhood');
    const layout = columnLayout(hood, size);
    const at = columnOf(layout);
    const x = (name: string) => at.get(name)?.x ?? Number.NaN;
    expect(x('Web')).toBeLessThan(x('Orders'));
    expect(x('App')).toBe(x('Web'));
    expect(x('Billing')).toBeGreaterThan(x('Orders'));
    expect(x('Stock')).toBe(x('Billing'));
    expect(at.get('Web')?.label.anchor).toBe('end');
    expect(at.get('Billing')?.label.anchor).toBe('start');
    expect(at.get('Orders')?.label.bold).toBe(true);
    // By name within a column.
    expect((at.get('App')?.y ?? 0) < (at.get('Web')?.y ?? 0)).toBe(true);
    expect(layout.headings.map((heading) => heading.column).sort()).toEqual([-1, 1]);
    expectReadable(layout, 24);
  });

  it('orders a second column by its neighbours in the first, to cross fewer arrows', () => {
    const graph = graphOf(['A', 'F'], ['B', 'F'], ['Z-of-A', 'A'], ['Y-of-B', 'B']);
    const hood = neighbourhood(graph, 'F', 2);
    if (hood === undefined) throw new Error('no neighbourhood');
    const at = columnOf(columnLayout(hood, size));
    expect((at.get('Z-of-A')?.y ?? 0) < (at.get('Y-of-B')?.y ?? 0)).toBe(true);
    expect(at.get('A')?.label.anchor).toBe('middle');
    expect(at.get('Z-of-A')?.label.anchor).toBe('end');
  });

  it.each([
    { consumers: 3, parts: 1 },
    { consumers: 40, parts: 3 },
    { consumers: 90, parts: 5 },
  ])('splits a column of $consumers consumers into $parts side by side', ({ consumers, parts }) => {
    const graph = graphOf(['Hub', 'Base'], ...Array.from({ length: consumers }, (_, index): [string, string] => [`consumer-application-${index}`, 'Hub']));
    const hood = neighbourhood(graph, 'Hub', 1);
    if (hood === undefined) throw new Error('no neighbourhood');
    const layout = columnLayout(hood, size);
    const xs = new Set(layout.nodes.filter((node) => node.column === -1).map((node) => node.x));
    expect(xs.size).toBe(parts);
    expectReadable(layout, 24);
  });

  it('lays out the neighbourhood of each application of a 60-application network readably, with 1 and 2 hops', () => {
    const graph = buildGraph(generatedNetwork(60));
    for (const focus of graph.nodes) {
      for (const hops of [1, 2]) {
        const hood = neighbourhood(graph, focus, hops);
        if (hood === undefined) throw new Error(focus);
        const layout = columnLayout(hood, size);
        expect(layout.nodes.map((node) => node.id).sort()).toEqual(hood.graph.nodes);
        expectReadable(layout, 24);
      }
    }
  });
});

describe('fitViewBox', () => {
  it.each([
    { name: 'wide content is heightened', boxes: [{ left: 0, top: 0, right: 2000, bottom: 100 }], aspect: 2 },
    { name: 'tall content is widened', boxes: [{ left: 0, top: 0, right: 100, bottom: 2000 }], aspect: 2 },
  ])('$name to the size’s aspect ratio, content inside', ({ boxes, aspect }) => {
    const view = fitViewBox(boxes, { width: 1000, height: 500 });
    expect(view.width / view.height).toBeCloseTo(aspect, 5);
    const [box] = boxes;
    expect(view.x).toBeLessThanOrEqual(box?.left ?? 0);
    expect(view.x + view.width).toBeGreaterThanOrEqual(box?.right ?? 0);
    expect(view.y).toBeLessThanOrEqual(box?.top ?? 0);
    expect(view.y + view.height).toBeGreaterThanOrEqual(box?.bottom ?? 0);
  });
});

describe('geometry', () => {
  it.each([
    { name: 'a lone edge is straight', pairs: [['A', 'B']] as [string, string][], column: undefined, bends: { 'A -> B': 0 } },
    { name: 'both edges of a pair that depend on each other bow', pairs: [['A', 'B'], ['B', 'A']] as [string, string][], column: undefined, bends: { 'A -> B': 0.18, 'B -> A': 0.18 } },
    { name: 'an edge within a column bows round the nodes between', pairs: [['A', 'B']] as [string, string][], column: new Map([['A', 1], ['B', 1]]), bends: { 'A -> B': 0.45 } },
    { name: 'an edge over a column bows', pairs: [['A', 'B']] as [string, string][], column: new Map([['A', -1], ['B', 1]]), bends: { 'A -> B': 0.2 } },
  ])('$name', ({ pairs, column, bends }) => {
    expect(Object.fromEntries(edgeBends(graphOf(...pairs).edges, column))).toEqual(bends);
  });

  it('draws an edge from rim to rim', () => {
    expect(edgeShape({ x: 0, y: 0 }, { x: 100, y: 0 }, 0, 8)).toEqual({ d: 'M8,0L91,0', middle: { x: 49.8, y: 0 } });
  });

  it('bows the two edges of a pair to opposite sides', () => {
    const there = edgeShape({ x: 0, y: 0 }, { x: 100, y: 0 }, 0.2, 8);
    const back = edgeShape({ x: 100, y: 0 }, { x: 0, y: 0 }, 0.2, 8);
    expect(there.d).toMatch(/Q/);
    expect(Math.sign(there.middle.y)).toBe(-Math.sign(back.middle.y));
    expect(Math.abs(there.middle.y)).toBeGreaterThan(5);
  });

  const fit = { x: 0, y: 0, width: 1000, height: 500 };

  it.each([
    { name: 'zooming in about the centre', factor: 2, at: { x: 500, y: 250 }, view: { x: 250, y: 125, width: 500, height: 250 } },
    { name: 'zooming in about a corner keeps the corner', factor: 2, at: { x: 0, y: 0 }, view: { x: 0, y: 0, width: 500, height: 250 } },
    { name: 'zooming out', factor: 0.8, at: { x: 500, y: 250 }, view: { x: -125, y: -62.5, width: 1250, height: 625 } },
    { name: 'zooming in stops at the limit', factor: 1000, at: { x: 500, y: 250 }, view: { x: 450, y: 225, width: 1000 / ZOOM_LIMITS.in, height: 500 / ZOOM_LIMITS.in } },
    { name: 'zooming out stops at the limit', factor: 0.001, at: { x: 500, y: 250 }, view: { x: -250, y: -125, width: 1000 * ZOOM_LIMITS.out, height: 500 * ZOOM_LIMITS.out } },
  ])('$name', ({ factor, at, view }) => {
    const zoomed = zoomView(fit, factor, at, fit);
    for (const key of ['x', 'y', 'width', 'height'] as const) expect(zoomed[key]).toBeCloseTo(view[key], 6);
  });

  it('pans the view against the drag', () => {
    expect(panView(fit, 30, -20)).toEqual({ x: -30, y: 20, width: 1000, height: 500 });
  });
});
