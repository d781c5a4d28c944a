import { describe, expect, it } from 'vitest';
import { lineCount, outlineDocument, type OutlineNode } from '../../../ui/src/contract/outline.ts';

/** The entry at `path` (keys and indexes), or undefined. */
function at(node: OutlineNode | undefined, ...path: (string | number)[]): OutlineNode | undefined {
  let current = node;
  for (const segment of path) current = typeof segment === 'number' ? current?.items?.[segment] : current?.entries?.get(segment);
  return current;
}

const yaml = [
  'openapi: 3.0.0 # a comment', // 1
  'info: { title: Bar, version: "1" }', // 2
  '', // 3
  'paths:', // 4
  "  '/pets/{id}':", // 5
  '    get:', // 6
  '      description: |', // 7
  '        Several lines', // 8
  '', // 9
  '        of text: not a key', // 10
  '      parameters:', // 11
  '      - name: id', // 12
  '        in: path', // 13
  '      - $ref: "#/components/parameters/Limit"', // 14
  '      responses:', // 15
  '        "200":', // 16
  '          content:', // 17
  '            application/json:', // 18
  '              schema:', // 19
  "                $ref: '#/components/schemas/Pet'", // 20
  '  /pets.json:', // 21
  '    post: &post', // 22
  '      tags:', // 23
  '        - a', // 24
  '        - [b, c]', // 25
  'components:', // 26
  '  schemas:', // 27
  '    Pet:', // 28
  '      type: object', // 29
  '      properties:', // 30
  '        name: {', // 31
  '          type: string', // 32
  '        }', // 33
].join('\n');

const json = JSON.stringify({ openapi: '3.0.0', paths: { '/pets': { get: { responses: { '200': { description: 'ok' } } } } }, list: [1, { a: 'x:y' }] }, null, 2);

describe('outlineDocument (YAML)', () => {
  const outline = outlineDocument(yaml);
  it.each<[string, (string | number)[], number, number, string | undefined]>([
    ['a plain scalar with a comment', ['openapi'], 1, 1, '3.0.0'],
    ['a flow mapping entry', ['info', 'title'], 2, 2, 'Bar'],
    ['a quoted flow scalar', ['info', 'version'], 2, 2, '1'],
    ['a single-quoted key', ['paths', '/pets/{id}'], 5, 20, undefined],
    ['a block scalar spans its lines, blank ones included', ['paths', '/pets/{id}', 'get', 'description'], 7, 10, undefined],
    ['a sequence at its key’s indentation', ['paths', '/pets/{id}', 'get', 'parameters'], 11, 14, undefined],
    ['a `- key:` item', ['paths', '/pets/{id}', 'get', 'parameters', 0], 12, 13, undefined],
    ['a key of a `- key:` item', ['paths', '/pets/{id}', 'get', 'parameters', 0, 'in'], 13, 13, 'path'],
    ['a double-quoted scalar', ['paths', '/pets/{id}', 'get', 'parameters', 1, '$ref'], 14, 14, '#/components/parameters/Limit'],
    ['a double-quoted key', ['paths', '/pets/{id}', 'get', 'responses', '200'], 16, 20, undefined],
    ['a key with a slash', ['paths', '/pets/{id}', 'get', 'responses', '200', 'content', 'application/json', 'schema', '$ref'], 20, 20, '#/components/schemas/Pet'],
    ['a key with a dot', ['paths', '/pets.json'], 21, 25, undefined],
    ['a value with an anchor', ['paths', '/pets.json', 'post', 'tags'], 23, 25, undefined],
    ['an indented sequence item', ['paths', '/pets.json', 'post', 'tags', 0], 24, 24, 'a'],
    ['a flow sequence item', ['paths', '/pets.json', 'post', 'tags', 1, 1], 25, 25, 'c'],
    ['a flow mapping over lines', ['components', 'schemas', 'Pet', 'properties', 'name'], 31, 33, undefined],
    ['an entry inside a multi-line flow mapping', ['components', 'schemas', 'Pet', 'properties', 'name', 'type'], 32, 32, 'string'],
  ])('%s', (_, path, line, endLine, scalar) => {
    const node = at(outline, ...path);
    expect(node, path.join(' › ')).toBeDefined();
    expect([node?.line, node?.endLine]).toEqual([line, endLine]);
    if (scalar !== undefined) expect(node?.scalar).toBe(scalar);
  });

  it('spans the whole document at the root', () => {
    expect([outline.kind, outline.line, outline.endLine]).toEqual(['map', 1, 33]);
    expect([...(outline.entries?.keys() ?? [])]).toEqual(['openapi', 'info', 'paths', 'components']);
  });

  it('does not read a block scalar’s text as keys', () => {
    expect(at(outline, 'paths', '/pets/{id}', 'get', 'of text')).toBeUndefined();
    expect([...(at(outline, 'paths', '/pets/{id}', 'get')?.entries?.keys() ?? [])]).toEqual(['description', 'parameters', 'responses']);
  });
});

describe('outlineDocument (YAML sequences)', () => {
  it.each<[string, string, (string | number)[], number, number]>([
    ['an anchored item’s mapping on the next lines', 'list:\n  - &first\n    a: 1\n    b: 2\n  - c: 3', ['list', 0, 'b'], 4, 4],
    ['an item after an anchored one', 'list:\n  - &first\n    a: 1\n  - c: 3', ['list', 1, 'c'], 4, 4],
    ['a nested sequence item', 'list:\n- - a\n  - b', ['list', 0, 1], 3, 3],
    ['an empty dash with a block under it', 'list:\n-\n  a: 1', ['list', 0, 'a'], 3, 3],
  ])('%s', (_, text, path, line, endLine) => {
    const node = at(outlineDocument(text), ...path);
    expect([node?.line, node?.endLine]).toEqual([line, endLine]);
  });
});

describe('outlineDocument (JSON)', () => {
  const outline = outlineDocument(json);
  const lineOf = (needle: string) => json.split('\n').findIndex((line) => line.includes(needle)) + 1;
  it.each<[(string | number)[], string, string]>([
    [['openapi'], '"openapi"', '"openapi"'],
    [['paths', '/pets'], '"/pets"', '          }'],
    [['paths', '/pets', 'get', 'responses', '200', 'description'], '"description"', '"description"'],
    [['list', 1, 'a'], '"a"', '"a"'],
  ])('%j', (path, startNeedle, endNeedle) => {
    const node = at(outline, ...path);
    expect(node?.line).toBe(lineOf(startNeedle));
    if (endNeedle.trim() !== endNeedle) expect(node?.endLine).toBeGreaterThan(node?.line ?? 0);
    else expect(node?.endLine).toBe(lineOf(endNeedle));
  });

  it('keeps scalars’ text (a colon inside a string is no key)', () => {
    expect(at(outline, 'list', 1, 'a')?.scalar).toBe('x:y');
    expect(at(outline, 'list', 0)?.scalar).toBe('1');
  });
});

describe('lineCount', () => {
  it.each([
    ['', 1],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['a\nb\n', 2],
  ])('%j has %i lines', (input, count) => {
    expect(lineCount(input)).toBe(count);
  });
});
