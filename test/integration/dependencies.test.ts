import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { expect } from 'chai';
import type { DependenciesReport } from '../../src/dashboard/queries/dependenciesQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { GoldenSignals } from '../../src/index.js';
import { listen, type RunningServer } from '../support/listen.js';
import { startTestPipeline } from '../support/testApp.js';

/** A GET through the instrumented `http` module: its body read, its status answered. */
function httpGet(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(url, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      })
      .on('error', reject);
  });
}

/** The route of a request: its path, so every endpoint is named. */
const route = (req: IncomingMessage): string | undefined => req.url?.split('?', 1)[0];

/** A real downstream service: `/ok` and `/item` answer 200, `/fail` 500. */
function downstream(): Promise<RunningServer> {
  return listen((req, res) => {
    res.statusCode = req.url === '/fail' ? 500 : 200;
    res.end('{}');
  });
}

/**
 * The app under test: `/orders` makes 3 calls to `/ok` and 1 to `/fail`,
 * `/n1` 12 calls to `/item`, one after the other, with `get`; the dashboard
 * is mounted at `/dashboard`.
 */
function app(gs: GoldenSignals, down: string, get: (url: string) => Promise<number>) {
  const dashboard = gs.handler();
  return listen((req: IncomingMessage, res: ServerResponse) => {
    if (dashboard(req, res)) return;
    const calls =
      req.url === '/orders'
        ? ['/ok', '/ok', '/ok', '/fail']
        : req.url === '/n1'
          ? Array.from({ length: 12 }, () => '/item')
          : [];
    void (async () => {
      for (const path of calls) await get(`${down}${path}`);
      res.end('done');
    })();
  });
}

async function json<T>(url: string): Promise<T> {
  const res = await fetch(url);
  expect(res.status, url).to.equal(200);
  return (await res.json()) as T;
}

describe('dependencies end to end (real SDK, real HTTP client spans)', () => {
  describe('outgoing http.request calls', () => {
    let gs: GoldenSignals;
    let down: RunningServer;
    let server: RunningServer;
    const ORDERS = 20;
    const N1 = 5;

    before(async () => {
      gs = startTestPipeline({}, { route });
      down = await downstream();
      server = await app(gs, down.url, httpGet);
      for (let i = 0; i < ORDERS; i++) expect(await httpGet(`${server.url}/orders`)).to.equal(200);
      for (let i = 0; i < N1; i++) expect(await httpGet(`${server.url}/n1`)).to.equal(200);
    });

    after(async () => {
      await server.close();
      await down.close();
      await gs.shutdown();
    });

    it('counts every call to the downstream exactly, with its errors', async () => {
      const report = await json<DependenciesReport>(
        `${server.url}/dashboard/dependencies?period=1h`,
      );
      const dependency = new URL(down.url).host;
      const found = report.dependencies.find((d) => d.dependency === dependency);
      expect(found).to.deep.include({
        kind: 'http',
        system: 'http',
        calls: ORDERS * 4 + N1 * 12,
        errors: ORDERS,
      });
      expect(found?.operations.map((o) => [o.operation, o.calls])).to.deep.equal([
        ['GET', ORDERS * 4 + N1 * 12],
      ]);
      expect(found?.latency_ms.max).to.be.greaterThan(0);
    });

    it('gives each endpoint its calls per request and its share of time', async () => {
      const report = await json<DependenciesReport>(
        `${server.url}/dashboard/dependencies?period=1h`,
      );
      const dependency = new URL(down.url).host;
      const orders = report.endpoints.find((e) => e.endpoint === '/orders');
      expect(orders?.requests).to.equal(ORDERS);
      const ordersDown = orders?.dependencies.find((d) => d.dependency === dependency);
      expect(ordersDown).to.deep.include({ calls: ORDERS * 4, calls_per_request: 4 });
      expect(ordersDown?.time_share).to.be.greaterThan(0).and.at.most(1);
      const n1 = report.endpoints.find((e) => e.endpoint === '/n1');
      expect(n1?.dependencies.find((d) => d.dependency === dependency)).to.deep.include({
        calls: N1 * 12,
        calls_per_request: 12,
      });
      // The downstream's own requests made no calls.
      expect(report.endpoints.map((e) => e.endpoint)).to.not.include('/ok');
    });

    it('flags /n1 as N+1 (12 calls of one dependency and method a request), and not /orders', async () => {
      const report = await json<DependenciesReport>(`${server.url}/dashboard/dependencies`);
      expect(
        report.n_plus_one.map((f) => [
          f.endpoint,
          f.statement,
          f.requests,
          f.max_calls_per_request,
        ]),
      ).to.deep.equal([['/n1', 'GET', N1, 12]]);
      expect(report.n_plus_one[0]?.trace_id).to.match(/^[0-9a-f]{32}$/);
    });

    it('narrows to one endpoint, and says where its time goes on /dashboard/latency', async () => {
      const dependency = new URL(down.url).host;
      const only = await json<DependenciesReport>(
        `${server.url}/dashboard/dependencies?endpoint=/orders`,
      );
      expect(only.dependencies.find((d) => d.dependency === dependency)).to.deep.include({
        calls: ORDERS * 4,
        errors: ORDERS,
      });
      const latency = await json<LatencyReport>(`${server.url}/dashboard/latency?endpoint=/orders`);
      expect(
        latency.dependencies?.find((d) => d.dependency === dependency)?.calls_per_request,
      ).to.equal(4);
      const plain = await json<LatencyReport>(`${server.url}/dashboard/latency`);
      expect(plain.dependencies).to.equal(undefined);
    });

    it('finds http.client.request.duration on /metrics already, from instrumentation-http, for the same calls', async () => {
      // The stock instrumentation records the semantic conventions' histogram into our
      // meter provider; golden-signals adds no second family of that name.
      const text = await (await fetch(`${server.url}/dashboard/metrics`)).text();
      const port = new URL(down.url).port;
      const families = text
        .split('\n')
        .filter((l) => l.startsWith('# TYPE http_client_request_duration'));
      expect(families).to.have.length(1);
      const count = text
        .split('\n')
        .filter(
          (l) =>
            /^http_client_request_duration(_seconds)?_count\{/.test(l) &&
            l.includes(`server_port="${port}"`),
        )
        .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
      expect(count).to.equal(ORDERS * 4 + N1 * 12);
    });

    it('answers bad parameters with a 400 in JSON', async () => {
      const res = await fetch(`${server.url}/dashboard/dependencies?endpoint=a&endpoint=b`);
      expect(res.status).to.equal(400);
      expect(((await res.json()) as { error: string }).error).to.match(/endpoint/);
    });
  });

  describe('outgoing fetch calls (instrumentation-undici)', () => {
    let gs: GoldenSignals;
    let down: RunningServer;
    let server: RunningServer;

    before(async () => {
      gs = startTestPipeline({}, { route, instrumentations: [new UndiciInstrumentation()] });
      down = await downstream();
      const viaFetch = async (url: string): Promise<number> => {
        const res = await fetch(url);
        await res.arrayBuffer();
        return res.status;
      };
      server = await app(gs, down.url, viaFetch);
      for (let i = 0; i < 6; i++) expect(await httpGet(`${server.url}/orders`)).to.equal(200);
    });

    after(async () => {
      await server.close();
      await down.close();
      await gs.shutdown();
    });

    it('counts fetch calls per request exactly', async () => {
      const report =
        gs.store === undefined
          ? undefined
          : await json<DependenciesReport>(`${server.url}/dashboard/dependencies`);
      const dependency = new URL(down.url).host;
      expect(report?.dependencies.find((d) => d.dependency === dependency)).to.deep.include({
        calls: 24,
        errors: 6,
      });
      const orders = report?.endpoints.find((e) => e.endpoint === '/orders');
      expect(
        orders?.dependencies.find((d) => d.dependency === dependency)?.calls_per_request,
      ).to.equal(4);
    });
  });
});
