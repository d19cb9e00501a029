import path from 'node:path';
import { expect } from 'chai';
import { waitFor } from '../support/childService.js';
import { OtlpCollectorDouble } from '../support/OtlpCollectorDouble.js';
import { express4Path, type OrdersApp, startOrdersApp } from '../support/ordersApp.js';
import { parsePrometheusText } from '../support/prometheusText.js';

const APP = path.resolve('test', 'integration', 'fixtures', 'streamingApp.cjs');
const PROCESSOR_PRELOAD = './test/integration/fixtures/processorPreload.mjs';
const BYTES = 192 * 1024;
const TIMES = 50;
const CONCURRENCY = 10;

/** Each route the app streams on, the path a request takes, and the frameworks serving it. */
const ROUTES: readonly { route: string; path: string; koa: boolean; status: number }[] = [
  { route: '/:package/-/:filename', path: '/pkg/-/pkg-1.0.0.tgz', koa: true, status: 200 },
  { route: '/direct/:filename', path: '/direct/pkg-1.0.0.tgz', koa: true, status: 200 },
  { route: '/sent/:filename', path: '/sent/pkg-1.0.0.tgz', koa: false, status: 200 },
  { route: '/missing/:filename', path: '/missing/pkg-1.0.0.tgz', koa: false, status: 500 },
];

/** GETs `url` `TIMES` times, `CONCURRENCY` at once; each answer read to the end and checked (whole, for a 200). */
async function download(url: string, status: number): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < TIMES) {
      next++;
      const res = await fetch(url);
      const body = await res.arrayBuffer();
      expect(res.status).to.equal(status);
      if (status === 200) expect(body.byteLength).to.equal(BYTES);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
}

/** The request count per value of `label` on `/metrics` (`(none)`: the label is missing). */
async function metricsBy(origin: string, label: string): Promise<Record<string, number>> {
  const samples = parsePrometheusText(await (await fetch(`${origin}/metrics`)).text());
  const counts: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== 'http_server_request_duration_count') continue;
    const key = s.labels[label] ?? '(none)';
    counts[key] = (counts[key] ?? 0) + s.value;
  }
  return counts;
}

/** How many of `routes` answer each status (or error type, with `type`). */
function expectedBy(
  routes: readonly { status: number }[],
  key: (status: number) => string,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of routes) counts[key(r.status)] = (counts[key(r.status)] ?? 0) + TIMES;
  return counts;
}

interface Setup {
  readonly name: string;
  readonly koa: boolean;
  readonly execArgv: readonly string[];
  readonly env: () => Record<string, string>;
  readonly collector?: boolean;
}

const zeroCode = ['--import', './dist/instrumentation.js'];
const SETUPS: readonly Setup[] = [
  {
    name: 'Express 4, zero-code',
    koa: false,
    execArgv: zeroCode,
    env: () => ({ EXPRESS: express4Path() }),
  },
  {
    name: 'Express 4, zero-code, stock instrumentation-http',
    koa: false,
    execArgv: zeroCode,
    env: () => ({ EXPRESS: express4Path(), GOLDEN_SIGNALS_HTTP_INSTRUMENTATION: 'stock' }),
  },
  {
    name: 'Express 4, zero-code, SDK histogram',
    koa: false,
    execArgv: zeroCode,
    env: () => ({ EXPRESS: express4Path(), GOLDEN_SIGNALS_HTTP_METRICS: 'otel' }),
  },
  {
    name: 'Express 5, zero-code',
    koa: false,
    execArgv: zeroCode,
    env: () => ({ EXPRESS: 'express' }),
  },
  { name: 'Koa, zero-code', koa: true, execArgv: zeroCode, env: () => ({ FRAMEWORK: 'koa' }) },
  {
    name: 'Express 4, processor mode',
    koa: false,
    execArgv: ['--import', PROCESSOR_PRELOAD],
    env: () => ({ EXPRESS: express4Path(), OTEL_NODE_RESOURCE_DETECTORS: 'none' }),
    collector: true,
  },
];

// Issue 21, part 2: under verdaccio 50 tarball downloads showed 50 under
// `/:package/-/:filename` on the dashboard, but /metrics had 13 of them with
// no `http_route`. A response that ends outside the request's async context
// (here: a storage queue worked from a timer made at start-up) closed in a
// context without the route, and the histogram read it from there.
for (const setup of SETUPS) {
  describe(`/metrics and the dashboard agree on streamed responses (${setup.name})`, function () {
    this.timeout(90_000);
    let app: OrdersApp;
    let collector: OtlpCollectorDouble | undefined;
    const routes = ROUTES.filter((r) => !setup.koa || r.koa);

    before(async () => {
      collector = setup.collector === true ? await OtlpCollectorDouble.start() : undefined;
      app = await startOrdersApp(
        setup.execArgv,
        {
          GOLDEN_SIGNALS_PORT: '0',
          ...(collector === undefined ? {} : { OTEL_EXPORTER_OTLP_ENDPOINT: collector.url }),
          ...setup.env(),
        },
        true,
        APP,
      );
      for (const r of routes) await download(`${app.url}${r.path}`, r.status);
    });

    after(async () => {
      await app?.stop();
      await collector?.close();
    });

    it(`counts ${TIMES} under each route and its status on the dashboard`, async () => {
      const res = await fetch(`${app.dashboardOrigin}/dashboard/requests?period=1h`);
      const report = (await res.json()) as {
        by_endpoint: Record<string, number>;
        by_status: Record<string, number>;
      };
      expect(report.by_endpoint).to.deep.equal(
        Object.fromEntries(routes.map((r) => [r.route, TIMES])),
      );
      expect(report.by_status).to.deep.equal(expectedBy(routes, String));
    });

    it('counts the same requests under the same routes on /metrics, none without a route', async () => {
      expect(await metricsBy(app.dashboardOrigin as string, 'http_route')).to.deep.equal(
        Object.fromEntries(routes.map((r) => [r.route, TIMES])),
      );
    });

    it("exports the process's saturation gauges on /metrics", async () => {
      const samples = parsePrometheusText(
        await (await fetch(`${app.dashboardOrigin as string}/metrics`)).text(),
      );
      for (const name of [
        'golden_signals_nodejs_eventloop_delay_p99',
        'golden_signals_v8js_memory_heap_used',
        'golden_signals_process_memory_usage',
      ]) {
        expect(
          samples.filter((s) => s.name === name).map((s) => s.labels.service_instance_id),
          name,
        ).to.deep.equal([undefined]);
      }
    });

    it('gives them the same statuses on /metrics, and a 5xx its error type', async () => {
      const origin = app.dashboardOrigin as string;
      expect(await metricsBy(origin, 'http_response_status_code')).to.deep.equal(
        expectedBy(routes, String),
      );
      expect(await metricsBy(origin, 'error_type')).to.deep.equal(
        expectedBy(routes, (status) => (status >= 500 ? String(status) : '(none)')),
      );
    });
  });
}

/** GETs `url` `TIMES` times, `CONCURRENCY` at once, each time hanging up after the first bytes. */
async function hangUps(url: string): Promise<void> {
  let next = 0;
  const client = async () => {
    while (next < TIMES) {
      next++;
      const abort = new AbortController();
      const res = await fetch(url, { signal: abort.signal });
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      await reader.read();
      abort.abort();
      await reader.closed.catch(() => {});
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
}

// The client that hangs up: the response's 'close' comes from its socket,
// outside the request's context.
for (const stock of [false, true]) {
  describe(`/metrics and the dashboard agree on responses the client hung up on (Express 4${stock ? ', stock instrumentation-http' : ''})`, function () {
    this.timeout(90_000);
    let app: OrdersApp;

    before(async () => {
      app = await startOrdersApp(
        zeroCode,
        {
          GOLDEN_SIGNALS_PORT: '0',
          EXPRESS: express4Path(),
          ...(stock ? { GOLDEN_SIGNALS_HTTP_INSTRUMENTATION: 'stock' } : {}),
        },
        true,
        APP,
      );
      await hangUps(`${app.url}/trickle/pkg-1.0.0.tgz`);
      await waitFor('every request ended at the dashboard', async () => {
        const res = await fetch(`${app.dashboardOrigin}/dashboard/requests?period=1h`);
        const report = (await res.json()) as { total: number };
        return report.total === TIMES ? true : undefined;
      });
    });

    after(async () => {
      await app?.stop();
    });

    it('counts them under their route on /metrics as on the dashboard', async () => {
      const res = await fetch(`${app.dashboardOrigin}/dashboard/requests?period=1h`);
      const report = (await res.json()) as { by_endpoint: Record<string, number> };
      expect(report.by_endpoint).to.deep.equal({ '/trickle/:filename': TIMES });
      expect(await metricsBy(app.dashboardOrigin as string, 'http_route')).to.deep.equal(
        report.by_endpoint,
      );
    });
  });
}
