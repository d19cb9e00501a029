import type { IncomingMessage, ServerResponse } from 'node:http';
import { expect } from 'chai';
import { PAGE_MODULES, PAGE_STATIC_FILES, UPLOT_FILES } from '../../src/dashboard/pageAssets.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { attributeValues, getAll, listen, pageReferences } from '../support/listen.js';
import { send } from '../support/rawRequest.js';
import { getJson, type RunningServer, startTestPipeline } from '../support/testApp.js';

const TOKEN = 'a-test-token-of-32-characters-xx';

/** A plain node:http app with the dashboard mounted under /ops, answering `app <path>` otherwise. */
async function startApp(gs: GoldenSignals): Promise<{ server: RunningServer; passed: string[] }> {
  const dash = gs.handler({ prefix: '/ops' });
  const passed: string[] = [];
  const server = await listen((req: IncomingMessage, res: ServerResponse) => {
    if (dash(req, res)) return;
    passed.push(req.url ?? '');
    res.statusCode = req.url === '/missing' ? 404 : 200;
    res.setHeader('Content-Type', 'text/plain');
    res.end(`app ${req.url}`);
  });
  return { server, passed };
}

describe('Dashboard', () => {
  describe('mounted with handler({ prefix: "/ops" }) on a node:http server', () => {
    let gs: GoldenSignals;
    let server: RunningServer;
    let passed: string[];

    before(async () => {
      gs = startTestPipeline();
      ({ server, passed } = await startApp(gs));
    });
    after(async () => {
      await server.close();
      await gs.shutdown();
    });

    describe('the page', () => {
      for (const path of ['/ops', '/ops/']) {
        it(`serves the page at ${path} with every reference rewritten below /ops`, async () => {
          const res = await fetch(`${server.url}${path}`);
          const html = await res.text();
          expect(res.status).to.equal(200);
          expect(res.headers.get('content-type')).to.equal('text/html; charset=utf-8');
          expect(res.headers.get('x-content-type-options')).to.equal('nosniff');
          expect(res.headers.get('cache-control')).to.equal('no-cache');
          const { urls, base } = pageReferences(html);
          expect(base).to.equal('/ops');
          expect(urls).to.have.length.greaterThan(5);
          // Absolute paths point below /ops; the rest are the period links (`?period=1h`)
          // and fragments of the page itself (the endpoint table's skip link).
          for (const url of urls) expect(url).to.match(/^(?:\/ops\/|\?period=|#[\w-]+$)/);
          expect(urls.filter((u) => u.startsWith('/')).length).to.equal(9);
          for (const value of attributeValues(html))
            expect(value).not.to.match(/^\/dashboard(?:\/|$)/);
          expect(html).not.to.match(/"\/dashboard/);
        });
      }

      it('serves every asset the page references, under /ops/assets', async () => {
        const html = await (await fetch(`${server.url}/ops`)).text();
        const assets = pageReferences(html).urls.filter((u) => u.startsWith('/ops/assets/'));
        expect(assets.length).to.equal(5);
        expect(await getAll(server.url, assets)).to.deep.equal(assets.map(() => 200));
      });

      it('serves the closed set of assets with their content types', async () => {
        const names = [...PAGE_MODULES, ...PAGE_STATIC_FILES, ...UPLOT_FILES];
        for (const name of names) {
          const res = await fetch(`${server.url}/ops/assets/${name}`);
          await res.arrayBuffer();
          expect(res.status, name).to.equal(200);
          const type = res.headers.get('content-type');
          if (name.endsWith('.js')) expect(type).to.equal('text/javascript; charset=utf-8');
          if (name.endsWith('.css')) expect(type).to.equal('text/css; charset=utf-8');
          if (name.endsWith('.svg')) expect(type).to.equal('image/svg+xml');
        }
      });

      it('answers a 304 to If-None-Match with the page ETag, and 200 to another', async () => {
        const first = await fetch(`${server.url}/ops`);
        await first.arrayBuffer();
        const etag = first.headers.get('etag') as string;
        expect(etag).to.match(/^"[A-Za-z0-9_-]{27}"$/);
        const again = await send(server.url, 'GET', '/ops', { 'if-none-match': etag });
        expect(again.status).to.equal(304);
        expect(again.body).to.equal('');
        expect(again.headers.etag).to.equal(etag);
        const listed = await send(server.url, 'GET', '/ops/', { 'if-none-match': `"x", ${etag}` });
        expect(listed.status).to.equal(304);
        const other = await send(server.url, 'GET', '/ops', { 'if-none-match': '"other"' });
        expect(other.status).to.equal(200);
        expect(other.body).to.include('<meta name="golden-signals-base" content="/ops"');
      });

      it('answers a 304 for an asset whose ETag the browser holds', async () => {
        const first = await send(server.url, 'GET', '/ops/assets/main.js');
        const etag = first.headers.etag as string;
        const again = await send(server.url, 'GET', '/ops/assets/main.js', {
          'if-none-match': etag,
        });
        expect([first.status, again.status]).to.deep.equal([200, 304]);
        expect(again.body).to.equal('');
      });

      it('answers a JSON 404 for an unknown asset', async () => {
        const res = await send(server.url, 'GET', '/ops/assets/secret.js');
        expect(res.status).to.equal(404);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(JSON.parse(res.body)).to.deep.equal({ error: 'No dashboard asset named secret.js' });
      });
    });

    describe('the JSON API', () => {
      for (const route of ['overview', 'requests', 'latency', 'errors']) {
        it(`serves /ops/${route} as JSON, never cached nor sniffed`, async () => {
          const res = await send(server.url, 'GET', `/ops/${route}`);
          expect(res.status).to.equal(200);
          expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
          expect(res.headers['cache-control']).to.equal('no-store');
          expect(res.headers['x-content-type-options']).to.equal('nosniff');
          expect(res.headers['content-length']).to.equal(String(Buffer.byteLength(res.body)));
          expect(JSON.parse(res.body)).to.be.an('object');
        });
      }

      it('takes the period of /requests from the query', async () => {
        const r = await getJson<RequestsReport>(`${server.url}/ops/requests?period=15m`);
        expect(r.period).to.equal('15m');
      });

      it('answers 422 JSON for a malformed period', async () => {
        const res = await send(server.url, 'GET', '/ops/requests?period=abc');
        expect(res.status).to.equal(422);
        expect(res.headers['cache-control']).to.equal('no-store');
        expect(JSON.parse(res.body).error).to.match(/^period must match .* got: "abc"$/);
      });

      it('answers 422 JSON for a bad service or instance on every JSON route', async () => {
        const bad = [
          [`service=${'x'.repeat(257)}`, /^service must be at most 256 characters/],
          ['instance=a%0Ab', /^instance must not contain control characters$/],
          ['service=a&service=b', /^service must be given at most once$/],
        ] as const;
        for (const route of ['overview', 'requests', 'latency', 'errors']) {
          for (const [query, message] of bad) {
            const res = await send(server.url, 'GET', `/ops/${route}?${query}`);
            expect(res.status, `${route}?${query}`).to.equal(422);
            expect(JSON.parse(res.body).error).to.match(message);
          }
        }
      });

      it('answers an unknown service with an empty 200, not an error', async () => {
        const r = await getJson<RequestsReport>(
          `${server.url}/ops/requests?period=1h&service=no-such-service&instance=x`,
        );
        expect(r.total).to.equal(0);
        expect(r.by_endpoint).to.deep.equal({});
      });

      it('answers 422 JSON for a repeated period', async () => {
        for (const route of ['requests', 'latency', 'errors']) {
          const res = await send(server.url, 'GET', `/ops/${route}?period=1h&period=2h`);
          expect(res.status, route).to.equal(422);
          expect(JSON.parse(res.body)).to.deep.equal({
            error: 'period must be given at most once',
          });
        }
      });

      it('answers a JSON 404 for an unknown sub-path', async () => {
        const res = await send(server.url, 'GET', '/ops/nope');
        expect(res.status).to.equal(404);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(res.headers['x-content-type-options']).to.equal('nosniff');
        expect(JSON.parse(res.body)).to.deep.equal({ error: 'No dashboard route /nope' });
      });

      it('answers 405 with Allow: GET, HEAD to any other method', async () => {
        for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
          for (const path of ['/ops', '/ops/overview', '/ops/metrics']) {
            const res = await send(server.url, method, path);
            expect(res.status, `${method} ${path}`).to.equal(405);
            expect(res.headers.allow).to.equal('GET, HEAD');
            expect(JSON.parse(res.body)).to.deep.equal({
              error: 'Method not allowed; use GET, HEAD',
            });
          }
        }
      });

      it('answers HEAD with the headers of GET and no body', async () => {
        for (const path of ['/ops', '/ops/overview', '/ops/assets/dashboard.css', '/ops/nope']) {
          const get = await send(server.url, 'GET', path);
          const head = await send(server.url, 'HEAD', path);
          expect(head.status, path).to.equal(get.status);
          expect(head.body, path).to.equal('');
          expect(head.headers['content-type'], path).to.equal(get.headers['content-type']);
          if (path !== '/ops/overview') {
            // The overview's figures are live; its length may change between the two.
            expect(head.headers['content-length'], path).to.equal(get.headers['content-length']);
          }
        }
      });
    });

    describe('the metrics', () => {
      it('serves the Prometheus text at /ops/metrics', async () => {
        const res = await fetch(`${server.url}/ops/metrics`);
        const text = await res.text();
        expect(res.status).to.equal(200);
        expect(res.headers.get('content-type')).to.match(/^text\/plain/);
        expect(text).to.match(/^# HELP /m);
        expect(text).to.include('target_info');
      });
    });

    describe('other paths', () => {
      it('leaves them to the app (the handler returned false)', async () => {
        passed.length = 0;
        const paths = ['/', '/opsx', '/op', '/ops-x/overview', '/x/ops', '/metrics', '/missing'];
        const statuses = await getAll(server.url, paths);
        expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 200, 404]);
        expect(passed).to.deep.equal(paths);
        const text = await (await fetch(`${server.url}/opsx?a=1`)).text();
        expect(text).to.equal('app /opsx?a=1');
      });
    });

    describe('counting', () => {
      it('never counts a request to the mount, and counts the app’s others exactly', async () => {
        const store = gs.store;
        if (store === undefined) expect.fail('the pipeline has a store');
        const before = store.totalRecorded;
        const mounted = [
          '/ops',
          '/ops/',
          '/ops/overview',
          '/ops/requests?period=1h',
          '/ops/latency',
          '/ops/errors',
          '/ops/assets/main.js',
          '/ops/assets/nope.js',
          '/ops/nope',
          '/ops/requests?period=zzz',
          '/ops/metrics',
        ];
        await getAll(server.url, mounted);
        await send(server.url, 'POST', '/ops/overview');
        await send(server.url, 'HEAD', '/ops');
        expect(store.totalRecorded).to.equal(before);
        await getAll(server.url, ['/a', '/b', '/opsx', '/missing']);
        await send(server.url, 'POST', '/a');
        // One more uncounted round trip, so the last app span has surely ended.
        await getAll(server.url, ['/ops/overview']);
        expect(store.totalRecorded).to.equal(before + 5);
        const r = await getJson<RequestsReport>(`${server.url}/ops/requests?period=1h`);
        expect(r.total).to.equal(before + 5);
        expect(r.by_endpoint.unmatched).to.equal(before + 5);
      });
    });
  });

  describe('with a metricsPath outside the prefix', () => {
    let gs: GoldenSignals;
    let server: RunningServer;

    before(async () => {
      gs = startTestPipeline();
      const dash = gs.handler({ prefix: '/ops', metricsPath: '/metrics' });
      server = await listen((req, res) => {
        if (dash(req, res)) return;
        res.end(`app ${req.url}`);
      });
    });
    after(async () => {
      await server.close();
      await gs.shutdown();
    });

    it('serves the Prometheus text at exactly that path, uncounted', async () => {
      const res = await send(server.url, 'GET', '/metrics');
      expect(res.status).to.equal(200);
      expect(res.body).to.match(/^# HELP /m);
      expect((await send(server.url, 'GET', '/ops/metrics')).status).to.equal(404);
      expect(gs.store?.totalRecorded).to.equal(0);
    });

    it('leaves the paths below it to the app, and counts them', async () => {
      const below = await send(server.url, 'GET', '/metrics/custom');
      expect(below.body).to.equal('app /metrics/custom');
      const slash = await send(server.url, 'GET', '/metrics/');
      expect(slash.body).to.equal('app /metrics/');
      await send(server.url, 'GET', '/ops/overview');
      expect(gs.store?.totalRecorded).to.equal(2);
    });
  });

  describe('with a dashboardToken', () => {
    let gs: GoldenSignals;
    let server: RunningServer;

    before(async () => {
      gs = startTestPipeline({}, { dashboardToken: TOKEN });
      ({ server } = await startApp(gs));
    });
    after(async () => {
      await server.close();
      await gs.shutdown();
    });

    const basic = (user: string, password: string) =>
      `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    const paths = ['/ops', '/ops/overview', '/ops/assets/main.js', '/ops/metrics', '/ops/nope'];

    for (const path of paths) {
      describe(path, () => {
        it('answers 401 JSON with WWW-Authenticate without a token', async () => {
          const res = await send(server.url, 'GET', path);
          expect(res.status).to.equal(401);
          expect(res.headers['www-authenticate']).to.equal(
            'Basic realm="golden-signals", charset="UTF-8"',
          );
          expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
          expect(JSON.parse(res.body)).to.deep.equal({
            error: 'Authentication required: Bearer token or Basic password',
          });
        });

        it('answers 401 JSON with WWW-Authenticate to a wrong token', async () => {
          for (const authorization of [
            `Bearer ${TOKEN}x`,
            `Bearer ${TOKEN.slice(1)}`,
            basic('ops', 'wrong-password-wrong-password'),
            basic(TOKEN, 'nope'),
          ]) {
            const res = await send(server.url, 'GET', path, { authorization });
            expect(res.status, authorization).to.equal(401);
            expect(res.headers['www-authenticate']).to.equal(
              'Basic realm="golden-signals", charset="UTF-8"',
            );
            expect(JSON.parse(res.body)).to.deep.equal({ error: 'Invalid token' });
          }
        });

        it('answers as without a token to Bearer and to the Basic password', async () => {
          const expected = path === '/ops/nope' ? 404 : 200;
          for (const authorization of [`Bearer ${TOKEN}`, basic('anyone', TOKEN)]) {
            const res = await send(server.url, 'GET', path, { authorization });
            expect(res.status, authorization).to.equal(expected);
            expect(res.headers['www-authenticate']).to.equal(undefined);
          }
        });
      });
    }

    it('asks for the token before it looks at the method', async () => {
      const res = await send(server.url, 'POST', '/ops/overview');
      expect(res.status).to.equal(401);
    });

    it('asks no token of the app’s own paths', async () => {
      const res = await send(server.url, 'GET', '/other');
      expect(res.status).to.equal(200);
      expect(res.body).to.equal('app /other');
    });
  });
});
