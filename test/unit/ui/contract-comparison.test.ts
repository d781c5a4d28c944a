import { describe, expect, it } from 'vitest';
import { bodyPlace, comparisonStatus, interactionOf, locateMismatches, mismatchesByInteraction, mismatchesOf, type ComparisonResource, type Finding } from '../../../ui/src/contract/comparison.ts';
import { trailText } from '../../../ui/src/contract/locate.ts';
import { outlineDocument } from '../../../ui/src/contract/outline.ts';
import { readPact } from '../../../ui/src/contract/pact.ts';

// Findings as @pactflow/openapi-pact-comparator 2.3.1 reports them for test/fixtures/oas/bar.yaml.
const bodyError: Finding = {
  code: 'response.body.incompatible',
  message: 'Response body is incompatible with the response body schema in the spec file: must be string',
  mockDetails: { interactionDescription: 'a request for an alligator', interactionState: 'there is an alligator named Mary', location: '[root].interactions[0].response.body.name', value: 5 },
  specDetails: { location: '[root].paths./alligators/{name}.get.responses.200.content.application/json.schema.properties.name.type', pathMethod: 'get', pathName: '/alligators/{name}', value: 'string' },
  type: 'error',
};
const unknownPath: Finding = {
  code: 'request.path-or-method.unknown',
  message: 'Path or method not defined in spec file: POST /crocodiles',
  mockDetails: { interactionDescription: 'a missing path', interactionState: '[none]', location: '[root].interactions[1].request.path', value: '/crocodiles' },
  specDetails: { location: '[root].paths', pathMethod: null, pathName: null },
  type: 'error',
};
const queryWarning: Finding = {
  code: 'request.query.unknown',
  message: 'Query parameter is not defined in the spec file: x',
  mockDetails: { interactionDescription: 'a request for an alligator', interactionState: 'there is an alligator named Mary', location: '[root].interactions[0].request.query.x', value: '1' },
  specDetails: { location: '[root].paths./alligators/{name}.get', pathMethod: 'get', pathName: '/alligators/{name}' },
  type: 'warning',
};

const oas = `openapi: 3.0.0
info: { title: Bar, version: '1' }
paths:
  /alligators/{name}:
    get:
      parameters:
        - { name: name, in: path, required: true, schema: { type: string } }
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: { type: object, properties: { name: { type: string } }, required: [name] }
`;

const pact = readPact({
  interactions: [
    { description: 'a request for an alligator', providerState: 'there is an alligator named Mary', request: { method: 'GET', path: '/alligators/Mary', query: 'x=1' }, response: { status: 200, body: { name: 5 } } },
    { description: 'a missing path', request: { method: 'POST', path: '/crocodiles' }, response: { status: 201 } },
    { description: 'a missing path', providerStates: [{ name: 'a second one' }], request: { method: 'POST', path: '/crocodiles' }, response: { status: 201 } },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
});

const cross = (errors: Finding[], warnings: Finding[]): ComparisonResource['crossContractVerificationResults'] => ({ success: errors.length === 0, results: { errors, warnings } });

describe('mismatchesOf', () => {
  it('numbers errors, then warnings', () => {
    const mismatches = mismatchesOf(cross([bodyError, unknownPath], [queryWarning]));
    expect(mismatches.map((mismatch) => [mismatch.number, mismatch.severity, mismatch.code])).toEqual([
      [1, 'error', 'response.body.incompatible'],
      [2, 'error', 'request.path-or-method.unknown'],
      [3, 'warning', 'request.query.unknown'],
    ]);
    expect(mismatches[0]?.mock?.parsed).toEqual({ list: 'interactions', index: 0, part: 'response', field: 'body', rest: '.name' });
  });

  it.each<[string, Finding, string]>([
    ['a finding without a type takes its list’s', { code: 'x', message: 'm' }, 'warning'],
    ['a finding’s own type wins', { code: 'x', message: 'm', type: 'info' }, 'info'],
  ])('%s', (_, finding, severity) => {
    expect(mismatchesOf(cross([], [finding]))[0]?.severity).toBe(severity);
  });

  it('has none without a result (pending)', () => {
    expect(mismatchesOf(null)).toEqual([]);
  });
});

describe('interactionOf', () => {
  const find = (finding: Finding) => interactionOf(mismatchesOf(cross([finding], []))[0]!, pact.interactions)?.id;
  it.each<[string, Finding, string | undefined]>([
    ['by the index in its location', bodyError, 'interaction-0'],
    ['by the index, the description agreeing', unknownPath, 'interaction-1'],
    ['by the description when the index names another', { ...unknownPath, mockDetails: { ...unknownPath.mockDetails!, location: '[root].interactions[0].request.path' } }, 'interaction-1'],
    ['by description and state when the description repeats', { ...unknownPath, mockDetails: { interactionDescription: 'a missing path', interactionState: 'a second one', location: 'somewhere' } }, 'interaction-2'],
    ['none when nothing has the description', { ...bodyError, mockDetails: { interactionDescription: 'gone', location: '[root].interactions[7].response' } }, undefined],
    ['by the index alone without a description', { code: 'x', mockDetails: { location: '[root].interactions[2]' } }, 'interaction-2'],
  ])('%s', (_, finding, id) => {
    expect(find(finding)).toBe(id);
  });

  it('groups mismatches by interaction', () => {
    const grouped = mismatchesByInteraction(mismatchesOf(cross([bodyError, unknownPath], [queryWarning])), pact.interactions);
    expect([...grouped.entries()].map(([id, list]) => [id, list.map((mismatch) => mismatch.number)])).toEqual([
      ['interaction-0', [1, 3]],
      ['interaction-1', [2]],
    ]);
  });
});

describe('locateMismatches', () => {
  it('places each finding in the OpenAPI document', () => {
    const located = locateMismatches(mismatchesOf(cross([bodyError, unknownPath], [queryWarning])), outlineDocument(oas));
    expect([...located.entries()].map(([number, place]) => [number, trailText(place.trail), place.node.line, place.node.endLine, place.remainder])).toEqual([
      [1, 'paths › /alligators/{name} › get › responses › 200 › content › application/json › schema › properties › name › type', 13, 13, ''],
      [2, 'paths', 3, 13, ''],
      [3, 'paths › /alligators/{name} › get', 5, 13, ''],
    ]);
  });
});

describe('bodyPlace', () => {
  const body = JSON.stringify({ name: 5, items: [{ id: 1 }, { id: 'x' }] }, null, 2);
  const outline = outlineDocument(body);
  it.each<[string, number, number, string]>([
    ['', 1, body.split('\n').length, ''],
    ['.name', 2, 2, ''],
    ['.items.1.id', 8, 8, ''],
    ['.items.1', 7, 9, ''],
    ['.missing', 1, body.split('\n').length, '.missing'],
  ])('%j', (rest, line, endLine, remainder) => {
    expect(bodyPlace(outline, rest)).toEqual({ line, endLine, remainder });
  });
});

describe('comparisonStatus', () => {
  it.each<[ComparisonResource, string]>([
    [{ summary: { success: null, status: 'pending' }, crossContractVerificationResults: null }, 'pending'],
    [{ summary: { success: true }, crossContractVerificationResults: cross([], []) }, 'success'],
    [{ summary: { success: false }, crossContractVerificationResults: cross([bodyError], []) }, 'failed'],
    // The provider's own verification failing fails the whole.
    [{ summary: { success: false }, crossContractVerificationResults: cross([], []) }, 'failed'],
  ])('%#', (resource, status) => {
    expect(comparisonStatus(resource)).toBe(status);
  });
});
