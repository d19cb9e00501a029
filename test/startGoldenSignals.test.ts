import { mkdtempSync, rmSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { expect } from 'chai';
import { loadConfig } from '../src/config.js';
import { dependenciesQuery } from '../src/dashboard/queries/dependenciesQuery.js';
import type { RequestsReport } from '../src/dashboard/queries/requestsQuery.js';
import {
  ConfigError,
  type GoldenSignals,
  type GoldenSignalsOptions,
  startGoldenSignals,
} from '../src/index.js';
import type { RequestStore } from '../src/store/RequestStore.js';
import { waitFor } from './support/childService.js';
import { consoleWritesDuring } from './support/consoleWrites.js';
import { DownstreamService } from './support/DownstreamService.js';
import { listen } from './support/listen.js';
import { send } from './support/rawRequest.js';
import { getJson, type RunningServer, startTestPipeline, TEST_ENV } from './support/testApp.js';

const SILENT = { info: () => {}, warn: () => {} };

/** A node:http app with the dashboard under /ops; every other path answers 200 `ok`. */
function appListener(gs: GoldenSignals) {
  const dash = gs.handler({ prefix: '/ops' });
  return (req: IncomingMessage, res: ServerResponse) => {
    if (dash(req, res)) return;
    res.end('ok');
  };
}

/** Runs `body` against a fresh pipeline and an app over it; stops both after, whatever happens. */
async function withApp(
  env: Readonly<Record<string, string>>,
  options: GoldenSignalsOptions,
  body: (gs: GoldenSignals, app: RunningServer) => Promise<void>,
): Promise<void> {
  const gs = startTestPipeline(env, options);
  const app = await listen(appListener(gs));
  try {
    await body(gs, app);
  } finally {
    await app.close();
    await gs.shutdown();
  }
}

/** GETs each path on the app, then the requests report (uncounted, so every span before it has ended). */
async function countAfter(app: RunningServer, paths: readonly string[]): Promise<RequestsReport> {
  for (const path of paths) await send(app.url, 'GET', path);
  return getJson<RequestsReport>(`${app.url}/ops/requests?period=1h`);
}

/** The ConfigError `startGoldenSignals(options)` throws, or a failed assertion if it starts. */
function rejection(options: GoldenSignalsOptions): ConfigError {
  let gs: GoldenSignals | undefined;
  try {
    gs = startGoldenSignals({ env: TEST_ENV, logger: SILENT, ...options });
  } catch (error) {
    expect(error).to.be.instanceOf(ConfigError);
    return error as ConfigError;
  }
  void gs.shutdown();
  expect.fail(`startGoldenSignals(${JSON.stringify(options)}) should have thrown`);
}

describe('startGoldenSignals', () => {
  describe('options over the environment', () => {
    it('takes serviceName and retention from the options, not the environment', async () => {
      const env = { OTEL_SERVICE_NAME: 'from-env', GOLDEN_SIGNALS_RETENTION: '24h' };
      await withApp(env, { serviceName: 'from-option', retention: '2h' }, async (gs, app) => {
        expect(gs.config.serviceName).to.equal('from-option');
        expect(gs.config.retentionMs).to.equal(2 * 3_600_000);
        expect(gs.store?.retentionMs).to.equal(2 * 3_600_000);
        const metrics = await (await fetch(`${app.url}/ops/metrics`)).text();
        expect(metrics).to.include('service_name="from-option"');
        expect(metrics).not.to.include('from-env');
      });
    });

    it('reads the environment where no option is given', async () => {
      await withApp(
        { OTEL_SERVICE_NAME: 'from-env', GOLDEN_SIGNALS_RETENTION: '3h' },
        {},
        async (gs) => {
          expect(gs.config.serviceName).to.equal('from-env');
          expect(gs.store?.retentionMs).to.equal(3 * 3_600_000);
        },
      );
    });

    for (const [name, list] of [
      ['an empty tracesExporters', []],
      ['an empty metricsExporters', []],
    ] as const) {
      it(`reads ${name} as none, not as the default`, async () => {
        const option = name.includes('traces')
          ? { tracesExporters: list }
          : { metricsExporters: list };
        await withApp({}, option, async (gs) => {
          if (name.includes('traces')) {
            expect(gs.config.tracesExporters).to.deep.equal(['none']);
            expect(gs.store).to.equal(undefined);
          } else {
            expect(gs.config.metricsExporters).to.deep.equal(['none']);
            expect(gs.telemetry.metricsHandler).to.equal(undefined);
          }
        });
      });
    }

    it('has no store with tracesExporters ["none"]: the JSON routes answer 503', async () => {
      await withApp(
        { OTEL_TRACES_EXPORTER: 'memory' },
        { tracesExporters: ['none'] },
        async (gs, app) => {
          expect(gs.store).to.equal(undefined);
          expect(gs.config.tracesExporters).to.deep.equal(['none']);
          for (const route of ['overview', 'requests', 'latency', 'errors']) {
            const res = await send(app.url, 'GET', `/ops/${route}`);
            expect(res.status, route).to.equal(503);
            expect(JSON.parse(res.body)).to.deep.equal({
              error: 'in-memory exporter disabled (OTEL_TRACES_EXPORTER=none)',
            });
          }
          // The page and the metrics do not need the store.
          expect((await send(app.url, 'GET', '/ops')).status).to.equal(200);
          expect((await send(app.url, 'GET', '/ops/metrics')).status).to.equal(200);
        },
      );
    });

    it('has no Prometheus text with metricsExporters ["none"]: /metrics answers 503', async () => {
      const env = { OTEL_METRICS_EXPORTER: 'prometheus' };
      await withApp(env, { metricsExporters: ['none'] }, async (gs, app) => {
        expect(gs.telemetry.metricsHandler).to.equal(undefined);
        const res = await send(app.url, 'GET', '/ops/metrics');
        expect(res.status).to.equal(503);
        expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
        expect(JSON.parse(res.body)).to.deep.equal({
          error: 'Prometheus exporter disabled (OTEL_METRICS_EXPORTER=none)',
        });
        expect((await send(app.url, 'GET', '/ops/overview')).status).to.equal(200);
      });
    });
  });

  it('takes the SLO statuses and routes from the options', async () => {
    const slo = { badStatuses: [429, '4xx'] as const, routes: { '/predict': { latency: 95 } } };
    await withApp({ GOLDEN_SIGNALS_SLO_BAD_STATUSES: '408' }, { slo }, async (gs) => {
      expect(gs.config.slo.badStatuses).to.have.length(100);
      expect(gs.config.slo.routes['/predict']).to.deep.equal({
        availabilityObjective: 0.999,
        latencyObjective: 0.95,
        latencyThresholdMs: 300,
      });
    });
    await withApp({}, { slo: { badStatuses: [] } }, async (gs) => {
      expect(gs.config.slo.badStatuses).to.deep.equal([]);
    });
  });

  describe('a bad option', () => {
    const cases: [string, GoldenSignalsOptions, RegExp][] = [
      [
        'retention',
        { retention: 'forever' },
        /^GOLDEN_SIGNALS_RETENTION must look like .*, got: forever$/,
      ],
      ['retention', { retention: '8d' }, /^GOLDEN_SIGNALS_RETENTION must look like /],
      [
        'dashboardToken',
        { dashboardToken: 'short' },
        /^GOLDEN_SIGNALS_DASHBOARD_TOKEN must be at least 16 /,
      ],
      ['port', { port: 70_000 }, /^GOLDEN_SIGNALS_PORT must be an integer from 0 to 65535/],
      ['port', { port: -1 }, /^GOLDEN_SIGNALS_PORT must be an integer/],
      [
        'tracesExporters',
        { tracesExporters: ['jaeger'] },
        /^OTEL_TRACES_EXPORTER .*unknown: jaeger/,
      ],
      ['metricsExporters', { metricsExporters: ['statsd'] }, /^OTEL_METRICS_EXPORTER .*statsd/],
      ['ignorePaths', { ignorePaths: ['health'] }, /^GOLDEN_SIGNALS_IGNORE_PATHS must be /],
      ['ignorePaths', { ignorePaths: ['/'] }, /^GOLDEN_SIGNALS_IGNORE_PATHS must be /],
      [
        'slo.badStatuses',
        { slo: { badStatuses: [503] } },
        /^GOLDEN_SIGNALS_SLO_BAD_STATUSES must be 4xx status codes.*, got: 503$/,
      ],
      [
        'slo.routes',
        { slo: { routes: { '/predict': { availability: 100 } } } },
        /^GOLDEN_SIGNALS_SLO_ROUTES must be .*got: \/predict availability=100$/,
      ],
    ];
    for (const [name, options, message] of cases) {
      it(`throws a ConfigError naming the variable for ${name}: ${JSON.stringify(options)}`, () => {
        expect(rejection(options).message).to.match(message);
      });
    }

    it('starts nothing, so a pipeline starts after it', async () => {
      rejection({ retention: 'forever' });
      await withApp({}, {}, async (_gs, app) => {
        const r = await countAfter(app, ['/a']);
        expect(r.total).to.equal(1);
      });
    });
  });

  describe('#shutdown', () => {
    it('returns the first call’s promise to a second call', async () => {
      const gs = startTestPipeline();
      const first = gs.shutdown();
      const second = gs.shutdown();
      expect(second).to.equal(first);
      await first;
      expect(gs.shutdown()).to.equal(first);
    });

    it('releases the globals: a new pipeline in the same process counts requests', async () => {
      const first = startTestPipeline();
      await first.shutdown();
      for (let round = 0; round < 2; round++) {
        await withApp({}, {}, async (gs, app) => {
          const r = await countAfter(app, ['/a', '/b', '/c']);
          expect(r.total).to.equal(3);
          expect(gs.store?.totalRecorded).to.equal(3);
        });
      }
      // The first pipeline's store saw none of it.
      expect(first.store?.totalRecorded).to.equal(0);
    });
  });

  describe('the route option', () => {
    it('names a plain node:http request by route(req); undefined is unmatched', async () => {
      const seen: string[] = [];
      const route = (req: IncomingMessage) => {
        seen.push(req.url ?? '');
        const path = req.url?.split('?')[0] ?? '';
        if (/^\/users\/[0-9]+$/.test(path)) return '/users/:id';
        if (path === '/empty') return '';
        return undefined;
      };
      await withApp({}, { route }, async (_gs, app) => {
        const r = await countAfter(app, ['/users/1', '/users/22?x=1', '/other', '/empty']);
        expect(r.total).to.equal(4);
        expect(r.by_endpoint).to.deep.equal({ '/users/:id': 2, unmatched: 2 });
        // Never asked about the dashboard's own requests, which are not traced.
        expect(seen).to.deep.equal(['/users/1', '/users/22?x=1', '/other', '/empty']);
      });
    });
  });

  describe('the ignorePaths option', () => {
    it('never counts the given prefixes, in place of the default /health', async () => {
      await withApp({}, { ignorePaths: ['/livez', '/internal/'] }, async (gs, app) => {
        expect(gs.config.ignorePaths).to.deep.equal(['/livez', '/internal/']);
        const paths = ['/livez', '/livez/deep', '/internal', '/internal/x', '/livezz', '/health'];
        const r = await countAfter(app, paths);
        expect(r.total).to.equal(2);
        expect(gs.store?.totalRecorded).to.equal(2);
      });
    });

    it('ignores /health and below by default, not /healthz', async () => {
      await withApp({}, {}, async (_gs, app) => {
        const r = await countAfter(app, ['/health', '/health/ready', '/healthz']);
        expect(r.total).to.equal(1);
      });
    });

    it('ignores nothing when given an empty list', async () => {
      await withApp({}, { ignorePaths: [] }, async (gs, app) => {
        expect(gs.config.ignorePaths).to.deep.equal([]);
        const r = await countAfter(app, ['/health', '/health/ready']);
        expect(r.total).to.equal(2);
      });
    });
  });

  describe('the logger option', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'gs-logger-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('gets the snapshot and own-port messages, and nothing goes to the console', async () => {
      const file = join(dir, 'dashboard.json');
      const lines: string[] = [];
      const logger = {
        info: (m: string) => lines.push(`info ${m}`),
        warn: (m: string) => lines.push(`warn ${m}`),
      };
      const run = async () => {
        const gs = startGoldenSignals({
          env: { ...TEST_ENV, GOLDEN_SIGNALS_SNAPSHOT_FILE: file },
          port: 0,
          logger,
        });
        try {
          await gs.dashboardUrl;
          const app = await listen(appListener(gs));
          await send(app.url, 'GET', '/counted');
          await app.close();
        } finally {
          await gs.shutdown();
        }
      };
      // Twice: the first run starts empty and writes the snapshot, the second restores it.
      const written = await consoleWritesDuring(async () => {
        await run();
        await run();
      });
      expect(written).to.deep.equal([]);
      expect(lines.filter((l) => l.startsWith('info no snapshot at'))).to.have.length(1);
      expect(lines.filter((l) => l.startsWith(`info restored ${file}`))).to.have.length(1);
      expect(lines.filter((l) => l.startsWith('info dashboard on http://'))).to.have.length(2);
    });
  });

  describe('the client instrumentations (issue 23)', () => {
    /** One request to an app whose handler fetches a downstream once: the calls the store recorded to it. */
    async function callsOfOneRequest(
      env: Record<string, string>,
      options: GoldenSignalsOptions,
    ): Promise<number> {
      const downstream = await DownstreamService.start();
      const gs = startTestPipeline(env, options);
      const app = await listen((_req, res) => {
        void fetch(`${downstream.url}/ok/1`)
          .then((r) => r.arrayBuffer())
          .then(() => res.end('ok'));
      });
      try {
        await send(app.url, 'GET', '/calls');
        // Two requests: the app's, and the downstream's (in this process, so instrumented too).
        await waitFor('both requests on the dashboard', async () =>
          gs.store?.totalRecorded === 2 ? true : undefined,
        );
        // The downstream's calls only: the test's own request to the app is a CLIENT span too.
        const report = dependenciesQuery(gs.store as RequestStore, '1h', 3_600_000);
        const host = new URL(downstream.url).host;
        return report.dependencies.find((d) => d.dependency === host)?.calls ?? 0;
      } finally {
        await app.close();
        await gs.shutdown();
        await downstream.close();
      }
    }

    // TEST_ENV turns them off (the test's own fetch would be instrumented): on here.
    const ON = { GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS: 'on' };

    it('records an app’s fetch as one call, on by default', async () => {
      expect(await callsOfOneRequest(ON, {})).to.equal(1);
      expect(loadConfig({}).clientInstrumentations).to.equal('on');
    });

    it('makes no instrumentation of its own for a client whose instrumentation the caller passes', async () => {
      const theirs = new UndiciInstrumentation();
      expect(await callsOfOneRequest(ON, { instrumentations: [theirs] })).to.equal(1);
    });

    it('turns them off with GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS=off', async () => {
      expect(
        await callsOfOneRequest({ GOLDEN_SIGNALS_CLIENT_INSTRUMENTATIONS: 'off' }, {}),
      ).to.equal(0);
    });
  });
});
