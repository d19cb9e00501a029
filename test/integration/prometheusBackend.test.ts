import { expect } from 'chai';
import { type ChildService, startChild, startChildServe } from '../support/childService.js';
import { PrometheusServer } from '../support/PrometheusServer.js';

/** The known traffic: path, method, and how many; `ms` spreads each request's latency. */
const PLAN: readonly { method: string; path: (i: number) => string; times: number }[] = [
  { method: 'GET', path: (i) => `/items/${i}?ms=${2 + ((i * 37) % 97)}`, times: 80 },
  { method: 'POST', path: (i) => `/orders?ms=${10 + ((i * 53) % 150)}`, times: 40 },
  { method: 'GET', path: () => '/boom/PaymentError', times: 12 },
  { method: 'GET', path: () => '/boom/StockError', times: 7 },
  { method: 'GET', path: (i) => `/status/${[404, 429, 503][i % 3]}`, times: 12 },
];
const SENT = PLAN.reduce((n, p) => n + p.times, 0);
/** How far the engine's percentiles may be from the exact ones of the same spans. */
const TOLERANCE = 0.02;

interface Saturation {
  per_process?: unknown;
  instances: {
    service: string;
    instance: string;
    points: {
      heap_used_bytes: number;
      rss_bytes: number;
      event_loop_utilization: number;
      event_loop_delay_p99_ms: number;
    }[];
  }[];
}

interface Requests {
  total: number;
  by_endpoint: Record<string, number>;
  by_status: Record<string, number>;
  by_method: Record<string, number>;
}
interface Summary {
  p50_ms: number;
  p95_ms: number;
  p99_ms: number;
}
interface Latency {
  overall: Summary;
  by_endpoint: Record<string, Summary>;
}

async function getJson<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await fetch(url);
  return { status: res.status, body: (await res.json()) as T };
}

/** The nearest-rank quantile the dashboard defines: `sorted[min(floor(n·q), n − 1)]`. */
function nearestRank(sorted: readonly number[], q: number): number {
  return sorted[Math.min(Math.floor(sorted.length * q), sorted.length - 1)] as number;
}

function expectWithin(actual: number, exact: number, what: string): void {
  expect(Math.abs(actual - exact) / exact, `${what}: ${actual} vs exact ${exact}`).to.be.at.most(
    TOLERANCE,
  );
}

describe('golden-signals serve --prometheus over Prometheus 2.42 with native histograms', function () {
  this.timeout(120_000);
  let app: ChildService;
  let prometheus: PrometheusServer;
  let serve: ChildService;
  /** Each endpoint's exact durations: every server span's, recorded in the app. */
  const exact = new Map<string, number[]>();

  before(async () => {
    app = await startChild(
      ['--import', './dist/instrumentation.js', 'test/integration/fixtures/engineApp.mjs'],
      { GOLDEN_SIGNALS_PORT: 'off', OTEL_SERVICE_NAME: 'shop' },
      /LISTENING (http:\/\/127\.0\.0\.1:\d+)/,
    );
    prometheus = await PrometheusServer.start(new URL(app.url).host, [
      'native-histograms',
      'exemplar-storage',
    ]);
    for (const step of PLAN) {
      for (let i = 0; i < step.times; i++) {
        const res = await fetch(`${app.url}${step.path(i)}`, { method: step.method });
        await res.arrayBuffer();
      }
    }
    await prometheus.waitForScrapes(Date.now(), 2);
    serve = await startChildServe({ GOLDEN_SIGNALS_PROMETHEUS_URL: prometheus.url });
    const spans = await getJson<Record<string, number[]>>(`${app.url}/health/exact`);
    for (const [route, durations] of Object.entries(spans.body)) {
      exact.set(
        route,
        [...durations].sort((a, b) => a - b),
      );
    }
  });

  after(async () => {
    await serve?.stop();
    await prometheus?.stop();
    await app?.stop();
  });

  it('counts every request exactly: total, by endpoint, status and method', async () => {
    const { status, body } = await getJson<Requests>(`${serve.url}/dashboard/requests?period=1h`);
    expect(status).to.equal(200);
    expect(body.total).to.equal(SENT);
    expect(body.by_endpoint).to.deep.equal({
      '/items/:id': 80,
      '/orders': 40,
      '/boom/:kind': 19,
      '/status/:code': 12,
    });
    expect(body.by_status).to.deep.equal({ 200: 80, 201: 40, 500: 19, 404: 4, 429: 4, 503: 4 });
    expect(body.by_method).to.deep.equal({ GET: 111, POST: 40 });
    // The same as the app's own dashboard, which saw the spans.
    const own = (await getJson<Requests>(`${app.url}/dashboard/requests?period=1h`)).body;
    expect(body.by_endpoint).to.deep.equal(own.by_endpoint);
    expect(body.by_status).to.deep.equal(own.by_status);
  });

  it('compares with the period before: this one exact, the one before empty and complete', async () => {
    const { body } = await getJson<{
      compare: {
        previous: { complete: boolean };
        by_endpoint: Record<string, { current: { count: number }; previous: { count: number } }>;
      };
    }>(`${serve.url}/dashboard/requests?period=1h&compare=previous`);
    expect(body.compare.previous.complete).to.equal(true);
    expect(body.compare.by_endpoint['/orders']?.current.count).to.equal(40);
    expect(body.compare.by_endpoint['/orders']?.previous.count).to.equal(0);
  });

  it('counts errors by type exactly, as the app itself does', async () => {
    const { body } = await getJson<{ by_type: Record<string, number>; per_process: unknown }>(
      `${serve.url}/dashboard/errors?period=1h`,
    );
    const own = await getJson<{ by_type: Record<string, number> }>(
      `${app.url}/dashboard/errors?period=1h`,
    );
    expect(body.by_type).to.deep.equal(own.body.by_type);
    expect(body.by_type).to.include({ PaymentError: 12, StockError: 7 });
    expect(body.per_process).to.have.nested.property('recent.per_process', true);
  });

  it('keeps p50, p95 and p99, overall and per endpoint, within 2% of the exact durations', async () => {
    const { body } = await getJson<Latency>(`${serve.url}/dashboard/latency?period=1h`);
    const all = [...exact.values()].flat().sort((a, b) => a - b);
    expect(all).to.have.length(SENT);
    for (const [q, key] of [
      [0.5, 'p50_ms'],
      [0.95, 'p95_ms'],
      [0.99, 'p99_ms'],
    ] as const) {
      expectWithin(body.overall[key], nearestRank(all, q), `overall ${key}`);
      for (const endpoint of ['/items/:id', '/orders']) {
        const durations = exact.get(endpoint) ?? [];
        const summary = body.by_endpoint[endpoint] as Summary;
        expectWithin(summary[key], nearestRank(durations, q), `${endpoint} ${key}`);
      }
    }
  });

  it('answers every JSON route: 200, or the per-process answer, never a 5xx', async () => {
    const routes = [
      '/overview',
      '/requests?period=1h&compare=previous',
      '/latency',
      '/errors',
      '/endpoint?endpoint=%2Forders',
      '/saturation',
      '/slo',
      '/alerts',
      '/verdict',
      '/slowest',
      '/inflight',
      '/traces',
      '/traces/0123456789abcdef0123456789abcdef',
    ];
    for (const route of routes) {
      const { status, body } = await getJson<Record<string, unknown>>(
        `${serve.url}/dashboard${route}`,
      );
      expect(status, route).to.equal(200);
      if (
        ['/slowest', '/inflight', '/traces', '/traces/0123456789abcdef0123456789abcdef'].includes(
          route,
        )
      ) {
        expect(body.per_process, route).to.equal(true);
        expect(body.reason, route).to.be.a('string');
      }
    }
    // The overview takes no period, as in memory: a stray one is ignored.
    const overview = await getJson<{ backend: unknown; requests_last_hour: number }>(
      `${serve.url}/dashboard/overview?period=nonsense`,
    );
    expect(overview.body.backend).to.deep.equal({
      kind: 'prometheus',
      engine: new URL(prometheus.url).host,
    });
    expect(overview.body.requests_last_hour).to.equal(SENT);
  });

  it("points the per-process answers at the engine's exemplars: trace ids of requests served", async () => {
    const slowest = await getJson<{ exemplar_trace_ids: string[] }>(
      `${serve.url}/dashboard/slowest?endpoint=${encodeURIComponent('/orders')}`,
    );
    expect(slowest.body.exemplar_trace_ids).to.not.be.empty;
    for (const id of slowest.body.exemplar_trace_ids) expect(id).to.match(/^[0-9a-f]{32}$/);
    const latency = await getJson<{ per_process: { exemplars: { exemplar_trace_ids: string[] } } }>(
      `${serve.url}/dashboard/latency`,
    );
    expect(latency.body.per_process.exemplars.exemplar_trace_ids).to.not.be.empty;
    const bad = await getJson<{ error: string }>(`${serve.url}/dashboard/slowest?limit=0`);
    expect(bad.status).to.equal(422);
  });

  it("fills each instance's saturation history from the gauges the engine scraped", async () => {
    // The app samples saturation every few seconds; wait until a scrape holds a sample.
    const deadline = Date.now() + 60_000;
    while ((await prometheus.query('golden_signals_process_memory_usage')).length === 0) {
      if (Date.now() > deadline) throw new Error('no golden_signals_* gauge scraped in 60 s');
      await new Promise((resolve) => setTimeout(resolve, 1_000));
    }
    const [rss] = await prometheus.query('golden_signals_process_memory_usage');
    const { status, body } = await getJson<Saturation>(
      `${serve.url}/dashboard/saturation?period=15m`,
    );
    expect(status).to.equal(200);
    expect(body.per_process).to.equal(undefined);
    expect(body.instances).to.have.length(1);
    const points = body.instances[0]?.points ?? [];
    expect(points).to.not.be.empty;
    const last = points[points.length - 1] as Saturation['instances'][number]['points'][number];
    expect(last.heap_used_bytes).to.be.above(0);
    expect(last.rss_bytes).to.be.above(last.heap_used_bytes);
    // The step's max: at least the sample Prometheus holds now.
    expect(last.rss_bytes).to.be.at.least(rss?.value ?? Number.POSITIVE_INFINITY);
    expect(last.event_loop_utilization).to.be.within(0, 1);
  });

  it('filters by service, server-side, as the engine labels it', async () => {
    const shop = await getJson<Requests>(`${serve.url}/dashboard/requests?service=golden-signals`);
    expect(shop.body.total).to.equal(SENT);
    const other = await getJson<Requests>(`${serve.url}/dashboard/requests?service=nobody`);
    expect(other.body.total).to.equal(0);
  });

  it('answers an unreachable engine with a JSON error and its status', async () => {
    const down = await startChildServe({ GOLDEN_SIGNALS_PROMETHEUS_URL: 'http://127.0.0.1:1' });
    try {
      const { status, body } = await getJson<{ error: string; code: string }>(
        `${down.url}/dashboard/requests`,
      );
      expect(status).to.equal(503);
      expect(body.code).to.equal('engine_unreachable');
      expect(body.error)
        .to.be.a('string')
        .and.not.match(/\n\s+at /);
    } finally {
      await down.stop();
    }
  });
});
