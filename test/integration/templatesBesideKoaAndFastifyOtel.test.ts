import path from 'node:path';
import { expect } from 'chai';
import { waitFor } from '../support/childService.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import { type OrdersApp, startOrdersApp } from '../support/ordersApp.js';

const PRELOAD = './test/integration/fixtures/processorPreload.mjs';
const FIXTURES = path.resolve('test', 'routes', 'fixtures');

/** Each request, and its template on the dashboard (`unmatched`: no `http.route` on the span). */
function traffic(wildcard: string): { path: string; endpoint: string }[] {
  return [
    { path: '/api/users/7', endpoint: '/api/users/:id' },
    { path: '/api/users/7/fail', endpoint: '/api/users/:id/fail' },
    { path: '/files/a/b.txt', endpoint: wildcard },
    { path: '/api/users/7/nope', endpoint: 'unmatched' },
    { path: '/nope', endpoint: 'unmatched' },
  ];
}

// Issue 25, part 2, beyond Express: processor mode with
// getNodeAutoInstrumentations() (instrumentation-koa on) for Koa with
// @koa/router, and with @fastify/otel for Fastify 5. Their own writes of the
// route never replace the template our hooks name.
const CASES: {
  name: string;
  file: string;
  wildcard: string;
  env: Record<string, string>;
}[] = [
  { name: 'Koa beside instrumentation-koa', file: 'koa.cjs', wildcard: '/files/{*rest}', env: {} },
  {
    name: 'Fastify beside @fastify/otel',
    file: 'fastify.cjs',
    wildcard: '/files/*',
    env: { FASTIFY_OTEL: '1' },
  },
];

for (const c of CASES) {
  describe(`processor mode: ${c.name}`, function () {
    this.timeout(60_000);
    let collector: OtlpCollectorDouble;
    let app: OrdersApp;
    const requests = traffic(c.wildcard);

    before(async () => {
      collector = await OtlpCollectorDouble.start();
      app = await startOrdersApp(
        ['--import', PRELOAD],
        {
          ...c.env,
          OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
          OTEL_NODE_RESOURCE_DETECTORS: 'none',
        },
        true,
        path.join(FIXTURES, c.file),
      );
      for (const r of requests) await (await fetch(`${app.url}${r.path}`)).arrayBuffer();
      await waitFor('a server span per request', async () =>
        collector.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length >= requests.length
          ? true
          : undefined,
      );
    });

    after(async () => {
      await app?.stop();
      await collector?.close();
    });

    it('shows the full templates on the dashboard', async () => {
      const res = await fetch(`${app.dashboardOrigin}/dashboard/requests?period=1h`);
      const report = (await res.json()) as { by_endpoint: Record<string, number> };
      const expected: Record<string, number> = {};
      for (const r of requests) expected[r.endpoint] = (expected[r.endpoint] ?? 0) + 1;
      expect(report.by_endpoint).to.deep.equal(expected);
    });

    it("puts them on the app's exported server spans", () => {
      const routes = Object.fromEntries(
        collector.spans
          .filter((s) => s.kind === SPAN_KIND_SERVER)
          .map((s) => [s.attributes['url.path'], s.attributes['http.route'] ?? null]),
      );
      expect(routes).to.deep.equal(
        Object.fromEntries(
          requests.map((r) => [r.path, r.endpoint === 'unmatched' ? null : r.endpoint]),
        ),
      );
    });
  });
}
