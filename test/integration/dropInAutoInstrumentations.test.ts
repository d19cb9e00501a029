import { expect } from 'chai';
import { waitFor } from '../support/childService.js';
import {
  type CollectedSpan,
  OtlpCollectorDouble,
  SPAN_KIND_SERVER,
} from '../support/OtlpCollectorDouble.js';
import {
  express4Path,
  ORDERS_TRAFFIC,
  type OrdersApp,
  sendOrdersTraffic,
  startOrdersApp,
} from '../support/ordersApp.js';
import { expectedOtelLine } from '../support/packedApp.js';

/** Attributes that differ between any two runs: ports, addresses, the host header. */
const VOLATILE = /port$|^url\.full$|^http\.host$|^net\.host\.name$|address$|\.ip$/;

/** A span with its ids and times gone: its parent named by its scope and name. */
interface Normalised {
  scope: string;
  name: string;
  kind: number;
  parent: string | null;
  attributes: Record<string, unknown>;
  status: { code: number; message: string };
  events: string[];
}

function normalised(span: CollectedSpan, byId: Map<string, CollectedSpan>): Normalised {
  const attributes = Object.fromEntries(
    Object.entries(span.attributes)
      .filter(([key]) => !VOLATILE.test(key))
      .sort(([a], [b]) => a.localeCompare(b)),
  );
  const parent = byId.get(span.parentSpanId);
  return {
    scope: span.scope,
    name: span.name,
    kind: span.kind,
    parent: parent === undefined ? null : `${parent.scope} ${parent.name}`,
    attributes,
    status: span.status,
    events: span.events.map((e) => e.name),
  };
}

/** The app's exported spans, normalised, with our own dashboard's requests left out. */
function exported(collector: OtlpCollectorDouble): Normalised[] {
  const byId = new Map(collector.spans.map((s) => [s.spanId, s]));
  return collector.spans
    .filter((s) => !String(s.attributes['url.path'] ?? '').startsWith('/dashboard'))
    .map((s) => normalised(s, byId));
}

/** A sorted multiset to compare: one JSON line a span. */
function lines(spans: readonly Normalised[]): string[] {
  return spans.map((s) => JSON.stringify(s)).sort();
}

/**
 * What golden-signals documents that it adds to the spans the app exports
 * (docs/configuration.md): a thrown error's class as the server span's
 * `error.type` with its `exception` event, taken off ours; and no partial
 * template for a 404 under a router (instrumentation-express names it
 * `/api`), put on theirs.
 */
function withoutDocumentedDifferences(ours: Normalised[], theirs: Normalised[]) {
  const plain = ours.map((s) => {
    if (s.kind !== SPAN_KIND_SERVER) return s;
    const { 'error.type': _type, ...attributes } = s.attributes;
    return { ...s, attributes, events: s.events.filter((e) => e !== 'exception') };
  });
  const expected = theirs.map((s) => {
    if (s.kind === SPAN_KIND_SERVER && s.attributes['http.response.status_code'] === 404) {
      const { 'http.route': _route, ...attributes } = s.attributes;
      return { ...s, name: s.name.split(' ')[0] as string, attributes };
    }
    if (s.parent?.endsWith(' GET /api'))
      return { ...s, parent: s.parent.slice(0, -' /api'.length) };
    return s;
  });
  return { ours: lines(plain), theirs: lines(expected) };
}

/** What the fixture loads as `express`: Express 5, or an Express 4 installed under that name. */
function expressOf(express: 'Express 5' | 'Express 4'): string {
  return express === 'Express 4' ? express4Path() : 'express';
}

/** The app's environment, as its auto-instrumentations preload reads it. */
function appEnv(collector: OtlpCollectorDouble): Record<string, string> {
  return {
    OTEL_SERVICE_NAME: 'orders',
    OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
    OTEL_BSP_SCHEDULE_DELAY: '50',
    OTEL_METRICS_EXPORTER: 'none',
    OTEL_LOGS_EXPORTER: 'none',
    OTEL_NODE_RESOURCE_DETECTORS: 'env,host,os,process',
  };
}

/** Runs the orders app once under `execArgv`, sends the traffic, and returns what the collector got. */
async function exportsUnder(
  execArgv: string[],
  env: Record<string, string>,
  dashboard: boolean,
): Promise<{ spans: Normalised[]; app: OrdersApp; collector: OtlpCollectorDouble }> {
  const collector = await OtlpCollectorDouble.start();
  const app = await startOrdersApp(execArgv, { ...appEnv(collector), ...env }, dashboard);
  await sendOrdersTraffic(app.url);
  await waitFor('a server span per request', async () =>
    collector.spans.filter(
      (s) =>
        s.kind === SPAN_KIND_SERVER && !String(s.attributes['url.path']).startsWith('/dashboard'),
    ).length >= ORDERS_TRAFFIC.length
      ? true
      : undefined,
  );
  // The middleware spans of the last request end with its response; give the batch one more turn.
  await new Promise((r) => setTimeout(r, 300));
  return { spans: exported(collector), app, collector };
}

// Issue 25: `--import golden-signals/register` with
// GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS=on in place of
// `--require @opentelemetry/auto-instrumentations-node/register`: the app's
// collector gets the same spans (ids and times aside), and the dashboard
// counts every request with full templates.
/**
 * On the 3.x line (auto-instrumentations-node 0.82) their own preload writes
 * `error.type: "500"` on a failed request, where the drop-in writes the
 * thrown class, so the two span comparisons below differ there: known, not
 * yet aligned, and said in the issue 25 notes and docs/limitations.md. They
 * show as pending on 3.x, never as passed.
 */
const SAME_SPANS_CHECKED = expectedOtelLine() === '2';
const itOn2x = SAME_SPANS_CHECKED ? it : it.skip;

for (const express of ['Express 5', 'Express 4'] as const) {
  describe(`golden-signals/register as a drop-in for auto-instrumentations-node (${express})`, function () {
    this.timeout(90_000);
    let theirs: Awaited<ReturnType<typeof exportsUnder>>;
    let ours: Awaited<ReturnType<typeof exportsUnder>>;

    before(async () => {
      theirs = await exportsUnder(
        ['--require', '@opentelemetry/auto-instrumentations-node/register'],
        { EXPRESS: expressOf(express) },
        false,
      );
      await theirs.app.stop();
      await theirs.collector.close();
      ours = await exportsUnder(
        ['--import', './dist/instrumentation.js'],
        {
          EXPRESS: expressOf(express),
          GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS: 'on',
          GOLDEN_SIGNALS_PORT: '0',
        },
        true,
      );
    });

    after(async () => {
      await ours?.app.stop();
      await ours?.collector.close();
    });

    itOn2x(
      'sends the same spans to the app’s collector, but for what golden-signals documents',
      () => {
        const { ours: o, theirs: t } = withoutDocumentedDifferences(ours.spans, theirs.spans);
        expect(o.length).to.be.greaterThan(ORDERS_TRAFFIC.length);
        const onlyTheirs = t.filter((s) => !o.includes(s));
        const onlyOurs = o.filter((s) => !t.includes(s));
        expect({ onlyTheirs, onlyOurs }).to.deep.equal({ onlyTheirs: [], onlyOurs: [] });
        expect(o).to.deep.equal(t);
      },
    );

    itOn2x(
      'adds the documented: error.type on a failed request, no partial template on a 404 under a router',
      () => {
        const server = (path: string) =>
          ours.spans.find((s) => s.kind === SPAN_KIND_SERVER && s.attributes['url.path'] === path);
        expect(server('/api/orders/3/fail')?.attributes).to.include({
          'error.type': 'Error',
          'http.route': '/api/orders/:orderId/fail',
        });
        expect(server('/api/nope')?.attributes).not.to.have.property('http.route');
      },
    );

    it('counts every request on the dashboard, with full templates', async () => {
      const res = await fetch(`${ours.app.dashboardOrigin}/dashboard/requests?period=1h`);
      const report = (await res.json()) as { by_endpoint: Record<string, number> };
      const expected: Record<string, number> = {};
      for (const r of ORDERS_TRAFFIC) expected[r.endpoint] = (expected[r.endpoint] ?? 0) + 1;
      expect(report.by_endpoint).to.deep.equal(expected);
    });

    it('says at start that it stands in for the auto-instrumentations preload', () => {
      expect(ours.app.output()).to.include(
        'golden-signals: standing in for @opentelemetry/auto-instrumentations-node/register',
      );
    });
  });
}

// OTEL_TRACES_SAMPLER is the app's too: with always_off its collector gets
// nothing, as under the package's own preload, and the dashboard still counts.
describe('golden-signals/register as a drop-in, with OTEL_TRACES_SAMPLER=always_off', function () {
  this.timeout(60_000);
  let collector: OtlpCollectorDouble;
  let app: OrdersApp;

  before(async () => {
    collector = await OtlpCollectorDouble.start();
    app = await startOrdersApp(
      ['--import', './dist/instrumentation.js'],
      {
        ...appEnv(collector),
        OTEL_TRACES_SAMPLER: 'always_off',
        GOLDEN_SIGNALS_AUTO_INSTRUMENTATIONS: 'on',
        GOLDEN_SIGNALS_PORT: '0',
      },
      true,
    );
    await sendOrdersTraffic(app.url);
  });

  after(async () => {
    await app?.stop();
    await collector?.close();
  });

  it('exports no span of the app, and counts every request on the dashboard', async () => {
    await waitFor('every request on the dashboard', async () => {
      const res = await fetch(`${app.dashboardOrigin}/dashboard/overview`);
      const o = (await res.json()) as { total_requests: number };
      return o.total_requests === ORDERS_TRAFFIC.length ? true : undefined;
    });
    // Ten batch delays: an exported span would be there by now.
    await new Promise((r) => setTimeout(r, 500));
    expect(
      collector.spans.filter(
        (s) => !String(s.attributes['url.path'] ?? '').startsWith('/dashboard'),
      ),
    ).to.deep.equal([]);
  });
});
