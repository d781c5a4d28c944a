import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { apiPath, getJson } from '../api.ts';
import { DataTable, Loaded, Section } from '../components/common.tsx';
import { useResource } from '../hooks.ts';
import type { HalLink } from '../model.ts';
import { to } from '../routes.ts';
import { text } from '../text.ts';

const go = (target: string) => {
  window.location.hash = to.api(target).slice(1);
};

/** Expands a templated href with the variables the user typed (each one encoded as a path segment or query value). */
export function expandTemplate(href: string, values: Readonly<Record<string, string>>): string {
  return href.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? ''));
}

function TemplatedLink({ link }: { link: HalLink }) {
  const names = [...link.href.matchAll(/\{(\w+)\}/g)].map((match) => match[1] as string);
  const [values, setValues] = useState<Record<string, string>>({});
  return (
    <form
      class="inline-form"
      onSubmit={(event) => {
        event.preventDefault();
        go(apiPath(expandTemplate(link.href, values)));
      }}
    >
      <code>{apiPath(link.href)}</code>
      {names.map((name) => (
        <label key={name}>
          {name}
          <input value={values[name] ?? ''} onInput={(event) => setValues({ ...values, [name]: (event.target as HTMLInputElement).value })} required />
        </label>
      ))}
      <button type="submit" class="small">
        {text.api.expand}
      </button>
    </form>
  );
}

function LinkTarget({ link }: { link: HalLink }) {
  if (link.templated === true) return <TemplatedLink link={link} />;
  let target: string;
  try {
    target = apiPath(link.href);
  } catch {
    return <span>{link.href}</span>;
  }
  return (
    <>
      <a href={to.api(target)}>{target}</a>
      {link.title !== undefined && <span class="muted"> {link.title}</span>}
    </>
  );
}

/** JSON, with every `href` a link into the browser. */
function JsonView({ value, indent = 0 }: { value: unknown; indent?: number }): ComponentChildren {
  const pad = '  '.repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return (
      <>
        {'[\n'}
        {value.map((item, index) => (
          <>
            {pad}
            {'  '}
            <JsonView value={item} indent={indent + 1} />
            {index < value.length - 1 ? ',\n' : '\n'}
          </>
        ))}
        {pad}
        {']'}
      </>
    );
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    const templated = (value as { templated?: unknown }).templated === true;
    return (
      <>
        {'{\n'}
        {entries.map(([key, item], index) => (
          <>
            {pad}
            {'  '}
            <span class="json-key">{JSON.stringify(key)}</span>
            {': '}
            {key === 'href' && typeof item === 'string' && !templated ? <HrefValue href={item} /> : <JsonView value={item} indent={indent + 1} />}
            {index < entries.length - 1 ? ',\n' : '\n'}
          </>
        ))}
        {pad}
        {'}'}
      </>
    );
  }
  return <span class={`json-${value === null ? 'null' : typeof value}`}>{JSON.stringify(value)}</span>;
}

function HrefValue({ href }: { href: string }) {
  try {
    return <a href={to.api(apiPath(href))}>{JSON.stringify(href)}</a>;
  } catch {
    return <span class="json-string">{JSON.stringify(href)}</span>;
  }
}

export function ApiBrowserPage({ query }: { query: URLSearchParams }) {
  const target = query.get('path') ?? '/';
  const [input, setInput] = useState(target);
  useEffect(() => setInput(target), [target]);
  const resource = useResource(`api:${target}`, (signal) => getJson<Record<string, unknown>>(target, signal));
  return (
    <>
      <h1>{text.api.title}</h1>
      <p class="intro">{text.api.intro}</p>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          go(input.startsWith('/') ? input : `/${input}`);
        }}
      >
        <label>
          {text.api.path}
          <input class="wide" value={input} onInput={(event) => setInput((event.target as HTMLInputElement).value)} />
        </label>
        <button type="submit">{text.api.go}</button>
      </form>
      <Loaded resource={resource}>
        {(body) => {
          const links = Object.entries(((body as { _links?: Record<string, HalLink | HalLink[]> })._links ?? {}) as Record<string, HalLink | HalLink[]>).filter(([rel]) => rel !== 'curies');
          return (
            <>
              {links.length > 0 && (
                <Section title={text.api.links} id="api-links">
                  <DataTable className="links" columns={[text.api.relation, text.api.target]}>
                    {links.flatMap(([rel, value]) =>
                      (Array.isArray(value) ? value : [value]).map((link, index) => (
                        <tr key={`${rel}:${index}`}>
                          <th scope="row">
                            <code>{rel}</code>
                            {link.name !== undefined && <span class="muted"> {link.name}</span>}
                          </th>
                          <td>
                            <LinkTarget link={link} />
                          </td>
                        </tr>
                      )),
                    )}
                  </DataTable>
                </Section>
              )}
              <Section title={text.api.body} id="api-body">
                <pre class="json">
                  <JsonView value={body} />
                </pre>
              </Section>
            </>
          );
        }}
      </Loaded>
    </>
  );
}
