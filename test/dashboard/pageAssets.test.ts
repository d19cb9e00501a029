import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import {
  loadPageAssets,
  PAGE_MODULES,
  PAGE_STATIC_FILES,
  UPLOT_FILES,
} from '../../src/dashboard/pageAssets.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { getJson, type RunningServer, startTestApp } from '../support/testApp.js';

const require = createRequire(import.meta.url);

/** A GET with exactly these headers. */
function rawGet(
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      })
      .on('error', reject);
  });
}

/** Every `src` and `href` of the page. */
function referencedUrls(html: string): string[] {
  return [...html.matchAll(/\s(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
}

describe('pageRouter: GET /dashboard and its assets', () => {
  let server: RunningServer;
  let html: string;
  let page: Response;

  before(async () => {
    server = await startTestApp();
    page = await fetch(`${server.url}/dashboard`);
    html = await page.text();
  });
  after(() => server.close());

  it('serves the page as HTML with a strict CSP and nosniff', () => {
    expect(page.status).to.equal(200);
    expect(page.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp.split(';')[0]).to.equal("default-src 'self'");
    expect(csp).not.to.include('unsafe');
    expect(csp).to.include("frame-ancestors 'none'");
    expect(page.headers.get('x-content-type-options')).to.equal('nosniff');
    expect(page.headers.get('cache-control')).to.equal('no-cache');
    expect(page.headers.get('etag')).to.match(/^"[\w-]+"$/);
    expect(html).to.match(/^<!doctype html>/);
  });

  it('has no inline script, style or event handler for the CSP to block', () => {
    for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).to.match(/\ssrc="/);
    expect(html).not.to.match(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.to.match(/<style\b/);
    expect(html).not.to.match(/\sstyle="/);
    expect(html).not.to.match(/\son[a-z]+="/);
  });

  it('loads nothing from another host: every file it names is an asset of the app', async () => {
    const urls = referencedUrls(html);
    const assets = urls.filter((u) => u.startsWith('/dashboard/assets/'));
    expect(assets.length).to.be.at.least(5);
    // Page links, and fragments of the page itself (the endpoint table's skip link).
    for (const url of urls) expect(url).to.match(/^(\/dashboard\/|\?period=|#[\w-]+$)/);
    for (const url of assets) {
      const res = await fetch(`${server.url}${url}`);
      expect(res.status, url).to.equal(200);
      expect(res.headers.get('x-content-type-options'), url).to.equal('nosniff');
      const type = res.headers.get('content-type');
      if (url.endsWith('.js')) expect(type, url).to.equal('text/javascript; charset=utf-8');
      if (url.endsWith('.css')) expect(type, url).to.equal('text/css; charset=utf-8');
      if (url.endsWith('.svg')) expect(type, url).to.equal('image/svg+xml');
      await res.arrayBuffer();
    }
  });

  it('serves every module the page imports, and nothing it does not list', async () => {
    const seen = new Set<string>();
    const queue = ['main.js'];
    while (queue.length > 0) {
      const name = queue.pop() as string;
      if (seen.has(name)) continue;
      seen.add(name);
      const res = await fetch(`${server.url}/dashboard/assets/${name}`);
      expect(res.status, name).to.equal(200);
      const source = await res.text();
      for (const m of source.matchAll(/\bfrom\s+'\.\/([\w.]+)'/g)) queue.push(m[1] as string);
      expect(source, `${name} imports only relative modules`).not.to.match(/\bfrom\s+'[^.]/);
    }
    expect([...seen].sort()).to.deep.equal([...PAGE_MODULES].sort());
  });

  it('serves uPlot 1.6.32 from node_modules, byte for byte', async () => {
    expect((require('uplot/package.json') as { version: string }).version).to.equal('1.6.32');
    for (const name of UPLOT_FILES) {
      const res = await fetch(`${server.url}/dashboard/assets/${name}`);
      const served = Buffer.from(await res.arrayBuffer());
      expect(served.equals(readFileSync(require.resolve(`uplot/dist/${name}`))), name).to.equal(
        true,
      );
    }
  });

  it('answers 304 to a request that has the current ETag', async () => {
    for (const url of ['/dashboard', '/dashboard/assets/main.js']) {
      const first = await fetch(`${server.url}${url}`);
      await first.arrayBuffer();
      const etag = first.headers.get('etag') as string;
      // node:http, because fetch adds `cache-control: no-cache` to a conditional request.
      const again = await rawGet(`${server.url}${url}`, { 'if-none-match': etag });
      expect(again.status, url).to.equal(304);
      expect(again.body, url).to.equal('');
      const stale = await rawGet(`${server.url}${url}`, { 'if-none-match': '"old"' });
      expect(stale.status, url).to.equal(200);
      expect(stale.body.length, url).to.be.above(0);
    }
  });

  const notServed = [
    '/dashboard/assets/nope.js',
    '/dashboard/assets/main.js.map',
    '/dashboard/assets/apiTypes.js',
    '/dashboard/assets/main.ts',
    '/dashboard/assets/dashboard.html',
    '/dashboard/assets/..%2F..%2Fpackage.json',
    '/dashboard/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/dashboard/assets/..%5Cpackage.json',
    '/dashboard/assets/',
    '/dashboard/assets/MAIN.JS',
  ];
  for (const url of notServed) {
    it(`answers 404 with a JSON error for ${url}`, async () => {
      const res = await fetch(`${server.url}${url}`);
      expect(res.status).to.equal(404);
      const body = (await res.json()) as { error?: unknown };
      expect(body.error).to.be.a('string');
    });
  }

  it('answers HEAD without a body and other methods with 405', async () => {
    const head = await fetch(`${server.url}/dashboard`, { method: 'HEAD' });
    expect(head.status).to.equal(200);
    expect(head.headers.get('content-type')).to.equal('text/html; charset=utf-8');
    expect(await head.text()).to.equal('');
    const post = await fetch(`${server.url}/dashboard`, { method: 'POST' });
    expect(post.status).to.equal(405);
    expect(post.headers.get('allow')).to.include('GET');
    await post.arrayBuffer();
  });

  it('does not count the page or its assets as traffic', async () => {
    await (await fetch(`${server.url}/dashboard`)).arrayBuffer();
    await (await fetch(`${server.url}/dashboard/assets/main.js`)).arrayBuffer();
    const r = await getJson<RequestsReport>(`${server.url}/dashboard/requests?period=15m`);
    expect(r.total).to.equal(0);
  });
});

describe('loadPageAssets', () => {
  it('holds the page and exactly its listed files', () => {
    const assets = loadPageAssets();
    expect([...assets.byName.keys()].sort()).to.deep.equal(
      [...PAGE_MODULES, ...PAGE_STATIC_FILES, ...UPLOT_FILES].sort(),
    );
    expect(assets.html.body.toString('utf8')).to.include('<title>');
  });

  it('fails at start, naming the missing file, when the page was not built', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-page-'));
    try {
      expect(() => loadPageAssets(root)).to.throw(/cannot read .*main\.js.*npm run build/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
