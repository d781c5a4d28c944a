/** The index `GET /`: one `pb:` relation per route-table entry that declares one, so it lists exactly what exists. */
import { routes } from './routes.ts';
import type { Links } from './hal.ts';

export function indexResource(links: Links) {
  const relations: Record<string, unknown> = { self: { href: links.base, title: 'Index', templated: false } };
  for (const route of routes) {
    if (route.rel === undefined) continue;
    let path = route.path;
    for (const [variable, exposedAs] of Object.entries(route.rel.params ?? {})) path = path.replace(`{${variable}}`, `{${exposedAs}}`);
    const segments = path.split('/').filter((segment) => segment !== '');
    relations[route.rel.name] = { href: links.template(...segments), title: route.rel.title, templated: path.includes('{') };
  }
  relations['curies'] = [{ name: 'pb', href: `${links.base}/doc/{rel}?context=index`, templated: true }];
  return { _links: relations };
}
