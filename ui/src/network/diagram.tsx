/**
 * The network diagram: an SVG of placed nodes and edges with its legend, zoom and pan. Nodes are links (keyboard
 * focusable, named for screen readers); edges are links to their contract for the pointer (the table below the
 * diagram has the same links for the keyboard). Status is shown by colour, line pattern and the legend.
 */
import { useRef, useState } from 'preact/hooks';
import { to } from '../routes.ts';
import { text } from '../text.ts';
import { centreOf, edgeBends, edgeShape, panView, viewBoxAttribute, zoomView, type Point } from './geometry.ts';
import { EDGE_STATUSES, statusCounts, type Degree, type EdgeStatus, type NetworkGraph } from './graph.ts';
import { NODE_RADIUS } from './labels.ts';
import type { Layout, PlacedNode, ViewBox } from './layout.ts';

export interface DiagramProps {
  /** What is drawn (all of the network, or the focus's neighbourhood). */
  readonly graph: NetworkGraph;
  readonly layout: Layout;
  /** Focus mode: the columns of the neighbourhood, and its application. */
  readonly column?: ReadonlyMap<string, number>;
  readonly focus?: string;
  /** Consumers and providers of every application in the whole network (the nodes' accessible names say them). */
  readonly degrees: ReadonlyMap<string, Degree>;
  readonly title: string;
  /** Says what the figure shows (the figure's caption, over its legend). */
  readonly caption: string;
  readonly headingOf: (column: number) => string;
}

const STEP = 1.4;
/** A pointer that moves less than this (px) between down and up clicked; more, it dragged. */
const DRAG_THRESHOLD = 4;

/** The arrowhead of each status (a marker takes its colour from its own content, not from the edge). */
function Markers() {
  return (
    <defs>
      {EDGE_STATUSES.map((status) => (
        <marker key={status} id={`net-arrow-${status}`} class={`net-arrow net-status-${status}`} viewBox="0 0 10 10" refX="9.5" refY="5" markerWidth="9" markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">
          <path d="M0,0L10,5L0,10z" />
        </marker>
      ))}
    </defs>
  );
}

/** A failed contract's line also carries a cross half way, so that it differs from a verified one without colour. */
function FailedMark({ at }: { at: Point }) {
  return <path class="net-failed-mark" d={`M${at.x - 4},${at.y - 4}L${at.x + 4},${at.y + 4}M${at.x - 4},${at.y + 4}L${at.x + 4},${at.y - 4}`} />;
}

export function Legend({ counts }: { counts?: Readonly<Record<EdgeStatus, number>> }) {
  return (
    <div class="net-legend">
      <span class="net-legend-title">{text.network.legend}</span>
      <ul>
        {EDGE_STATUSES.map((status) => (
          <li key={status} class={`net-status-${status}`}>
            <svg width="44" height="14" viewBox="0 0 44 14" aria-hidden="true" focusable="false">
              <path class="net-edge-line" d="M2,7L32,7" marker-end={`url(#net-arrow-${status})`} />
              {status === 'failed' && <FailedMark at={{ x: 17, y: 7 }} />}
            </svg>
            {text.status[status]}
            {counts !== undefined && <span class="muted"> ({counts[status]})</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function NetworkDiagram({ graph, layout, column, focus, degrees, title, caption, headingOf }: DiagramProps) {
  const fit = layout.viewBox;
  const [view, setView] = useState<ViewBox>(fit);
  const [hot, setHot] = useState<string | null>(null);
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ id: number; x: number; y: number; view: ViewBox; scale: number; moved: boolean } | null>(null);
  const suppressClick = useRef(false);

  const byId = new Map<string, PlacedNode>(layout.nodes.map((node) => [node.id, node]));
  const bends = edgeBends(graph.edges, column);
  const adjacent = new Set<string>();
  if (hot !== null) {
    adjacent.add(hot);
    for (const edge of graph.edges) {
      if (edge.consumer === hot) adjacent.add(edge.provider);
      if (edge.provider === hot) adjacent.add(edge.consumer);
    }
  }

  /** Pixels on screen per diagram unit, and a point on screen in diagram coordinates. */
  const scale = (): number => svg.current?.getScreenCTM()?.a ?? 1;
  const toDiagram = (clientX: number, clientY: number): Point => {
    const matrix = svg.current?.getScreenCTM();
    if (matrix === null || matrix === undefined) return centreOf(view);
    const point = new DOMPoint(clientX, clientY).matrixTransform(matrix.inverse());
    return { x: point.x, y: point.y };
  };
  const zoom = (factor: number, at: Point = centreOf(view)) => setView((current) => zoomView(current, factor, at, fit));
  const pan = (dx: number, dy: number) => setView((current) => panView(current, dx * current.width, dy * current.height));

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const keys: Record<string, () => void> = {
      '+': () => zoom(STEP),
      '=': () => zoom(STEP),
      '-': () => zoom(1 / STEP),
      '0': () => setView(fit),
      ArrowLeft: () => pan(0.1, 0),
      ArrowRight: () => pan(-0.1, 0),
      ArrowUp: () => pan(0, 0.1),
      ArrowDown: () => pan(0, -0.1),
    };
    const action = keys[event.key];
    if (action === undefined) return;
    event.preventDefault();
    action();
  };

  /** A node reached with the keyboard outside the view is brought into it. */
  const reveal = (node: PlacedNode) => {
    setView((current) => {
      const inside = node.x > current.x && node.x < current.x + current.width && node.y > current.y && node.y < current.y + current.height;
      return inside ? current : { ...current, x: node.x - current.width / 2, y: node.y - current.height / 2 };
    });
  };

  const nodeOrder = [...layout.nodes].sort((a, b) => (a.column ?? 0) - (b.column ?? 0) || (column !== undefined ? a.y - b.y : 0) || (a.id < b.id ? -1 : 1));

  return (
    <figure class="net-figure">
      <div class="net-toolbar" role="group" aria-label={text.network.zoomHint}>
        <button type="button" class="secondary small" aria-label={text.network.zoomIn} title={text.network.zoomIn} onClick={() => zoom(STEP)}>
          +
        </button>
        <button type="button" class="secondary small" aria-label={text.network.zoomOut} title={text.network.zoomOut} onClick={() => zoom(1 / STEP)}>
          −
        </button>
        <button type="button" class="secondary small" onClick={() => setView(fit)}>
          {text.network.resetView}
        </button>
        <span class="muted small">{text.network.zoomHint}</span>
      </div>
      <div class="net-canvas" onKeyDown={onKeyDown}>
        <svg
          ref={svg}
          class="net-svg"
          viewBox={viewBoxAttribute(view)}
          width="100%"
          preserveAspectRatio="xMidYMid meet"
          role="group"
          aria-labelledby="net-svg-title"
          aria-describedby="net-svg-desc"
          data-focus={focus}
          tabindex={0}
          onWheel={(event) => {
            event.preventDefault();
            zoom(Math.exp(-event.deltaY * (event.deltaMode === 1 ? 0.05 : 0.0015)), toDiagram(event.clientX, event.clientY));
          }}
          onPointerDown={(event) => {
            if (event.button !== 0) return;
            drag.current = { id: event.pointerId, x: event.clientX, y: event.clientY, view, scale: scale(), moved: false };
          }}
          onPointerMove={(event) => {
            const current = drag.current;
            if (current === null || current.id !== event.pointerId) return;
            const dx = event.clientX - current.x;
            const dy = event.clientY - current.y;
            if (!current.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
            if (!current.moved) {
              current.moved = true;
              svg.current?.setPointerCapture(event.pointerId);
            }
            setView(panView(current.view, dx / current.scale, dy / current.scale));
          }}
          onPointerUp={(event) => {
            if (drag.current?.moved) suppressClick.current = true;
            drag.current = null;
            if (svg.current?.hasPointerCapture(event.pointerId)) svg.current.releasePointerCapture(event.pointerId);
          }}
          onPointerCancel={() => {
            drag.current = null;
          }}
          // A drag pans the view; it never drags a node's link out of the page.
          onDragStart={(event) => event.preventDefault()}
          onClickCapture={(event) => {
            // The click that ends a drag follows no link.
            if (!suppressClick.current) return;
            suppressClick.current = false;
            event.preventDefault();
            event.stopPropagation();
          }}
        >
          <title id="net-svg-title">{title}</title>
          <desc id="net-svg-desc">{text.network.diagramDescription(layout.nodes.length, graph.edges.length)}</desc>
          <Markers />
          <g class="net-edges" aria-hidden="true">
            {graph.edges.map((edge) => {
              const from = byId.get(edge.consumer);
              const target = byId.get(edge.provider);
              if (from === undefined || target === undefined || edge.consumer === edge.provider) return null;
              const shape = edgeShape(from, target, bends.get(edge.id) ?? 0, NODE_RADIUS);
              const lit = hot !== null && adjacent.has(edge.consumer) && adjacent.has(edge.provider) && (edge.consumer === hot || edge.provider === hot);
              const status = text.status[edge.status];
              return (
                <a
                  key={edge.id}
                  href={to.contract(edge.consumer, edge.provider, edge.consumerVersion)}
                  tabindex={-1}
                  class={`net-edge net-status-${edge.status}${lit ? ' net-lit' : hot !== null ? ' net-dim' : ''}`}
                  data-edge={edge.id}
                  data-status={edge.status}
                >
                  <title>{text.network.edge(edge.consumer, edge.provider, status)}</title>
                  <path class="net-edge-hit" d={shape.d} />
                  <path class="net-edge-line" d={shape.d} marker-end={`url(#net-arrow-${edge.status})`} />
                  {edge.status === 'failed' && <FailedMark at={shape.middle} />}
                </a>
              );
            })}
          </g>
          {layout.headings.length > 0 && (
            <g class="net-headings" aria-hidden="true">
              {layout.headings.map((heading) => (
                <text key={heading.column} x={heading.x} y={heading.y} text-anchor="middle" class="net-heading">
                  {headingOf(heading.column)}
                </text>
              ))}
            </g>
          )}
          <g class="net-nodes">
            {nodeOrder.map((node) => {
              const isFocus = node.id === focus;
              const degree = degrees.get(node.id) ?? { consumers: 0, providers: 0 };
              const dim = hot !== null && !adjacent.has(node.id);
              return (
                <a
                  key={node.id}
                  href={isFocus ? to.application(node.id) : to.network({ focus: node.id })}
                  class={`net-node${isFocus ? ' net-node-focus' : ''}${node.id === hot ? ' net-hot' : ''}${dim ? ' net-dim' : ''}`}
                  data-node={node.id}
                  aria-label={isFocus ? text.network.focusedNode(node.id) : text.network.node(node.id, degree.consumers, degree.providers)}
                  onMouseEnter={() => setHot(node.id)}
                  onMouseLeave={() => setHot((current) => (current === node.id ? null : current))}
                  onFocus={() => {
                    setHot(node.id);
                    reveal(node);
                  }}
                  onBlur={() => setHot((current) => (current === node.id ? null : current))}
                >
                  <title>{node.id}</title>
                  <g transform={`translate(${node.x} ${node.y})`}>
                    <circle class="net-node-ring" r={NODE_RADIUS + 4} />
                    <circle class="net-node-dot" r={NODE_RADIUS} />
                    <text class={`net-label${isFocus ? ' net-label-focus' : ''}`} x={node.label.x} y={node.label.y} text-anchor={node.label.anchor}>
                      {node.label.text}
                    </text>
                  </g>
                </a>
              );
            })}
          </g>
        </svg>
      </div>
      <figcaption>
        <span class="net-caption">{caption}</span>
        <Legend counts={statusCounts(graph.edges)} />
      </figcaption>
    </figure>
  );
}
