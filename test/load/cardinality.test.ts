import http from 'node:http';
import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { routeTag } from '../../src/http/routeTag.js';
import { OVERFLOW_ENDPOINT } from '../../src/store/SeriesRegistry.js';
import { heapAfterGc } from '../support/heapAfterGc.js';
import { type RunningServer, serve, startTestApp, type TestApp } from '../support/testApp.js';

const FLOOD = 100_000;
/** Heap growth allowed across a flood, after GC: the store must stay flat. */
const FLAT_BOUND_BYTES = 8 * 1024 * 1024;

/** Sends `count` requests built by `pathOf(i)`, `concurrency` at a time, over keep-alive. */
async function flood(
  base: string,
  count: number,
  method: string,
  pathOf: (i: number) => string,
  body?: string,
): Promise<Map<number, number>> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const status = await new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: url.hostname,
            port: url.port,
            method,
            path: pathOf(i),
            agent,
            headers: body === undefined ? {} : { 'content-type': 'application/json' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  agent.destroy();
  return statuses;
}

describe('cardinality floods', function () {
  this.timeout(300_000);
  let server: TestApp;
  /** A fresh pipeline and empty store, the warmed-up code kept. */
  const restart = async () => {
    await server.close();
    server = await startTestApp();
    return server.goldenSignals.store;
  };
  before(async () => {
    server = await startTestApp();
  });
  after(() => server.close());

  const floods: [string, string, (i: number) => string, string | undefined, number, string][] = [
    [
      '100k unique paths',
      'GET',
      (i) => `/flood/${i}/${(i * 7919).toString(36)}`,
      undefined,
      404,
      'unmatched',
    ],
    [
      '100k unique query strings',
      'POST',
      (i) => `/predict?id=${i}&q=${(i * 31).toString(36)}`,
      '{"text":"ok"}',
      200,
      '/predict',
    ],
  ];
  for (const [name, method, pathOf, body, status, endpoint] of floods) {
    it(`keeps series and memory flat under ${name}`, async () => {
      // Warm up code paths and the minute bucket, then measure.
      await flood(server.url, 2_000, method, pathOf, body);
      const store = await restart();
      if (store === undefined) throw new Error('memory exporter is off');
      const before = heapAfterGc();
      const statuses = await flood(server.url, FLOOD, method, pathOf, body);
      const after = heapAfterGc();
      const report = requestsQuery(store, '1h', 3_600_000);
      console.log(
        `      ${name}: series ${store.seriesCount}/${store.seriesLimit}, heap after GC ` +
          `${(before / 2 ** 20).toFixed(1)} → ${(after / 2 ** 20).toFixed(1)} MB`,
      );
      expect(statuses.get(status)).to.equal(FLOOD);
      expect(report.total).to.equal(FLOOD);
      expect(report.by_endpoint).to.deep.equal({ [endpoint]: FLOOD });
      expect(store.seriesCount).to.be.at.most(2);
      expect(after - before).to.be.below(FLAT_BOUND_BYTES);
    });
  }

  it('folds routes past the series cap into one counted overflow endpoint', async () => {
    const store = await restart();
    if (store === undefined) throw new Error('memory exporter is off');
    const routes = store.seriesLimit + 500;
    const router = new Router();
    for (let i = 0; i < routes; i++) {
      router.get(`/route${i}/:id`, (ctx) => {
        ctx.body = { ok: true };
      });
    }
    const app = new Koa();
    app.use(routeTag());
    app.use(router.routes());
    const many: RunningServer = await serve(app);
    try {
      await flood(many.url, routes, 'GET', (i) => `/route${i}/${i}`);
      const report = requestsQuery(store, '1h', 3_600_000);
      expect(store.seriesCount).to.be.at.most(store.seriesLimit + 1);
      expect(store.overflowedRequests).to.equal(routes - store.seriesLimit);
      expect(report.total).to.equal(routes);
      expect(report.by_endpoint[OVERFLOW_ENDPOINT]).to.equal(routes - store.seriesLimit);
      const overview = (await (await fetch(`${server.url}/dashboard/overview`)).json()) as {
        telemetry: { overflowed_requests: number; series: number; series_limit: number };
      };
      expect(overview.telemetry.overflowed_requests).to.equal(routes - store.seriesLimit);
      expect(overview.telemetry.series).to.be.at.most(overview.telemetry.series_limit + 1);
    } finally {
      await many.close();
    }
  });
});
