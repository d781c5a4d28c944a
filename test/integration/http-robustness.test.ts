/**
 * Every route, fed hostile input over HTTP: no input a client can send may produce a 5xx, and a refused request
 * (4xx) must change nothing in the table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../shared/http/routes.ts';
import { http, startTestBroker, type TestBroker } from '../support/broker.ts';
import { scanTable } from '../support/table.ts';

let broker: TestBroker;
beforeAll(async () => {
  broker = await startTestBroker();
  await http(broker.url, 'PUT', '/pacticipants/Foo/versions/1', {});
});
afterAll(async () => {
  await broker.close();
});

async function snapshot(): Promise<string> {
  return JSON.stringify((await scanTable(broker.operatorDb)).map((item) => JSON.stringify(item)).sort());
}

const hostileSegments = ['x'.repeat(300), '%E0%A4%A', 'a%23b%23c', '%F0%9F%92%A9', '..', '%20', 'a%0Ab'];
const hostileBodies: { body: string; contentType: string }[] = [
  { body: '{not json', contentType: 'application/json' },
  { body: '[1,2,3]', contentType: 'application/json' },
  { body: '"a string"', contentType: 'application/json' },
  { body: 'null', contentType: 'application/json' },
  { body: '{"name": 5, "production": "yes", "applicationInstance": {"a": 1}, "currentlyDeployed": "no", "tags": "x", "contacts": 7}', contentType: 'application/json' },
  { body: JSON.stringify({ name: 'n'.repeat(5000), production: true, displayName: 'd'.repeat(5000), applicationInstance: 'i'.repeat(5000) }), contentType: 'application/json' },
  { body: JSON.stringify({ contacts: Array.from({ length: 1000 }, () => ({ name: 'x'.repeat(100) })), name: 'big', production: true }), contentType: 'application/json' },
  { body: '{"name":"ok"}', contentType: 'text/plain' },
  { body: '<xml/>', contentType: 'application/xml' },
];

function concretePaths(template: string): string[] {
  const variables = template.match(/\{\w+\}/g) ?? [];
  if (variables.length === 0) return [template];
  return hostileSegments.map((segment) => variables.reduce((path, variable) => path.replace(variable, segment), template));
}

describe('hostile input on every route', () => {
  it('never answers 5xx, and refused requests change nothing', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      for (const path of concretePaths(route.path)) {
        const attempts = route.body === 'json' ? hostileBodies : [{ body: undefined, contentType: '' }];
        for (const attempt of attempts) {
          const before = await snapshot();
          const response = await http(broker.url, route.method, path, attempt.body, attempt.contentType ? { 'Content-Type': attempt.contentType } : {});
          const label = `${route.method} ${path.slice(0, 80)} ${attempt.body?.slice(0, 60) ?? ''} → ${response.status}`;
          if (response.status >= 500) failures.push(`${label} ${response.text.slice(0, 200)}`);
          if (response.status >= 400) {
            if ((await snapshot()) !== before) failures.push(`${label} changed stored data`);
            if (response.status !== 405 && response.headers.get('content-type')?.includes('json') !== true) failures.push(`${label} has no JSON body`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
  }, 240_000);
});
