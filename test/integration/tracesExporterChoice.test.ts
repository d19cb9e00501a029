import { expect } from 'chai';
import { waitFor } from '../support/childService.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import {
  ORDERS_TRAFFIC,
  type OrdersApp,
  sendOrdersTraffic,
  startOrdersApp,
} from '../support/ordersApp.js';

// Issue 25: an app's own OTEL_TRACES_EXPORTER (otlp, console, none) no longer
// switches the zero-code dashboard off while start-up says "dashboard on …":
// the dashboard counts every request, the app's exporter still gets its spans,
// and start-up says how the variable was read.
describe('OTEL_TRACES_EXPORTER under golden-signals/register, with its own port on', function () {
  this.timeout(60_000);
  let collector: OtlpCollectorDouble;

  before(async () => {
    collector = await OtlpCollectorDouble.start();
  });

  after(async () => {
    await collector?.close();
  });

  for (const exporter of ['otlp', 'console', 'none'] as const) {
    describe(`OTEL_TRACES_EXPORTER=${exporter}`, () => {
      let app: OrdersApp;
      const before = { spans: 0 };

      it('counts every request on the dashboard, and says how it read the variable', async () => {
        before.spans = collector.spans.length;
        app = await startOrdersApp(
          ['--import', './dist/instrumentation.js'],
          {
            OTEL_TRACES_EXPORTER: exporter,
            OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
            OTEL_BSP_SCHEDULE_DELAY: '50',
            GOLDEN_SIGNALS_PORT: '0',
          },
          true,
        );
        try {
          await sendOrdersTraffic(app.url);
          const overview = await waitFor('every request on the dashboard', async () => {
            const res = await fetch(`${app.dashboardOrigin}/dashboard/overview`);
            expect(res.status).to.equal(200);
            const o = (await res.json()) as { total_requests: number; warnings: string[] };
            return o.total_requests === ORDERS_TRAFFIC.length ? o : undefined;
          });
          expect(overview.warnings).to.deep.equal([]);
          expect(app.output()).to.include(
            `golden-signals: OTEL_TRACES_EXPORTER=${exporter}: the dashboard counts every request`,
          );
          if (exporter === 'otlp') {
            await waitFor('the spans at the app’s collector', async () =>
              collector.spans.slice(before.spans).filter((s) => s.kind === SPAN_KIND_SERVER)
                .length >= ORDERS_TRAFFIC.length
                ? true
                : undefined,
            );
          }
          if (exporter === 'console') {
            await waitFor('the spans on stdout', async () =>
              app.output().includes("'url.path': '/api/orders/1'") ? true : undefined,
            );
          }
        } finally {
          await app.stop();
        }
        if (exporter !== 'otlp') expect(collector.spans.length).to.equal(before.spans);
      });
    });
  }
});
