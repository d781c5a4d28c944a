/**
 * The web UI as the broker serves it (docs/web-ui.md §1): the page a browser gets at the base URL, and the hashed
 * script and stylesheet under `/ui/`. The files, and their gzipped copies, are built beside the function's bundle
 * (ui/build.ts, laid out as ui/manifest.ts says); they are read once per execution environment.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ApiResponse } from './api-handler.ts';
import type { Links } from './hal.ts';
import { UI_DIRECTORY, gzippedName, readUiManifest, type UiManifest } from '../../ui/manifest.ts';

interface Asset {
  readonly contentType: string;
  readonly text: string;
  readonly gzipBase64: string;
}

interface LoadedUi {
  readonly manifest: UiManifest;
  readonly assets: ReadonlyMap<string, Asset>;
}

let loaded: LoadedUi | null | undefined;

/** The built UI beside this bundle, or null when there is none (the handler modules run from source, in unit tests). */
function loadUi(): LoadedUi | null {
  if (loaded !== undefined) return loaded;
  try {
    const directory = join(fileURLToPath(new URL('.', import.meta.url)), UI_DIRECTORY);
    const manifest = readUiManifest(directory);
    const assets = new Map<string, Asset>();
    for (const [name, contentType] of Object.entries(manifest.files)) {
      const text = readFileSync(join(directory, name), 'utf8');
      assets.set(name, { contentType, text, gzipBase64: readFileSync(join(directory, gzippedName(name))).toString('base64') });
    }
    loaded = { manifest, assets };
  } catch {
    loaded = null;
  }
  return loaded;
}

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** Script and styles only from the broker itself; no inline code, no framing, no referrer leaving the page. */
const PAGE_SECURITY_HEADERS = {
  'Content-Security-Policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The UI's page, or undefined when the UI was not built beside this function. */
export function uiPage(links: Links): ApiResponse | undefined {
  const ui = loadUi();
  if (ui === null) return undefined;
  // Same-origin paths for the assets: the configured base URL may name another host than the one the browser used.
  const basePath = new URL(links.base).pathname.replace(/\/+$/, '');
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    '<title>Pact Broker</title>',
    '<link rel="icon" href="data:,">',
    `<link rel="stylesheet" href="${escapeAttribute(`${basePath}/ui/${ui.manifest.style}`)}">`,
    `<script type="module" src="${escapeAttribute(`${basePath}/ui/${ui.manifest.script}`)}"></script>`,
    '</head>',
    `<body data-base-path="${escapeAttribute(basePath)}" data-api-base="${escapeAttribute(links.base)}">`,
    '<noscript>The Pact Broker UI needs JavaScript. API clients ask for application/hal+json.</noscript>',
    '<div id="app"></div>',
    '</body>',
    '</html>',
  ].join('');
  return {
    status: 200,
    raw: { body: html, contentType: 'text/html;charset=utf-8' },
    // The page names the current assets, so it is revalidated every time; it is tiny.
    headers: { 'Cache-Control': 'no-cache', Vary: 'Accept', ...PAGE_SECURITY_HEADERS },
  };
}

/** A hashed asset, gzipped when the browser accepts it, cached for a year (its name changes with its content). */
export function uiAsset(name: string, acceptEncoding: string | undefined): ApiResponse | undefined {
  const asset = loadUi()?.assets.get(name);
  if (asset === undefined) return undefined;
  const gzip = (acceptEncoding ?? '').split(',').some((part) => part.split(';')[0]?.trim().toLowerCase() === 'gzip');
  return {
    status: 200,
    raw: gzip ? { body: asset.gzipBase64, contentType: asset.contentType, base64: true } : { body: asset.text, contentType: asset.contentType },
    headers: { 'Cache-Control': 'public, max-age=31536000, immutable', Vary: 'Accept-Encoding', 'X-Content-Type-Options': 'nosniff', ...(gzip ? { 'Content-Encoding': 'gzip' } : {}) },
  };
}
