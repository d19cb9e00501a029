import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { MIN_GZIP_BYTES } from './contentEncoding.js';

/** One file of the page, held in memory. */
export interface PageAsset {
  readonly body: Buffer;
  readonly contentType: string;
  /** A strong validator of the body, for conditional GETs. */
  readonly etag: string;
  /** The body gzipped once, when it is worth it, with its own validator (another representation). */
  readonly gzip?: { readonly body: Buffer; readonly etag: string };
}

/** The page and the closed set of files it loads, by the name each is served under. */
export interface PageAssets {
  readonly html: PageAsset;
  readonly byName: ReadonlyMap<string, PageAsset>;
}

/** The page's modules, compiled by `npm run build` from web/*.ts into dist/web/. */
export const PAGE_MODULES: readonly string[] = [
  'main.js',
  'drawCharts.js',
  'pageElements.js',
  'pageNotices.js',
  'panels.js',
  'api.js',
  'chartData.js',
  'charts.js',
  'endpointRows.js',
  'format.js',
  'headlines.js',
  'period.js',
  'sourceChoice.js',
  'tables.js',
  'traceLink.js',
  'traceView.js',
  'inflightPanel.js',
  'sloPanel.js',
  'compareColumns.js',
  'drillDownPanel.js',
  'saturationHistory.js',
  // Issue 27, parts 1 and 4: the verdict strip and the headline colours.
  'verdictStrip.js',
  'headlineColours.js',
  'thresholdLevels.js',
  'timeZone.js',
  // i27-table: the endpoint table that scales.
  'EndpointTable.js',
  'EndpointBody.js',
  'endpointSummary.js',
  'rateThresholds.js',
  // i27-drill: the drawer's charts, chart overlays and markers.
  'drillDownCharts.js',
  'chartOverlays.js',
  'chartTable.js',
  'sloThreshold.js',
  'instanceMarkers.js',
  // Issue 23: the Dependencies panel and its slow calls drawer.
  'DependenciesPanel.js',
  'dependencyTables.js',
];

/** The page's static files, kept as they are in web/. */
export const PAGE_STATIC_FILES: readonly string[] = ['dashboard.css', 'favicon.svg'];

/** Files served from the uplot package, pinned in package.json. */
export const UPLOT_FILES: readonly string[] = ['uPlot.iife.min.js', 'uPlot.min.css'];

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The package's root directory; this module runs from dist/src/dashboard/. */
export function packageRoot(): string {
  return fileURLToPath(new URL('../../../', import.meta.url));
}

function uplotDistDir(root: string): string {
  try {
    const entry = createRequire(path.join(root, 'package.json')).resolve(
      'uplot/dist/uPlot.iife.min.js',
    );
    return path.dirname(entry);
  } catch (err) {
    throw new Error(
      `dashboard page: cannot find uplot (${(err as Error).message}); run \`npm ci\``,
    );
  }
}

/** A strong validator of a body. */
function etagOf(body: Buffer): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

function load(file: string): PageAsset {
  let body: Buffer;
  try {
    body = readFileSync(file);
  } catch (err) {
    throw new Error(
      `dashboard page: cannot read ${file} (${(err as Error).message}); run \`npm run build\``,
    );
  }
  const contentType = CONTENT_TYPES[path.extname(file)];
  if (contentType === undefined) throw new Error(`dashboard page: no content type for ${file}`);
  return assetOf(body, contentType);
}

/** An asset of `body`, with its gzipped form when the body is large enough to gain from it. */
function assetOf(body: Buffer, contentType: string): PageAsset {
  const etag = etagOf(body);
  if (body.length < MIN_GZIP_BYTES) return { body, contentType, etag };
  // Once per file, when the page is first asked for: every later GET sends these bytes.
  const gz = gzipSync(body, { level: 9 });
  return { body, contentType, etag, gzip: { body: gz, etag: etagOf(gz) } };
}

/**
 * Reads the page and every file it loads into memory, once. Only these
 * names are ever served: no part of a request URL becomes a file path.
 * Throws, naming the file, when one is missing (the page was not built).
 */
export function loadPageAssets(root: string = packageRoot()): PageAssets {
  const web = path.join(root, 'web');
  const compiled = path.join(root, 'dist', 'web');
  const byName = new Map<string, PageAsset>();
  for (const name of PAGE_MODULES) byName.set(name, load(path.join(compiled, name)));
  for (const name of PAGE_STATIC_FILES) byName.set(name, load(path.join(web, name)));
  const html = load(path.join(web, 'dashboard.html'));
  const uplotDir = uplotDistDir(root);
  for (const name of UPLOT_FILES) byName.set(name, load(path.join(uplotDir, name)));
  return { html, byName };
}

/** The prefix the page is written for; {@link renderPage} rewrites it. */
export const PAGE_BASE = '/dashboard';

/**
 * The page as served under `prefix`: every `"/dashboard…"` attribute of the
 * HTML (its assets, its links, and the `golden-signals-base` meta tag the
 * scripts read their API base from) points below `prefix` instead. `prefix`
 * is a validated path (see dashboardPaths), safe in an attribute.
 */
export function renderPage(html: PageAsset, prefix: string): PageAsset {
  if (prefix === PAGE_BASE) return html;
  const text = html.body.toString('utf8').replaceAll(`"${PAGE_BASE}`, `"${prefix}`);
  return assetOf(Buffer.from(text, 'utf8'), html.contentType);
}
