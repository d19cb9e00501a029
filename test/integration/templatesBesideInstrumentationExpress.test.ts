import { expect } from 'chai';
import { waitFor } from '../support/childService.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import {
  express4Path,
  ORDERS_TRAFFIC,
  type OrdersApp,
  sendOrdersTraffic,
  startOrdersApp,
} from '../support/ordersApp.js';

const PRELOAD = './test/integration/fixtures/processorPreload.mjs';

/** The `http.route` each exported server span should carry: the template, none when unmatched. */
function expectedRoutes(): Record<string, string | null> {
  return Object.fromEntries(
    ORDERS_TRAFFIC.map((r) => [r.path, r.endpoint === 'unmatched' ? null : r.endpoint]),
  );
}

// Issue 25, part 2: processor mode with getNodeAutoInstrumentations(), so
// instrumentation-express (and -router) run beside our route hooks. It used
// to unwrap our Router.use and write its own partial templates last:
// `/orders/:orderId` without the `/api` mount, and `/api` for a 404 under the
// router. Now the full template is on the dashboard and on the exported span,
// whichever instrumentation comes first, on Express 4 and 5.
for (const express of ['Express 5', 'Express 4'] as const) {
  for (const order of ['auto-instrumentations-first', 'golden-signals-first'] as const) {
    describe(`processor mode beside instrumentation-express (${express}, ${order})`, function () {
      this.timeout(60_000);
      let collector: OtlpCollectorDouble;
      let app: OrdersApp;

      before(async () => {
        collector = await OtlpCollectorDouble.start();
        app = await startOrdersApp(
          ['--import', PRELOAD],
          {
            EXPRESS: express === 'Express 4' ? express4Path() : 'express',
            ORDER: order,
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
            OTEL_NODE_RESOURCE_DETECTORS: 'none',
          },
          true,
        );
        const statuses = await sendOrdersTraffic(app.url);
        expect(statuses).to.deep.equal(ORDERS_TRAFFIC.map((r) => r.status));
        await waitFor('a server span per request at the collector', async () =>
          collector.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length >= ORDERS_TRAFFIC.length
            ? true
            : undefined,
        );
      });

      after(async () => {
        await app?.stop();
        await collector?.close();
      });

      it('shows the full template of each request on the dashboard, and unmatched for a 404 under the router', async () => {
        const res = await fetch(`${app.dashboardOrigin}/dashboard/requests?period=1h`);
        const report = (await res.json()) as { by_endpoint: Record<string, number> };
        const expected: Record<string, number> = {};
        for (const r of ORDERS_TRAFFIC) expected[r.endpoint] = (expected[r.endpoint] ?? 0) + 1;
        expect(report.by_endpoint).to.deep.equal(expected);
      });

      it("puts the same template on the app's exported server spans", () => {
        const routes = Object.fromEntries(
          collector.spans
            .filter((s) => s.kind === SPAN_KIND_SERVER)
            .map((s) => [s.attributes['url.path'], s.attributes['http.route'] ?? null]),
        );
        expect(routes).to.deep.equal(expectedRoutes());
      });
    });
  }
}
