/**
 * Finding a comparison finding's locations in the two documents it compares. The engine
 * (@pactflow/openapi-pact-comparator) writes them as dotted paths from `[root]`, with keys written as they are:
 * `[root].paths./pets/{id}.get.responses.200.content.application/json.schema.properties.name.type` (spec) and
 * `[root].interactions[0].response.body.name` (pact). Keys may themselves hold dots and slashes, so a location is read
 * against the document's outline, key by key (the longest key that fits first); a schema reached through a `$ref` is
 * followed to the place it points at. JSON pointers (`#/paths/~1pets/get`) are read too. No DOM.
 */
import type { OutlineNode } from './outline.ts';

export type Segment = string | number;

export interface Located {
  /** The deepest entry of the document the location reaches. */
  readonly node: OutlineNode;
  /** Its path in the document (after a `$ref`, the path from the referenced place's own root). */
  readonly path: readonly Segment[];
  /** The location's steps as a reader follows them, a followed `$ref` included (`→ #/components/schemas/Pet`). */
  readonly trail: readonly string[];
  /** What the document does not have of the location ('' when all of it was found), e.g. a schema keyword the engine adds. */
  readonly remainder: string;
  /** The `$ref`s followed, in order. */
  readonly refs: readonly string[];
}

const MAX_REFS = 16;

/** The place a location names in a document's outline; the root (with the whole location as remainder) when none of it is there. */
export function locate(root: OutlineNode, location: string): Located {
  const trimmed = location.trim();
  if (trimmed.startsWith('#/') || trimmed.startsWith('/') || trimmed === '#') return locatePointer(root, pointerSegments(trimmed));
  const rest = trimmed.startsWith('[root]') ? trimmed.slice('[root]'.length) : trimmed === '' ? '' : `.${trimmed.replace(/^\./, '')}`;
  return walk(root, root, rest, { path: [], trail: [], refs: [] });
}

/** The segments of a JSON pointer (`#/paths/~1pets` → ['paths', '/pets']). */
export function pointerSegments(pointer: string): string[] {
  const body = pointer.replace(/^#/, '');
  if (body === '' || body === '/') return body === '/' ? [''] : [];
  return body
    .slice(1)
    .split('/')
    .map((segment) => {
      let decoded = segment;
      try {
        decoded = decodeURIComponent(segment);
      } catch {
        // kept as written
      }
      return decoded.replace(/~1/g, '/').replace(/~0/g, '~');
    });
}

function locatePointer(root: OutlineNode, segments: readonly string[]): Located {
  let node = root;
  const path: Segment[] = [];
  for (const [at, segment] of segments.entries()) {
    const next = child(node, segment);
    if (next === undefined) return { node, path, trail: path.map(String), remainder: `/${segments.slice(at).join('/')}`, refs: [] };
    path.push(node.kind === 'seq' ? Number(segment) : segment);
    node = next;
  }
  return { node, path, trail: path.map(String), remainder: '', refs: [] };
}

const isIndex = (segment: string): boolean => /^\d+$/.test(segment);

function child(node: OutlineNode, segment: string): OutlineNode | undefined {
  if (node.kind === 'map') return node.entries?.get(segment);
  if (node.kind === 'seq' && isIndex(segment)) return node.items?.[Number(segment)];
  return undefined;
}

interface Walked {
  readonly path: readonly Segment[];
  readonly trail: readonly string[];
  readonly refs: readonly string[];
  /** Read again from the root once already (it is not done twice). */
  readonly anchored?: boolean;
}

const result = (node: OutlineNode, walked: Walked, remainder: string): Located => ({ node, path: walked.path, trail: walked.trail, refs: walked.refs, remainder });

/** Reads `rest` (`.key…`, `[0]…`) from `node`, trying the longest fitting key first and keeping the deepest reading. */
function walk(root: OutlineNode, node: OutlineNode, rest: string, walked: Walked): Located {
  if (rest === '') return result(node, walked, '');
  const candidates: { next: OutlineNode; segment: Segment; rest: string }[] = [];
  if (node.kind === 'seq') {
    const match = /^(?:\[(\d+)\]|\.(\d+))(?=[.[]|$)/.exec(rest);
    const index = match === null ? undefined : Number(match[1] ?? match[2]);
    const item = index === undefined ? undefined : node.items?.[index];
    if (item !== undefined && match !== null && index !== undefined) candidates.push({ next: item, segment: index, rest: rest.slice(match[0].length) });
  } else if (node.kind === 'map' && rest.startsWith('.')) {
    const keys = [...(node.entries?.keys() ?? [])].filter((key) => rest.startsWith(`.${key}`) && /^([.[]|$)/.test(rest.slice(key.length + 1))).sort((a, b) => b.length - a.length);
    for (const key of keys) candidates.push({ next: node.entries?.get(key) as OutlineNode, segment: key, rest: rest.slice(key.length + 1) });
  }
  let best: Located | undefined;
  for (const candidate of candidates) {
    const found = walk(root, candidate.next, candidate.rest, { ...walked, path: [...walked.path, candidate.segment], trail: [...walked.trail, String(candidate.segment)] });
    if (best === undefined || found.remainder.length < best.remainder.length) best = found;
    if (best.remainder === '') return best;
  }
  if (best !== undefined) return best;
  return deadEnd(root, node, rest, walked);
}

/**
 * The rest of a location is not under `node`. Either a `$ref` there stands for the schema the engine read (the rest is
 * in the place it names), or the engine wrote the dereferenced schema's own address into the location
 * (`….schema.components.schemas.Pet.properties.name`): then the rest is read from the document's root. The reading
 * that finds more wins.
 */
function deadEnd(root: OutlineNode, node: OutlineNode, rest: string, walked: Walked): Located {
  const fromRoot = !walked.anchored && node !== root ? walk(root, root, rest, { path: [], trail: [], refs: walked.refs, anchored: true }) : undefined;
  const anchored = fromRoot === undefined || fromRoot.path.length === 0 ? undefined : { ...fromRoot, trail: [...walked.trail, `→ #/${fromRoot.trail[0] ?? ''}`, ...fromRoot.trail.slice(1)] };
  if (anchored !== undefined && anchored.remainder === '') return anchored;
  let best: Located = result(node, walked, rest);
  const ref = node.kind === 'map' ? node.entries?.get('$ref')?.scalar : undefined;
  if (ref !== undefined && ref.startsWith('#') && walked.refs.length < MAX_REFS) {
    const target = locatePointer(root, pointerSegments(ref));
    if (target.remainder === '') {
      const found = walk(root, target.node, rest, { path: target.path, trail: [...walked.trail, `→ ${ref}`], refs: [...walked.refs, ref], anchored: walked.anchored });
      // Even when the referenced schema has no more of the location, it is where the rest applies.
      if (found.remainder.length <= best.remainder.length) best = found;
    }
  }
  if (anchored !== undefined && anchored.remainder.length < best.remainder.length) best = anchored;
  return best;
}

export interface SpecDetails {
  readonly location?: string | null;
  readonly pathName?: string | null;
  readonly pathMethod?: string | null;
}

/** Where a finding's `specDetails` points in the OpenAPI document: its location, else its path and method. */
export function locateSpec(root: OutlineNode, details: SpecDetails | undefined): Located | undefined {
  if (details === undefined) return undefined;
  const byLocation = typeof details.location === 'string' && details.location !== '' ? locate(root, details.location) : undefined;
  if (byLocation !== undefined && byLocation.path.length > 0) return byLocation;
  if (typeof details.pathName === 'string' && details.pathName !== '') {
    const byPath = locatePointer(root, ['paths', details.pathName, ...(typeof details.pathMethod === 'string' && details.pathMethod !== '' ? [details.pathMethod.toLowerCase()] : [])]);
    if (byPath.path.length > 0) return byPath;
  }
  return byLocation;
}

/** A pact location (`[root].interactions[2].response.body.items.0`): which interaction, which part of it, and the rest. */
export interface MockLocation {
  readonly list: 'interactions' | 'messages';
  readonly index: number;
  /** `request`, `response`, `contents`, `metadata`, `comments`…; undefined when the location is the whole interaction. */
  readonly part?: string;
  /** `method`, `path`, `query`, `headers`, `body`, `status`…; undefined when the location is the whole part. */
  readonly field?: string;
  /** The rest after the field (`.name`, `.items.0.name`, a header's `.content-type`), '' when none. */
  readonly rest: string;
}

export function parseMockLocation(location: string | null | undefined): MockLocation | undefined {
  if (typeof location !== 'string') return undefined;
  const match = /^\[root\]\.(interactions|messages)\[(\d+)\](.*)$/.exec(location.trim());
  if (match === null) return undefined;
  const list = match[1] as 'interactions' | 'messages';
  const index = Number(match[2]);
  const tail = match[3] ?? '';
  const part = /^\.([^.[]+)(.*)$/.exec(tail);
  if (part === null) return { list, index, rest: '' };
  const field = /^\.([^.[]+)(.*)$/.exec(part[2] ?? '');
  if (field === null) return { list, index, part: part[1] as string, rest: part[2] ?? '' };
  return { list, index, part: part[1] as string, field: field[1] as string, rest: field[2] ?? '' };
}

/** A location's steps for reading (`paths › /pets › get`). */
export const trailText = (trail: readonly string[]): string => (trail.length === 0 ? '(document root)' : trail.join(' › '));
