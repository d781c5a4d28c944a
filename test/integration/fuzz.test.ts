/**
 * Property-based fuzzing of every route of the route table against the local broker (DynamoDB Local, AWS rules on):
 * generated path parameters, query strings and bodies — lone surrogates, control characters, huge and deeply nested
 * values, wrong types, wrong content types, odd credentials — must never produce a 5xx or a non-JSON error, and a refused request must
 * change nothing (the table is read before and after). Bounded so it fits CI: FUZZ_RUNS requests per route (default 4);
 * the seed is printed, and FUZZ_SEED replays a run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { routes, type Route } from '../../shared/http/routes.ts';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { scanTable } from '../support/table.ts';

const RUNS = Number(process.env['FUZZ_RUNS'] ?? 4);
const SEED = Number(process.env['FUZZ_SEED'] ?? Date.now() % 2 ** 31);

let broker: TestBroker;
let environmentUuid = '';
beforeAll(async () => {
  broker = await startTestBroker();
  // Something for valid-looking requests to find: a pacticipant, a version with a branch and a tag, a deployment.
  await http(broker.url, 'PUT', '/pacticipants/Foo/branches/main/versions/1', {});
  await http(broker.url, 'PUT', '/pacticipants/Foo/versions/1/tags/dev', {});
  environmentUuid = (await http(broker.url, 'GET', '/environments')).body._embedded.environments[0].uuid as string;
  await http(broker.url, 'POST', `/pacticipants/Foo/versions/1/deployed-versions/environment/${environmentUuid}`, {});
});
afterAll(async () => {
  await broker?.close();
});

const snapshot = async (): Promise<string> => (await scanTable(broker.operatorDb)).map((item) => JSON.stringify(item)).sort().join('\n');

/** Percent-encodes every UTF-16 unit, lone surrogates as the (invalid) UTF-8 of their code point, as a hostile client could. */
function encodeSegment(text: string): string {
  let encoded = '';
  for (const character of text) {
    const code = character.codePointAt(0) as number;
    if (code >= 0xd800 && code <= 0xdfff) encoded += [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)].map((byte) => `%${byte.toString(16).toUpperCase()}`).join('');
    else encoded += encodeURIComponent(character);
  }
  return encoded;
}

const hostileString = fc.oneof(
  fc.constantFrom('Foo', '1', 'main', 'dev', 'x\ud800', '\udfff', 'a\u0000b', 'a\nb', '\u007f', '%', '%E0%A4%A', '..', ' ', '😀', 'a#b', 'T#other'),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 190, max: 3000 }).map((length) => 'n'.repeat(length)),
);
const segment = fc.oneof(hostileString.map(encodeSegment), fc.constantFrom('%ED%A0%80', '%00', '%0A', '%25', '%2F', '%ZZ'));

/** Values of the shapes request bodies have, wrong types included. */
const leaf = fc.oneof(hostileString, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}));
const knownFields = ['name', 'displayName', 'production', 'contacts', 'pacticipantName', 'pacticipantVersionNumber', 'branch', 'tags', 'contracts', 'consumerName', 'providerName', 'content', 'contentType', 'specification', 'onConflict', 'success', 'providerApplicationVersion', 'consumerVersionSelectors', 'providerVersionBranch', 'includePendingStatus', 'includeWipPactsSince', 'applicationInstance', 'target', 'currentlyDeployed', 'currentlySupported', 'mainBranch', 'repositoryUrl', 'buildUrl', 'role', 'tenantId', 'expiresAt', 'contract', 'selfVerificationResults', 'interactions', 'consumer', 'provider', 'metadata'];
const deep = fc.integer({ min: 60, max: 300 }).map((depth) => {
  let value: unknown = 'leaf';
  for (let level = 0; level < depth; level++) value = level % 2 === 0 ? { a: value } : [value];
  return value;
});
const bodyObject = fc.dictionary(fc.constantFrom(...knownFields), fc.oneof({ depthSize: 'small' }, leaf, fc.array(leaf, { maxLength: 4 }), fc.dictionary(fc.constantFrom(...knownFields), leaf, { maxKeys: 4 }), deep), { maxKeys: 6 });
const body = fc.oneof(
  bodyObject.map((value) => ({ text: JSON.stringify(value), contentType: 'application/json' })),
  fc.jsonValue().map((value) => ({ text: JSON.stringify(value), contentType: 'application/json' })),
  // Nesting far deeper than any body needs, written as text (JSON.stringify itself would overflow).
  fc.integer({ min: 1000, max: 10_000 }).map((depth) => ({ text: `{"name":${'['.repeat(depth)}1${']'.repeat(depth)}}`, contentType: 'application/json' })),
  fc.constantFrom(
    { text: '{not json', contentType: 'application/json' },
    { text: '{"name":"\\ud800"}', contentType: 'application/json' },
    { text: '{"name":"ok"}', contentType: 'text/plain' },
    { text: '{"name":"ok"}', contentType: 'application/merge-patch+json' },
    { text: '', contentType: '' },
    { text: `{"name":"${'y'.repeat(300_000)}"}`, contentType: 'application/hal+json' },
  ),
);
const query = fc.array(fc.tuple(fc.oneof(fc.constantFrom('q[][pacticipant]', 'q[][version]', 'q[][latest]', 'q[][tag]', 'q[][branch]', 'latestby', 'environment', 'pacticipant', 'version', 'to', 'limit', 'size', 'deep', 'ignore[][pacticipant]'), hostileString), hostileString), { maxLength: 8 }).map((pairs) => pairs.map(([key, value]) => `${encodeSegment(key)}=${encodeSegment(value)}`).join('&'));

/** What clients put in Authorization (the authorizer parses it on every route but /health). */
const authorization = fc.oneof(
  fc.constant(undefined),
  fc.string({ unit: 'grapheme-ascii', maxLength: 80 }).map((text) => `Bearer ${text}`),
  fc.string({ unit: 'binary', maxLength: 60 }).map((text) => `Basic ${Buffer.from(text).toString('base64')}`),
  fc.constantFrom('Bearer pbt.default.short', `Bearer pbt.-x.${'a'.repeat(43)}`, `Bearer pbt.${'t'.repeat(300)}.${'a'.repeat(43)}`, 'Basic !!!', 'Negotiate abc'),
);

function requestFor(route: Route) {
  const variables = route.path.match(/\{\w+\}/g) ?? [];
  const parameters = fc.tuple(...variables.map(() => fc.oneof({ weight: 3, arbitrary: segment }, { weight: 1, arbitrary: fc.constant(encodeURIComponent(environmentUuid)) })));
  return fc.record({ parameters, query, authorization, body: route.body === 'none' ? fc.constant(undefined) : body });
}

describe('fuzzing every route', () => {
  it(`never answers 5xx or a non-JSON error, and a refused request changes nothing (seed ${SEED})`, async () => {
    console.info(`fuzz seed ${SEED} (replay with FUZZ_SEED=${SEED}), ${RUNS} runs per route`);
    const statuses = new Map<number, number>();
    for (const route of routes) {
      await fc.assert(
        fc.asyncProperty(requestFor(route), async ({ parameters, query: rawQuery, authorization: credentials, body: payload }) => {
          let path = route.path;
          (route.path.match(/\{\w+\}/g) ?? []).forEach((variable, index) => (path = path.replace(variable, parameters[index] as string)));
          const url = `${path}${rawQuery === '' ? '' : `?${rawQuery}`}`;
          const before = await snapshot();
          const headers = { ...(payload?.contentType ? { 'Content-Type': payload.contentType } : {}), ...(credentials === undefined ? {} : { Authorization: credentials }) };
          const response = await http(broker.url, route.method, url, payload?.text === '' ? undefined : payload?.text, headers);
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const label = `${route.method} ${url.slice(0, 120)} ${payload?.text.slice(0, 80) ?? ''} → ${response.status} ${response.text.slice(0, 200)}`;
          expect(response.status, label).toBeLessThan(500);
          if (response.status >= 400) {
            expect(response.headers.get('content-type') ?? '', label).toMatch(/json/);
            expect(() => JSON.parse(response.text), label).not.toThrow();
            expect(await snapshot(), `${label}: a refused request changed stored data`).toBe(before);
          }
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    console.info(`fuzz: ${[...statuses.values()].reduce((sum, count) => sum + count, 0)} requests, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`);
  }, 600_000);
});
