import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import './styles.css';
import { session } from './api.ts';
import { useAuthState, useLocation } from './hooks.ts';
import { to, type Location } from './routes.ts';
import { text } from './text.ts';
import { IntegrationsPage } from './pages/integrations.tsx';
import { ApplicationsPage, ApplicationPage } from './pages/application.tsx';
import { EnvironmentsPage, EnvironmentPage } from './pages/environment.tsx';
import { MatrixPage } from './pages/matrix.tsx';
import { ContractPage } from './pages/contract.tsx';
import { NetworkPage } from './pages/network.tsx';
import { ApiBrowserPage } from './pages/api-browser.tsx';

function TokenForm() {
  const [value, setValue] = useState('');
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => input.current?.focus(), []);
  return (
    <section class="card token-card" aria-labelledby="token-heading">
      <h1 id="token-heading">{text.token.title}</h1>
      <p>{text.token.explain}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim() !== '') session.setToken(value.trim());
        }}
      >
        <label for="token-input">{text.token.label}</label>
        <div class="row">
          <input id="token-input" ref={input} type="password" autoComplete="off" value={value} onInput={(event) => setValue((event.target as HTMLInputElement).value)} />
          <button type="submit">{text.token.submit}</button>
        </div>
      </form>
    </section>
  );
}

const NAV: readonly { readonly key: keyof typeof text.nav; readonly href: string; readonly pages: readonly string[] }[] = [
  { key: 'integrations', href: to.integrations(), pages: ['integrations'] },
  { key: 'applications', href: to.applications(), pages: ['applications', 'application', 'contract'] },
  { key: 'environments', href: to.environments(), pages: ['environments', 'environment'] },
  { key: 'matrix', href: to.matrix(), pages: ['matrix'] },
  { key: 'network', href: to.network(), pages: ['network'] },
  { key: 'api', href: to.api(), pages: ['api'] },
];

function Header({ location }: { location: Location }) {
  const hasToken = session.token() !== null;
  return (
    <header class="top">
      <a class="skip" href="#main" onClick={(event) => {
        event.preventDefault();
        document.getElementById('main')?.focus();
      }}>
        {text.skipToContent}
      </a>
      <a class="brand" href={to.integrations()}>
        <span class="logo" aria-hidden="true">⇄</span> {text.brand}
      </a>
      <nav aria-label="Main">
        <ul>
          {NAV.map((item) => (
            <li key={item.key}>
              <a href={item.href} {...(item.pages.includes(location.page.name) ? { 'aria-current': 'page' } : {})}>
                {text.nav[item.key]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {hasToken && (
        <button type="button" class="secondary small" onClick={() => session.clearToken()}>
          {text.token.forget}
        </button>
      )}
    </header>
  );
}

function Page({ location }: { location: Location }) {
  const { page } = location;
  switch (page.name) {
    case 'integrations':
      return <IntegrationsPage query={location.query} />;
    case 'applications':
      return <ApplicationsPage />;
    case 'application':
      return <ApplicationPage pacticipant={page.pacticipant} query={location.query} />;
    case 'environments':
      return <EnvironmentsPage />;
    case 'environment':
      return <EnvironmentPage name={page.environment} />;
    case 'matrix':
      return <MatrixPage rawQuery={location.rawQuery} />;
    case 'contract':
      return <ContractPage consumer={page.consumer} provider={page.provider} version={page.version} query={location.query} />;
    case 'network':
      return <NetworkPage query={location.query} />;
    case 'api':
      return <ApiBrowserPage query={location.query} />;
    case 'not-found':
      return <p class="notice notice-error">{text.errors.notFoundPage(page.path)}</p>;
  }
}

function titleOf(location: Location): string {
  const { page } = location;
  switch (page.name) {
    case 'application':
      return page.pacticipant;
    case 'environment':
      return page.environment;
    case 'contract':
      return text.contract.title(page.consumer, page.provider);
    case 'not-found':
      return text.brand;
    default:
      return text.nav[page.name];
  }
}

function App() {
  const location = useLocation();
  const { tokenWanted } = useAuthState();
  useEffect(() => {
    document.title = `${titleOf(location)} · ${text.brand}`;
  }, [location]);
  return (
    <>
      <Header location={location} />
      <main id="main" tabIndex={-1}>
        {tokenWanted ? <TokenForm /> : <Page location={location} />}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
