import { describe, expect, it } from 'vitest';
import { matchesFilter, queryPairs, readPact, requestLine, specificationOf, statesText, type Interaction } from '../../../ui/src/contract/pact.ts';

const v2 = {
  consumer: { name: 'Foo' },
  provider: { name: 'Bar' },
  interactions: [
    {
      description: 'a request for an alligator',
      providerState: 'there is an alligator named Mary',
      request: { method: 'get', path: '/alligators/Mary', query: 'kind=big&x=1', headers: { Accept: 'application/json' } },
      response: { status: 200, headers: { 'Content-Type': 'application/json' }, body: { name: 'Mary' } },
    },
  ],
  metadata: { pactSpecification: { version: '2.0.0' } },
};

const v3Messages = {
  messages: [{ description: 'an alligator event', providerStates: [{ name: 'an alligator exists', params: { name: 'Mary' } }], contents: { name: 'Mary' }, metadata: { contentType: 'application/json' } }],
  metadata: { pactSpecification: { version: '3.0.0' } },
};

const v4 = {
  interactions: [
    {
      type: 'Synchronous/HTTP',
      key: 'k1',
      description: 'create a pet',
      pending: true,
      providerStates: [{ name: 'no pets' }],
      request: { method: 'POST', path: '/pets', query: { tag: ['a', 'b'] }, headers: { 'Content-Type': ['application/json'] }, body: { content: { name: 'Rex' }, contentType: 'application/json', encoded: false } },
      response: { status: 201, body: { content: '{"id":1}', contentType: 'application/json', encoded: false } },
    },
    { type: 'Asynchronous/Messages', description: 'pet created', contents: { content: 'cmV4', contentType: 'application/octet-stream', encoded: 'base64' }, metadata: { topic: 'pets' } },
    { type: 'Synchronous/Messages', description: 'get pet', request: { contents: { content: 'id=1', contentType: 'text/plain' } }, response: [{ contents: { content: { id: 1 }, contentType: 'application/json' } }] },
  ],
  metadata: { pactSpecification: { version: '4.0' } },
};

describe('specificationOf', () => {
  it.each<[unknown, string | undefined]>([
    [{ metadata: { pactSpecification: { version: '2.0.0' } } }, '2.0.0'],
    [{ metadata: { 'pact-specification': { version: '1.0.0' } } }, '1.0.0'],
    [{ metadata: { pactSpecificationVersion: '1.1.0' } }, '1.1.0'],
    [{ metadata: {} }, undefined],
    [{}, undefined],
    [null, undefined],
  ])('%j → %s', (document, version) => {
    expect(specificationOf(document)).toBe(version);
  });
});

describe('readPact', () => {
  it('reads a v2 HTTP interaction', () => {
    const pact = readPact(v2);
    expect([pact.consumer, pact.provider, pact.specification]).toEqual(['Foo', 'Bar', '2.0.0']);
    const [interaction] = pact.interactions as [Interaction];
    expect(interaction).toMatchObject({ id: 'interaction-0', kind: 'http', description: 'a request for an alligator', states: [{ name: 'there is an alligator named Mary' }], pending: false });
    expect(interaction.request).toEqual({ method: 'GET', path: '/alligators/Mary', query: [['kind', 'big'], ['x', '1']], headers: [['Accept', 'application/json']] });
    expect(interaction.response?.status).toBe('200');
    expect(interaction.response?.body).toEqual({ kind: 'json', text: '{\n  "name": "Mary"\n}', value: { name: 'Mary' }, contentType: 'application/json' });
  });

  it('reads v3 messages with state parameters', () => {
    const [message] = readPact(v3Messages).interactions as [Interaction];
    expect(message).toMatchObject({ id: 'message-0', list: 'messages', kind: 'message', states: [{ name: 'an alligator exists', params: { name: 'Mary' } }] });
    expect(message.message?.contents).toMatchObject({ kind: 'json', value: { name: 'Mary' }, contentType: 'application/json' });
    expect(statesText(message.states)).toBe('an alligator exists (name: Mary)');
  });

  it.each<[string, (interactions: readonly Interaction[]) => unknown, unknown]>([
    ['v4 HTTP kind and pending', (list) => [list[0]?.kind, list[0]?.pending, list[0]?.type], ['http', true, 'Synchronous/HTTP']],
    ['v4 query lists become pairs', (list) => list[0]?.request?.query, [['tag', 'a'], ['tag', 'b']]],
    ['v4 header lists become one value', (list) => list[0]?.request?.headers, [['Content-Type', 'application/json']]],
    ['a v4 body object is unwrapped', (list) => list[0]?.request?.body?.value, { name: 'Rex' }],
    ['a v4 JSON body written as a string is parsed', (list) => list[0]?.response?.body?.value, { id: 1 }],
    ['an encoded v4 body stays as written', (list) => [list[1]?.kind, list[1]?.message?.contents?.kind, list[1]?.message?.contents?.text], ['message', 'encoded', 'cmV4']],
    ['message metadata', (list) => list[1]?.message?.metadata, [['topic', 'pets']]],
    ['a synchronous message’s request and responses', (list) => [list[2]?.kind, list[2]?.messageRequest?.contents?.text, list[2]?.messageResponses?.[0]?.contents?.value], ['sync-message', 'id=1', { id: 1 }]],
  ])('%s', (_, pick, expected) => {
    expect(pick(readPact(v4).interactions)).toEqual(expected);
  });

  it('reads nothing from something that is no pact', () => {
    expect(readPact('nonsense').interactions).toEqual([]);
    expect(readPact({ interactions: [null, 3] }).interactions).toEqual([]);
  });
});

describe('requestLine and queryPairs', () => {
  it.each<[unknown, [string, string][]]>([
    ['a=1&b=two%20words', [['a', '1'], ['b', 'two words']]],
    [{ a: ['1', '2'], b: '3' }, [['a', '1'], ['a', '2'], ['b', '3']]],
    [undefined, []],
  ])('%j', (query, pairs) => {
    expect(queryPairs(query)).toEqual(pairs);
  });

  it('writes the request as people do', () => {
    expect(requestLine({ method: 'GET', path: '/pets', query: [['a', '1']], headers: [] })).toBe('GET /pets?a=1');
    expect(requestLine({ method: 'DELETE', path: '/pets/1', query: [], headers: [] })).toBe('DELETE /pets/1');
  });
});

describe('matchesFilter', () => {
  const [interaction] = readPact(v2).interactions as [Interaction];
  it.each([
    ['', true],
    ['alligator', true],
    ['MARY named', true],
    ['get /alligators', true],
    ['200', true],
    ['http', true],
    ['crocodile', false],
    ['alligator crocodile', false],
  ])('%j → %s', (filter, matches) => {
    expect(matchesFilter(interaction, filter)).toBe(matches);
  });
});
