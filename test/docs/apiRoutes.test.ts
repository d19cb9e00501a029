import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { createGoldenSignals, type GoldenSignalsParts } from '../../src/index.js';
import { type DocumentedRoute, documentedRoutes } from './documentedRoutes.js';

// dist/test/docs/ → the repository root.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const SILENT = { info: () => {}, warn: () => {} };
const TRACE_ID = '5b8efff798038103d269b633813fc60c';

/** What a `:name` placeholder of a documented path is filled with. */
const PLACEHOLDERS: Readonly<Record<string, string>> = {
  traceId: TRACE_ID,
  name: 'dashboard.css',
};

function filled(route: DocumentedRoute): string {
  return route.path.replace(/:([A-Za-z]+)/g, (_, name: string) => {
    const value = PLACEHOLDERS[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${route.path}`);
    return value;
  });
}

/** The path-like string literals of the dashboard's sources: `'/overview'`, `'/traces/'`. */
function pathLiterals(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const source = readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    for (const [, literal = ''] of source.matchAll(/'(\/[a-z][a-z0-9-]*)\/?'/g)) found.add(literal);
  }
  return found;
}

/**
 * Holds docs/api.md to the server: every route it names in a heading answers
 * on a real own port, and every route the dashboard answers is named there.
 * Only the public API and HTTP are used, so the routing inside may change.
 */
describe('docs/api.md against a running dashboard', () => {
  const markdown = readFileSync(path.join(ROOT, 'docs', 'api.md'), 'utf8');
  const routes = documentedRoutes(markdown);
  const library = routes.filter((route) => !route.demo);
  let gs: GoldenSignalsParts;
  let base: string;

  const send = (method: string, url: string) =>
    fetch(`${base}${url}`, {
      method,
      headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : '{}',
    });

  before(async () => {
    gs = createGoldenSignals({ env: { OTEL_TRACES_EXPORTER: 'memory' }, port: 0, logger: SILENT });
    const url = await gs.dashboardUrl;
    if (url === undefined) throw new Error('the own port did not start');
    base = new URL(url).origin;
  });
  after(async () => {
    await gs.shutdown();
  });

  it('names the routes of the dashboard, the receiver and /metrics, and the demo apart', () => {
    const names = library.map((route) => `${route.method} ${route.path.split('?')[0]}`);
    expect(names).to.include.members([
      'GET /dashboard/overview',
      'GET /dashboard/traces/:traceId',
      'GET /metrics',
      'POST /v1/traces',
    ]);
    expect(routes.filter((route) => route.demo).map((route) => route.path)).to.include('/predict');
  });

  it('answers 404 for a route nobody serves, so the checks below can fail', async () => {
    expect((await send('GET', '/dashboard/no-such-route')).status).to.equal(404);
    expect((await send('POST', '/v1/no-such-route')).status).to.equal(404);
  });

  it('answers every documented route with something other than 404', async () => {
    const missing: string[] = [];
    for (const route of library) {
      const res = await send(route.method, filled(route));
      const body = await res.text();
      // The trace route answers an unknown id with its own 404, which names the id.
      const ownNotFound =
        route.path.includes(':traceId') && res.status === 404 && body.includes(TRACE_ID);
      if (res.status === 404 && !ownNotFound) missing.push(`${route.method} ${route.path}`);
    }
    expect(missing).to.deep.equal([]);
  });

  it('documents every dashboard route the server answers', async () => {
    const documented = new Set(
      library.map((route) => route.path.split('?')[0]?.replace(/\/:[A-Za-z]+$/, '')),
    );
    const undocumented: string[] = [];
    for (const literal of pathLiterals(path.join(ROOT, 'src', 'dashboard'))) {
      const url = `/dashboard${literal}`;
      if ((await send('GET', url)).status === 404) continue;
      if (!documented.has(url)) undocumented.push(url);
    }
    expect(undocumented).to.deep.equal([]);
  });
});
