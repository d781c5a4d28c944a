/**
 * Where the diagram's nodes go, computed the same way every time for the same graph and size (stable screenshots,
 * a diagram that does not move between visits):
 *
 * - the whole network: a force layout (d3-force) run synchronously for a fixed number of ticks from fixed starting
 *   positions, with a collision force on each node's label box so that names stay apart, then any overlap left pushed
 *   apart;
 * - one application's neighbourhood: columns, consumers on the left, the focus in the centre, providers on the right.
 *
 * Both answer a viewBox that holds every node and label, with the aspect ratio of the size asked for. Pure: no DOM.
 */
import { forceLink, forceManyBody, forceSimulation, forceX, forceY, type SimulationNodeDatum } from 'd3-force';
import type { NetworkGraph, Neighbourhood } from './graph.ts';
import { FOCUS_FONT_SIZE, placeLabel, type Box, type LabelSide, type NodeLabel } from './labels.ts';

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface ViewBox {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedNode {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly label: NodeLabel;
  /** In focus mode: the node's column (0 the focus, negative consumers, positive providers). */
  readonly column?: number;
}

/** A column's title in focus mode (what it says is the page's business). */
export interface ColumnHeading {
  readonly column: number;
  readonly x: number;
  readonly y: number;
}

export interface Layout {
  readonly nodes: readonly PlacedNode[];
  readonly viewBox: ViewBox;
  readonly headings: readonly ColumnHeading[];
}

/** The box a node and its label cover, in diagram coordinates. */
export const boxOf = (node: { x: number; y: number; label: { box: Box } }): Box => ({
  left: node.x + node.label.box.left,
  top: node.y + node.label.box.top,
  right: node.x + node.label.box.right,
  bottom: node.y + node.label.box.bottom,
});

const PADDING = 24;
/** A small graph is not blown up beyond this scale when the diagram is fitted to its size. */
const MAX_FIT_SCALE = 1.4;

/** The viewBox that holds `boxes` with a margin, widened or heightened to the aspect ratio of `size`. */
export function fitViewBox(boxes: readonly Box[], size: Size): ViewBox {
  if (boxes.length === 0) return { x: 0, y: 0, width: size.width, height: size.height };
  const left = Math.min(...boxes.map((box) => box.left)) - PADDING;
  const top = Math.min(...boxes.map((box) => box.top)) - PADDING;
  const right = Math.max(...boxes.map((box) => box.right)) + PADDING;
  const bottom = Math.max(...boxes.map((box) => box.bottom)) + PADDING;
  const aspect = size.width / size.height;
  let width = Math.max(right - left, size.width / MAX_FIT_SCALE);
  let height = Math.max(bottom - top, size.height / MAX_FIT_SCALE);
  if (width / height < aspect) width = height * aspect;
  else height = width / aspect;
  const round = (value: number) => Math.round(value * 100) / 100;
  return { x: round((left + right - width) / 2), y: round((top + bottom - height) / 2), width: round(width), height: round(height) };
}

interface SimNode extends SimulationNodeDatum {
  readonly id: string;
  readonly label: NodeLabel;
  x: number;
  y: number;
  vx: number;
  vy: number;
}

/** Space kept between two label boxes. */
const GAP = 4;

/**
 * Pairs whose boxes (at positions + velocities when `predicted`) overlap, found by sweeping along x: `visit` gets each
 * with the overlap on both axes. Each pair is measured when visited, so `visit` may move what it is given.
 */
function overlappingPairs(nodes: readonly SimNode[], predicted: boolean, visit: (a: SimNode, b: SimNode, dx: number, dy: number, overlapX: number, overlapY: number) => void): void {
  const boxAt = (node: SimNode): Box => boxOf({ x: node.x + (predicted ? node.vx : 0), y: node.y + (predicted ? node.vy : 0), label: node.label });
  const sorted = nodes.map((node) => ({ node, left: boxAt(node).left, right: boxAt(node).right }));
  sorted.sort((a, b) => a.left - b.left || (a.node.id < b.node.id ? -1 : 1));
  for (let i = 0; i < sorted.length; i++) {
    const first = sorted[i] as (typeof sorted)[number];
    for (let j = i + 1; j < sorted.length; j++) {
      const second = sorted[j] as (typeof sorted)[number];
      if (second.left >= first.right + GAP) break;
      const a = boxAt(first.node);
      const b = boxAt(second.node);
      const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left) + GAP;
      const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) + GAP;
      // (A pair pushed exactly apart may still overlap by a rounding error.)
      if (overlapX <= 0.01 || overlapY <= 0.01) continue;
      visit(first.node, second.node, (b.left + b.right - a.left - a.right) / 2, (b.top + b.bottom - a.top - a.bottom) / 2, overlapX, overlapY);
    }
  }
}

/** Pushes `a` and `b` apart by `amount` in all along the axis with less overlap (the cheaper way out). */
function separate(a: SimNode, b: SimNode, dx: number, dy: number, overlapX: number, overlapY: number, amount: number, move: (node: SimNode, x: number, y: number) => void): void {
  // Which way is deterministic even for boxes on top of each other.
  const tie = a.id < b.id ? 1 : -1;
  if (overlapX < overlapY) {
    const shift = ((dx === 0 ? tie : Math.sign(dx)) * overlapX * amount) / 2;
    move(a, -shift, 0);
    move(b, shift, 0);
  } else {
    const shift = ((dy === 0 ? tie : Math.sign(dy)) * overlapY * amount) / 2;
    move(a, 0, -shift);
    move(b, 0, shift);
  }
}

/** A d3 force: label boxes (not circles) collide, so a long name keeps its neighbours at its ends away. */
function labelCollision(strength: number) {
  let nodes: SimNode[] = [];
  const force = () => {
    overlappingPairs(nodes, true, (a, b, dx, dy, overlapX, overlapY) =>
      separate(a, b, dx, dy, overlapX, overlapY, strength, (node, x, y) => {
        node.vx += x;
        node.vy += y;
      }),
    );
  };
  force.initialize = (initial: SimNode[]) => {
    nodes = initial;
  };
  return force;
}

/** A seeded generator (the LCG d3-force uses itself), so that d3's jiggling of coincident nodes is repeatable. */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (1664525 * state + 1013904223) >>> 0;
    return state / 4294967296;
  };
}

const GOLDEN_ANGLE = Math.PI * (3 - Math.sqrt(5));

export interface ForceOptions {
  /** Ticks of the simulation (fixed, so the result is too). */
  readonly iterations?: number;
  readonly seed?: number;
}

/** The whole network: a deterministic force layout, labels below their nodes. */
export function forceLayout(graph: NetworkGraph, size: Size, options: ForceOptions = {}): Layout {
  const iterations = options.iterations ?? 300;
  const aspect = Math.min(3, Math.max(1 / 3, size.width / size.height));
  const degree = new Map<string, number>(graph.nodes.map((name) => [name, 0]));
  const links = graph.edges.filter((edge) => edge.consumer !== edge.provider && degree.has(edge.consumer) && degree.has(edge.provider));
  for (const edge of links) {
    degree.set(edge.consumer, (degree.get(edge.consumer) ?? 0) + 1);
    degree.set(edge.provider, (degree.get(edge.provider) ?? 0) + 1);
  }
  // Start on a spiral stretched to the aspect ratio, the most connected applications nearest the centre.
  const order = [...graph.nodes].sort((a, b) => (degree.get(b) ?? 0) - (degree.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const start = new Map(order.map((name, index) => [name, index]));
  const spacing = 38;
  const nodes: SimNode[] = graph.nodes.map((id) => {
    const index = start.get(id) ?? 0;
    const radius = spacing * Math.sqrt(index + 0.5);
    const angle = index * GOLDEN_ANGLE;
    return { id, label: placeLabel(id, 'below'), x: radius * Math.cos(angle) * Math.sqrt(aspect), y: (radius * Math.sin(angle)) / Math.sqrt(aspect), vx: 0, vy: 0 };
  });
  const simulation = forceSimulation<SimNode>(nodes)
    .stop()
    .randomSource(lcg(options.seed ?? 1))
    .alpha(1)
    .alphaDecay(1 - Math.pow(0.001, 1 / iterations))
    .velocityDecay(0.4)
    .force(
      'link',
      forceLink<SimNode, { source: string; target: string }>(links.map((edge) => ({ source: edge.consumer, target: edge.provider })))
        .id((node) => node.id)
        .distance(70),
    )
    .force('charge', forceManyBody<SimNode>().strength(-260).distanceMax(600))
    // Gravity, stronger across the short side: the network spreads along the long one and fills the viewport.
    .force('x', forceX<SimNode>(0).strength(0.04 / aspect))
    .force('y', forceY<SimNode>(0).strength(0.04 * aspect))
    .force('labels', labelCollision(0.7));
  for (let tick = 0; tick < iterations; tick++) simulation.tick();
  // What overlap the simulation left is pushed apart directly (each push may make another: a few hundred rounds at
  // most, usually a handful).
  for (let round = 0; round < 400; round++) {
    let moved = false;
    overlappingPairs(nodes, false, (a, b, dx, dy, overlapX, overlapY) => {
      moved = true;
      separate(a, b, dx, dy, overlapX, overlapY, 1.02, (node, x, y) => {
        node.x += x;
        node.y += y;
      });
    });
    if (!moved) break;
  }
  // Then stretched along one axis to the viewport's aspect ratio (a layout taller than the viewport is widened): it
  // fills the diagram, and moving centres apart along one axis never makes boxes overlap.
  // Labels do not stretch, so the factor is refined a few times.
  let [sx, sy] = [1, 1];
  for (let round = 0; round < 4 && nodes.length > 1; round++) {
    const bounds = nodes.map((node) => boxOf({ x: node.x * sx, y: node.y * sy, label: node.label }));
    const contentWidth = Math.max(1, Math.max(...bounds.map((box) => box.right)) - Math.min(...bounds.map((box) => box.left)));
    const contentHeight = Math.max(1, Math.max(...bounds.map((box) => box.bottom)) - Math.min(...bounds.map((box) => box.top)));
    const stretch = size.width / size.height / (contentWidth / contentHeight);
    if (stretch > 1) sx = Math.min(2.5, sx * stretch);
    else sy = Math.min(2.5, sy / stretch);
  }
  const placed = nodes.map((node) => ({ id: node.id, x: Math.round(node.x * sx * 10) / 10, y: Math.round(node.y * sy * 10) / 10, label: node.label }));
  return { nodes: placed, viewBox: fitViewBox(placed.map(boxOf), size), headings: [] };
}

/** Rows in focus mode: the distance between two nodes' centres in a column. */
const ROW = { side: 34, stacked: 46 };
/** Horizontal room for the arrows between two columns, and between the parts of a column too long for one. */
const COLUMN_GAP = 120;
const SUB_COLUMN_GAP = 28;
const MIN_COLUMN_HEIGHT = 280;

/**
 * One application's neighbourhood in columns: its consumers (and theirs) on the left, it in the centre, its providers
 * (and theirs) on the right. The outermost columns have their labels outside, inner ones above their nodes; a column
 * with more applications than fit the height is split into several side by side.
 */
export function columnLayout(hood: Neighbourhood, size: Size): Layout {
  const columns = new Map<number, string[]>();
  for (const name of hood.graph.nodes) {
    const column = hood.column.get(name) ?? 0;
    columns.set(column, [...(columns.get(column) ?? []), name]);
  }
  const keys = [...columns.keys()];
  const first = Math.min(0, ...keys);
  const last = Math.max(0, ...keys);
  const sideOf = (column: number): LabelSide => (column === 0 ? 'below' : column === first ? 'left' : column === last ? 'right' : 'above');
  const rowOf = (column: number) => (sideOf(column) === 'above' ? ROW.stacked : ROW.side);
  // A column a little taller than the viewport is better than one split in two (the arrows from the outer part cross
  // the inner one): it is split beyond 1.25 times the height.
  const maxRows = (column: number) => Math.max(6, Math.floor((size.height * 1.25 - 2 * PADDING - 40) / rowOf(column)));

  // Order within a column: by name next to the focus; further out by where their neighbours nearer the focus are, so
  // that the arrows between the two columns cross less.
  const position = new Map<string, number>();
  const ordered = new Map<number, string[]>();
  const byDistance = keys.sort((a, b) => Math.abs(a) - Math.abs(b) || b - a);
  for (const column of byDistance) {
    const names = [...(columns.get(column) ?? [])].sort();
    if (Math.abs(column) >= 2) {
      const inner = column - Math.sign(column);
      const barycentre = (name: string) => {
        const at = hood.graph.edges
          .filter((edge) => edge.consumer === name || edge.provider === name)
          .map((edge) => (edge.consumer === name ? edge.provider : edge.consumer))
          .filter((other) => hood.column.get(other) === inner)
          .map((other) => position.get(other) ?? 0);
        return at.length === 0 ? Number.POSITIVE_INFINITY : at.reduce((sum, value) => sum + value, 0) / at.length;
      };
      const weight = new Map(names.map((name) => [name, barycentre(name)]));
      names.sort((a, b) => (weight.get(a) ?? 0) - (weight.get(b) ?? 0) || (a < b ? -1 : 1));
    }
    names.forEach((name, index) => position.set(name, index));
    ordered.set(column, names);
  }

  const placed: PlacedNode[] = [];
  const headings: ColumnHeading[] = [];
  const place = (names: readonly string[], column: number, x: (boxes: readonly Box[]) => number, rows: number) => {
    const side = sideOf(column);
    const labels = names.map((name) => placeLabel(name, side, column === 0 ? { fontSize: FOCUS_FONT_SIZE, bold: true } : {}));
    const at = x(labels.map((label) => label.box));
    const row = rowOf(column);
    names.forEach((name, index) => {
      const label = labels[index] as NodeLabel;
      placed.push({ id: name, x: Math.round(at), y: Math.round((index - (rows - 1) / 2) * row), label, column });
    });
    return { at, left: at + Math.min(...labels.map((label) => label.box.left)), right: at + Math.max(...labels.map((label) => label.box.right)) };
  };

  const focusLabel = place(ordered.get(0) ?? [hood.focus], 0, () => 0, 1);
  for (const direction of [1, -1]) {
    let edge = direction > 0 ? focusLabel.right : focusLabel.left;
    for (let column = direction; direction > 0 ? column <= last : column >= first; column += direction) {
      const names = ordered.get(column) ?? [];
      if (names.length === 0) continue;
      const parts = Math.ceil(names.length / maxRows(column));
      const rows = Math.ceil(names.length / parts);
      const centres: number[] = [];
      for (let part = 0; part < parts; part++) {
        const gap = part === 0 ? COLUMN_GAP : SUB_COLUMN_GAP;
        const slice = names.slice(part * rows, (part + 1) * rows);
        const span = place(
          slice,
          column,
          (boxes) => (direction > 0 ? edge + gap - Math.min(...boxes.map((box) => box.left)) : edge - gap - Math.max(...boxes.map((box) => box.right))),
          rows,
        );
        edge = direction > 0 ? span.right : span.left;
        centres.push((span.left + span.right) / 2);
      }
      headings.push({ column, x: Math.round(centres.reduce((sum, value) => sum + value, 0) / centres.length), y: 0 });
    }
  }
  // Headings sit above the tallest column.
  const top = Math.min(...placed.map((node) => boxOf(node).top));
  const withHeadings = headings.map((heading) => ({ ...heading, y: Math.round(top - 12) }));
  const headingBoxes: Box[] = withHeadings.map((heading) => ({ left: heading.x - 80, top: heading.y - 14, right: heading.x + 80, bottom: heading.y + 4 }));
  const boxes = [...placed.map(boxOf), ...headingBoxes];
  // A small neighbourhood gets a shorter diagram rather than a band of empty space above and below it.
  const contentHeight = Math.max(...boxes.map((box) => box.bottom)) - Math.min(...boxes.map((box) => box.top)) + 2 * PADDING;
  const height = Math.min(size.height, Math.max(MIN_COLUMN_HEIGHT, contentHeight * MAX_FIT_SCALE));
  return { nodes: placed, viewBox: fitViewBox(boxes, { width: size.width, height }), headings: withHeadings };
}
