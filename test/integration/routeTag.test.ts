import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import { routeTag } from '../../src/http/routeTag.js';
import type { GoldenSignals } from '../../src/index.js';
import { type RunningServer, serve, startTestPipeline } from '../support/testApp.js';

describe('routeTag', () => {
  let server: RunningServer;
  let goldenSignals: GoldenSignals;
  before(async () => {
    goldenSignals = startTestPipeline();
    const router = new Router();
    router.get('/users/:id', (ctx) => {
      ctx.body = { id: ctx.params.id };
    });
    router.get('/orders/:orderId/items/:itemId', (ctx) => {
      ctx.body = { ok: true };
    });
    const app = new Koa();
    app.use(routeTag());
    app.use(router.routes());
    server = await serve(app);
  });
  after(async () => {
    await server.close();
    await goldenSignals.shutdown();
  });

  it('records http.route templates, never raw paths', async () => {
    for (let i = 0; i < 20; i++) {
      await (await fetch(`${server.url}/users/${i}`)).arrayBuffer();
      await (await fetch(`${server.url}/orders/${i}/items/${i * 7}`)).arrayBuffer();
    }
    await (await fetch(`${server.url}/nowhere/1`)).arrayBuffer();
    const store = goldenSignals.store;
    if (store === undefined) throw new Error('memory exporter is off');
    const counts = new Map<string, number>();
    for (const bucket of store.window(3_600_000).buckets) {
      bucket.series.forEach((series, row) => {
        counts.set(series.endpoint, (counts.get(series.endpoint) ?? 0) + (bucket.counts[row] ?? 0));
      });
    }
    expect(Object.fromEntries(counts)).to.deep.equal({
      '/users/:id': 20,
      '/orders/:orderId/items/:itemId': 20,
      unmatched: 1,
    });
  });
});
