import { expect } from 'chai';
import { OTHER_SDK_WARNING } from '../../src/otel/otherSdkWarning.js';
import { waitFor } from '../support/childService.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import {
  ORDERS_TRAFFIC,
  type OrdersApp,
  sendOrdersTraffic,
  startOrdersApp,
} from '../support/ordersApp.js';

// Issue 25, "never silently nothing": an Express 5 app under
// auto-instrumentations-node's preload, with golden-signals' preload after
// it, as a naive user runs it. OpenTelemetry offers no supported way to join
// an SDK that already started, so golden-signals says so (stderr, overview,
// page) with the fix, and leaves the app's own exports exactly as they were.
describe('golden-signals/register after another SDK registered the globals', function () {
  this.timeout(60_000);
  let collector: OtlpCollectorDouble;
  let app: OrdersApp;

  before(async () => {
    collector = await OtlpCollectorDouble.start();
    app = await startOrdersApp(
      [
        '--require',
        '@opentelemetry/auto-instrumentations-node/register',
        '--import',
        './dist/instrumentation.js',
      ],
      {
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
        GOLDEN_SIGNALS_PORT: '0',
      },
      true,
    );
    await sendOrdersTraffic(app.url);
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

  it('says on stderr, once, why the dashboard counts nothing and the exact fix', () => {
    const said = app
      .output()
      .split('\n')
      .filter((l) => l.includes(OTHER_SDK_WARNING));
    expect(said).to.deep.equal([`golden-signals: WARNING: ${OTHER_SDK_WARNING}`]);
    expect(OTHER_SDK_WARNING).to.include(
      'Fix: drop the other preload and run `node --import golden-signals/register app.js` alone',
    );
  });

  it('says the same in the overview, beside its honest 0', async () => {
    const res = await fetch(`${app.dashboardOrigin}/dashboard/overview`);
    expect(res.status).to.equal(200);
    const overview = (await res.json()) as { total_requests: number; warnings: string[] };
    expect(overview.warnings).to.deep.equal([OTHER_SDK_WARNING]);
    expect(overview.total_requests).to.equal(0);
  });

  it("leaves the app's exports alone: one server span per request, none of ours", async () => {
    await new Promise((r) => setTimeout(r, 300));
    // The other SDK's HTTP instrumentation also sees the dashboard's own port (its choice to make).
    const servers = collector.spans.filter(
      (s) =>
        s.kind === SPAN_KIND_SERVER && !String(s.attributes['url.path']).startsWith('/dashboard'),
    );
    expect(servers.map((s) => s.attributes['url.path'])).to.have.members(
      ORDERS_TRAFFIC.map((r) => r.path),
    );
    expect(servers.every((s) => s.parentSpanId === '')).to.equal(true);
    expect(collector.spans.filter((s) => s.scope.startsWith('golden-signals'))).to.deep.equal([]);
  });
});
