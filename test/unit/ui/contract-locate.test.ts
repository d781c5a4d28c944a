import { describe, expect, it } from 'vitest';
import { locate, locateSpec, parseMockLocation, pointerSegments, trailText } from '../../../ui/src/contract/locate.ts';
import { outlineDocument } from '../../../ui/src/contract/outline.ts';

const oas = [
  'openapi: 3.0.0', // 1
  'paths:', // 2
  '  /alligators/{name}:', // 3
  '    get:', // 4
  '      parameters:', // 5
  '        - { name: name, in: path, required: true, schema: { type: string } }', // 6
  '        - $ref: "#/components/parameters/Limit"', // 7
  '      responses:', // 8
  "        '200':", // 9
  '          description: ok', // 10
  '          content:', // 11
  '            application/json:', // 12
  '              schema:', // 13
  "                $ref: '#/components/schemas/Alligator'", // 14
  '  /files/report.v1.json:', // 15
  '    get:', // 16
  '      responses: {}', // 17
  '  /files/report:', // 18
  '    get: {}', // 19
  'components:', // 20
  '  parameters:', // 21
  '    Limit:', // 22
  '      name: limit', // 23
  '      schema:', // 24
  '        type: integer', // 25
  '  schemas:', // 26
  '    Alligator:', // 27
  '      type: object', // 28
  '      properties:', // 29
  '        name:', // 30
  '          type: string', // 31
].join('\n');

describe('locate (engine locations)', () => {
  const outline = outlineDocument(oas);
  it.each<[string, string, number, number, string, string[]]>([
    ['[root]', '(document root)', 1, 31, '', []],
    ['[root].paths', 'paths', 2, 19, '', []],
    ['[root].paths./alligators/{name}.get', 'paths › /alligators/{name} › get', 4, 14, '', []],
    ['[root].paths./alligators/{name}.get.responses.200', 'paths › /alligators/{name} › get › responses › 200', 9, 14, '', []],
    ['[root].paths./alligators/{name}.get.parameters[0].schema.type', 'paths › /alligators/{name} › get › parameters › 0 › schema › type', 6, 6, '', []],
    // Through $refs: the rest of the location is in the place the reference names.
    [
      '[root].paths./alligators/{name}.get.responses.200.content.application/json.schema.properties.name.type',
      'paths › /alligators/{name} › get › responses › 200 › content › application/json › schema › → #/components/schemas/Alligator › properties › name › type',
      31,
      31,
      '',
      ['#/components/schemas/Alligator'],
    ],
    ['[root].paths./alligators/{name}.get.parameters[1].schema.type', 'paths › /alligators/{name} › get › parameters › 1 › → #/components/parameters/Limit › schema › type', 25, 25, '', ['#/components/parameters/Limit']],
    // What the document does not write (the engine adds `additionalProperties: false` to response schemas) is the remainder.
    [
      '[root].paths./alligators/{name}.get.responses.200.content.application/json.schema.additionalProperties',
      'paths › /alligators/{name} › get › responses › 200 › content › application/json › schema › → #/components/schemas/Alligator',
      27,
      31,
      '.additionalProperties',
      ['#/components/schemas/Alligator'],
    ],
    // Keys with dots: the longest key that fits, and a shorter one when the longer leads nowhere.
    ['[root].paths./files/report.v1.json.get', 'paths › /files/report.v1.json › get', 16, 17, '', []],
    ['[root].paths./files/report.get', 'paths › /files/report › get', 19, 19, '', []],
    ['[root].paths./nowhere.get', 'paths', 2, 19, './nowhere.get', []],
    // JSON pointers are read too.
    ['#/paths/~1alligators~1{name}/get/responses/200', 'paths › /alligators/{name} › get › responses › 200', 9, 14, '', []],
    ['#/components/schemas/Alligator/properties/name', 'components › schemas › Alligator › properties › name', 30, 31, '', []],
    ['#/paths/~1none', 'paths', 2, 19, '/~1none'.replace('~1', '/'), []],
  ])('%s', (location, trail, line, endLine, remainder, refs) => {
    const found = locate(outline, location);
    expect(trailText(found.trail)).toBe(trail);
    expect([found.node.line, found.node.endLine]).toEqual([line, endLine]);
    expect(found.remainder).toBe(remainder);
    expect(found.refs).toEqual(refs);
  });

  it('does not follow a $ref in a loop forever', () => {
    const loop = outlineDocument(['a:', "  $ref: '#/b'", 'b:', "  $ref: '#/a'"].join('\n'));
    const found = locate(loop, '[root].a.missing');
    expect(found.remainder).toBe('.missing');
    expect(found.refs.length).toBeLessThanOrEqual(16);
  });
});

describe('locate (a dereferenced schema’s address in the location)', () => {
  // The engine inlines `$ref`s and writes the referenced schema's own address after the schema's:
  // `….schema.components.schemas.Pet.properties.name.type`.
  const document = JSON.stringify(
    {
      openapi: '3.0.0',
      paths: { '/pets': { get: { responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/PetList' } } } } } } } },
      components: { schemas: { PetList: { type: 'object', properties: { items: { type: 'array', items: { $ref: '#/components/schemas/Pet' } } } }, Pet: { type: 'object', properties: { name: { type: 'integer' } } } } },
    },
    null,
    2,
  );
  const outline = outlineDocument(document);
  const lineOf = (needle: string, after = 0) => document.split('\n').findIndex((line, index) => index >= after && line.includes(needle)) + 1;
  it.each<[string, string, number]>([
    [
      '[root].paths./pets.get.responses.200.content.application/json.schema.components.schemas.Pet.properties.name.type',
      'paths › /pets › get › responses › 200 › content › application/json › schema › → #/components › schemas › Pet › properties › name › type',
      lineOf('"type": "integer"'),
    ],
    [
      '[root].paths./pets.get.responses.200.content.application/json.schema.properties.items',
      'paths › /pets › get › responses › 200 › content › application/json › schema › → #/components/schemas/PetList › properties › items',
      lineOf('"items"'),
    ],
  ])('%s', (location, trail, line) => {
    const found = locate(outline, location);
    expect(trailText(found.trail)).toBe(trail);
    expect(found.remainder).toBe('');
    expect(found.node.line).toBe(line);
  });
});

describe('locateSpec (a finding’s specDetails)', () => {
  const outline = outlineDocument(oas);
  it.each<[string, Parameters<typeof locateSpec>[1], string | undefined]>([
    ['its location', { location: '[root].paths./alligators/{name}.get.responses', pathName: '/alligators/{name}', pathMethod: 'get' }, 'paths › /alligators/{name} › get › responses'],
    ['its path and method when the location is missing', { pathName: '/alligators/{name}', pathMethod: 'GET' }, 'paths › /alligators/{name} › get'],
    ['its path and method when the location names nothing there', { location: '[root].elsewhere', pathName: '/files/report', pathMethod: 'get' }, 'paths › /files/report › get'],
    ['the root with the rest when nothing fits', { location: '[root].elsewhere', pathName: null, pathMethod: null }, '(document root)'],
    ['nothing without details', undefined, undefined],
  ])('%s', (_, details, trail) => {
    const found = locateSpec(outline, details);
    expect(found === undefined ? undefined : trailText(found.trail)).toBe(trail);
  });
});

describe('parseMockLocation', () => {
  it.each<[string | undefined, ReturnType<typeof parseMockLocation>]>([
    ['[root].interactions[0].response.body.name', { list: 'interactions', index: 0, part: 'response', field: 'body', rest: '.name' }],
    ['[root].interactions[12].request.headers.content-type', { list: 'interactions', index: 12, part: 'request', field: 'headers', rest: '.content-type' }],
    ['[root].interactions[3].response.body.items.0.id', { list: 'interactions', index: 3, part: 'response', field: 'body', rest: '.items.0.id' }],
    ['[root].interactions[1].request.path', { list: 'interactions', index: 1, part: 'request', field: 'path', rest: '' }],
    ['[root].interactions[1].response', { list: 'interactions', index: 1, part: 'response', rest: '' }],
    ['[root].interactions[4]', { list: 'interactions', index: 4, rest: '' }],
    ['[root].messages[2].contents', { list: 'messages', index: 2, part: 'contents', rest: '' }],
    ['[root].paths', undefined],
    [undefined, undefined],
  ])('%s', (location, expected) => {
    expect(parseMockLocation(location)).toEqual(expected);
  });
});

describe('pointerSegments', () => {
  it.each([
    ['#/paths/~1pets~1{id}/get', ['paths', '/pets/{id}', 'get']],
    ['/a~0b/c%20d', ['a~b', 'c d']],
    ['#', []],
  ])('%s', (pointer, segments) => {
    expect(pointerSegments(pointer)).toEqual(segments);
  });
});
