import Router from '@koa/router';
import { expect } from 'chai';
import Koa from 'koa';
import { createApp, DEMO_DASHBOARD_PATHS } from '../../demo/app.js';
import { SentimentModel } from '../../demo/SentimentModel.js';
import type { GoldenSignals } from '../../src/index.js';
import { koaRouteTag as routeTag } from '../../src/routes/koaRouteTag.js';
import { parsePrometheusText, type Sample, sumOf } from '../support/prometheusText.js';
import { handleOver, type RunningServer, serve, startTestPipeline } from '../support/testApp.js';

const COUNT = 'http_server_request_duration_count';

/** The samples of GET /metrics. */
async function scrape(url: string): Promise<Sample[]> {
  const res = await fetch(`${url}/metrics`);
  expect(res.status).to.equal(200);
  expect(res.headers.get('content-type')).to.match(/^text\/plain/);
  return parsePrometheusText(await res.text());
}

describe('GET /metrics (the Prometheus exporter mounted in Koa)', () => {
  let goldenSignals: GoldenSignals;
  // The test pipeline runs the default configuration: OTEL_METRICS_EXPORTER=prometheus.
  before(() => {
    goldenSignals = startTestPipeline();
  });
  after(() => goldenSignals.shutdown());

  describe('with the default configuration', () => {
    let server: RunningServer;
    before(async () => {
      expect(goldenSignals.telemetry.metricsHandler).to.not.equal(undefined);
      const router = new Router();
      router.get('/users/:id', (ctx) => {
        ctx.body = { id: ctx.params.id };
      });
      const app = new Koa();
      app.use(routeTag());
      app.use(router.routes());
      app.use(goldenSignals.koa(DEMO_DASHBOARD_PATHS));
      server = await serve(app);
    });
    after(() => server.close());

    it('labels the duration histogram with route templates, never raw paths', async () => {
      const before = await scrape(server.url);
      for (let i = 0; i < 7; i++) await (await fetch(`${server.url}/users/${i}`)).arrayBuffer();
      const after = await scrape(server.url);
      const template = { http_route: '/users/:id', http_response_status_code: '200' };
      expect(sumOf(after, COUNT, template) - sumOf(before, COUNT, template)).to.equal(7);
      const routes = new Set(after.filter((s) => s.name === COUNT).map((s) => s.labels.http_route));
      for (let i = 0; i < 7; i++) expect(routes.has(`/users/${i}`)).to.equal(false);
    });

    it('does not record /metrics itself', async () => {
      await scrape(server.url);
      const samples = await scrape(server.url);
      expect(sumOf(samples, COUNT, { http_route: '/metrics' })).to.equal(0);
    });
  });

  describe('in the app', () => {
    const predict = {
      model: new SentimentModel(),
      latency: { minMs: 0, maxMs: 0 },
      failureRate: 0,
    };

    it('answers 503 naming the setting when the Prometheus exporter is off', async () => {
      const telemetry = {
        ...goldenSignals.telemetry,
        metricsHandler: undefined,
        metricsExporters: ['none'],
      };
      const server = await serve(createApp({ goldenSignals: handleOver(telemetry), predict }));
      try {
        const res = await fetch(`${server.url}/metrics`);
        expect(res.status).to.equal(503);
        expect(await res.json()).to.deep.equal({
          error: 'Prometheus exporter disabled (OTEL_METRICS_EXPORTER=none)',
        });
      } finally {
        await server.close();
      }
    });

    it('answers 405 with Allow for another method', async () => {
      const server = await serve(createApp({ goldenSignals, predict }));
      try {
        const res = await fetch(`${server.url}/metrics`, { method: 'POST' });
        expect(res.status).to.equal(405);
        expect(res.headers.get('allow')).to.equal('GET, HEAD');
        expect(await res.json()).to.have.property('error');
      } finally {
        await server.close();
      }
    });

    it('serves the exposition with the pipeline gauges and counters', async () => {
      const server = await serve(createApp({ goldenSignals, predict }));
      try {
        const samples = await scrape(server.url);
        const names = new Set(samples.map((s) => s.name));
        for (const name of [
          'target_info',
          'http_server_active_requests',
          'golden_signals_spans_dropped_total',
          'golden_signals_store_series',
          'golden_signals_store_series_limit',
          'golden_signals_store_overflowed_requests_total',
          'golden_signals_store_folded_requests_total',
        ]) {
          expect(names.has(name), name).to.equal(true);
        }
        const limit = goldenSignals.store?.seriesLimit;
        expect(sumOf(samples, 'golden_signals_store_series_limit')).to.equal(limit);
      } finally {
        await server.close();
      }
    });
  });
});
