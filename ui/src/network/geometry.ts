/**
 * The diagram's geometry that is not layout: how an edge is drawn between two placed nodes (straight, or curved when
 * a straight line would hide it), and the zoom and pan of the view (a viewBox). Pure: no DOM.
 */
import type { NetworkEdge } from './graph.ts';
import type { ViewBox } from './layout.ts';

export interface Point {
  readonly x: number;
  readonly y: number;
}

const round = (value: number) => Math.round(value * 10) / 10;

/**
 * How much each edge bows, as a fraction of its length (0 straight): both edges of a pair that depend on each other
 * bow, each to its own side; in columns, an edge within a column or over one bows round the nodes in between.
 */
export function edgeBends(edges: readonly NetworkEdge[], column?: ReadonlyMap<string, number>): Map<string, number> {
  const ids = new Set(edges.map((edge) => edge.id));
  const bends = new Map<string, number>();
  for (const edge of edges) {
    let bend = ids.has(`${edge.provider} -> ${edge.consumer}`) ? 0.18 : 0;
    if (column !== undefined) {
      const span = Math.abs((column.get(edge.provider) ?? 0) - (column.get(edge.consumer) ?? 0));
      if (span === 0) bend = 0.45;
      else if (span > 1) bend = Math.max(bend, 0.2);
    }
    bends.set(edge.id, bend);
  }
  return bends;
}

export interface EdgeShape {
  /** The path's `d`: from the source node's rim to the target node's rim, where the arrowhead's tip goes. */
  readonly d: string;
  /** Half way along the edge (a quadratic curve's midpoint). */
  readonly middle: Point;
}

/** An edge from `from` to `to` (node centres), stopping `radius` short of both, bowed by `bend` of its length. */
export function edgeShape(from: Point, to: Point, bend: number, radius: number): EdgeShape {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const length = Math.hypot(dx, dy) || 1;
  // The control point: off the midpoint, to the left of the direction of travel.
  const control = { x: (from.x + to.x) / 2 + (dy / length) * bend * length, y: (from.y + to.y) / 2 - (dx / length) * bend * length };
  const towards = (point: Point, target: Point, distance: number): Point => {
    const ux = target.x - point.x;
    const uy = target.y - point.y;
    const norm = Math.hypot(ux, uy) || 1;
    return { x: point.x + (ux / norm) * distance, y: point.y + (uy / norm) * distance };
  };
  const start = towards(from, control, radius);
  const end = towards(to, control, radius + 1);
  const middle = { x: round(0.25 * start.x + 0.5 * control.x + 0.25 * end.x), y: round(0.25 * start.y + 0.5 * control.y + 0.25 * end.y) };
  const d = bend === 0 ? `M${round(start.x)},${round(start.y)}L${round(end.x)},${round(end.y)}` : `M${round(start.x)},${round(start.y)}Q${round(control.x)},${round(control.y)} ${round(end.x)},${round(end.y)}`;
  return { d, middle };
}

/** How far in and out the view may zoom, relative to the fitted view. */
export const ZOOM_LIMITS = { in: 10, out: 1.5 } as const;

/**
 * The view zoomed by `factor` (>1 in) about `at` (a point in diagram coordinates, which stays where it is on screen),
 * within the limits relative to `fit`.
 */
export function zoomView(view: ViewBox, factor: number, at: Point, fit: ViewBox): ViewBox {
  const width = Math.min(fit.width * ZOOM_LIMITS.out, Math.max(fit.width / ZOOM_LIMITS.in, view.width / factor));
  const applied = view.width / width;
  const height = view.height / applied;
  return { x: at.x - (at.x - view.x) / applied, y: at.y - (at.y - view.y) / applied, width, height };
}

/** The view moved by (dx, dy) in diagram coordinates (dragging right moves the diagram right: the view left). */
export function panView(view: ViewBox, dx: number, dy: number): ViewBox {
  return { ...view, x: view.x - dx, y: view.y - dy };
}

export const centreOf = (view: ViewBox): Point => ({ x: view.x + view.width / 2, y: view.y + view.height / 2 });

export const viewBoxAttribute = (view: ViewBox): string => [view.x, view.y, view.width, view.height].map((value) => Math.round(value * 100) / 100).join(' ');
