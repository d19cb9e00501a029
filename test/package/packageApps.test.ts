import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { type AppRoutes, AppTraffic } from '../support/appTraffic.js';
import { waitFor } from '../support/childService.js';
import { launchChromium } from '../support/chromium.js';
import { CHARTS, openPage, settled, tableRows } from '../support/dashboardPage.js';
import { exactQuantile } from '../support/distributions.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import {
  expectedNodeMajor,
  expectedOtelLine,
  inOtelLine,
  installApp,
  packProject,
  type RunningApp,
  run,
  startApp,
  versionSeenByPackage,
} from '../support/packedApp.js';

/** `KEEP_PACKAGE_APPS=1` keeps the temporary apps (and prints where) for a look after a failure. */
const KEEP = process.env.KEEP_PACKAGE_APPS === '1';
const ROOT = packageRoot();
const FIXTURES = path.join(ROOT, 'test', 'package', 'apps');
const ARTIFACTS = path.join(ROOT, 'test', 'artifacts');
/** Where the mounted apps put the dashboard. */
const PREFIX = '/ops';
const REGISTER = ['--import', 'golden-signals/register', 'app.js'];
/** The OpenTelemetry line npm must have installed, and the Node the apps must run on. */
const OTEL_LINE = expectedOtelLine();
const NODE_MAJOR = expectedNodeMajor();
/** Any free port; NODE_ENV=test keeps Express's final handler from logging every stack. */
const APP_ENV = { PORT: '0', NODE_ENV: 'test' };

/** One fixture app: how it is installed, started, and how it names routes and errors. */
interface AppSpec {
  readonly name: string;
  readonly dir: string;
  readonly type: 'module' | 'commonjs';
  /** Fixture file → name in the app. */
  readonly files: Record<string, string>;
  /** Exact versions from the registry (besides golden-signals). */
  readonly dependencies: Record<string, string>;
  readonly zeroCode: AppRoutes;
  readonly mounted: AppRoutes;
  /** The node arguments of the mounted mode. */
  readonly mountedArgs: readonly string[];
}

const BOOM: Omit<AppRoutes, 'wildcard'> = { boomType: 'BoomError', templates: true };
const APPS: readonly AppSpec[] = [
  {
    name: 'Express 5 (ESM)',
    dir: 'express5',
    type: 'module',
    files: { 'app.mjs': 'app.js' },
    dependencies: { express: '5.3.0' },
    zeroCode: { ...BOOM, wildcard: '/files/*path' },
    mounted: { ...BOOM, wildcard: '/files/*path' },
    mountedArgs: REGISTER,
  },
  {
    name: 'Express 4 (CommonJS)',
    dir: 'express4',
    type: 'commonjs',
    files: { 'app.cjs': 'app.js' },
    dependencies: { express: '4.22.3' },
    zeroCode: { ...BOOM, wildcard: '/files/*' },
    mounted: { ...BOOM, wildcard: '/files/*' },
    mountedArgs: REGISTER,
  },
  {
    name: 'Fastify 5',
    dir: 'fastify',
    type: 'module',
    files: { 'app.mjs': 'app.js' },
    dependencies: { fastify: '5.12.8' },
    zeroCode: { ...BOOM, wildcard: '/files/*' },
    mounted: { ...BOOM, wildcard: '/files/*' },
    mountedArgs: REGISTER,
  },
  {
    name: 'Koa 3 with @koa/router',
    dir: 'koa',
    type: 'module',
    files: { 'app.mjs': 'app.js' },
    dependencies: { koa: '3.3.0', '@koa/router': '15.7.0' },
    zeroCode: { ...BOOM, wildcard: '/files/{*path}' },
    mounted: { ...BOOM, wildcard: '/files/{*path}' },
    mountedArgs: REGISTER,
  },
  {
    name: 'plain node:http',
    dir: 'http',
    type: 'module',
    files: { 'app.mjs': 'app.js', 'route.mjs': 'route.mjs', 'preload.mjs': 'preload.mjs' },
    dependencies: {},
    // Zero-code has no way to pass `route`, and node:http has no error class
    // of its own: the app answers 500 itself, so it is counted by status.
    zeroCode: { wildcard: '/files/*', boomType: 'HTTP 500', templates: false },
    mounted: { wildcard: '/files/*', boomType: 'HTTP 500', templates: true },
    mountedArgs: ['--import', './preload.mjs', 'app.js'],
  },
];

/** GETs JSON; fails with the status and body otherwise. */
async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/** The dashboard's four answers for the last hour. */
async function readDashboard(base: string) {
  const [overview, requests, latency, errors] = await Promise.all([
    getJson<OverviewReport>(`${base}/overview`),
    getJson<RequestsReport>(`${base}/requests?period=1h`),
    getJson<LatencyReport>(`${base}/latency?period=1h`),
    getJson<ErrorsReport>(`${base}/errors?period=1h`),
  ]);
  return { overview, requests, latency, errors };
}

/** One row of test/artifacts/package-latency.json: what the percentile check measured. */
interface LatencyFigure {
  app: string;
  mode: string;
  endpoint: string;
  quantile: number;
  /** The exact quantile of the same server spans' durations, as exported over OTLP. */
  spans_exact_ms: number;
  client_ms: number;
  slept_ms: number;
  dashboard_ms: number;
  /** (dashboard - spans) / spans: what the 1% bound is asserted on */
  relative_to_spans: number;
  /** (dashboard - client) / client: recorded, not asserted */
  relative_to_client: number;
  /** The interval the dashboard's figure had to fall in. */
  allowed: [number, number];
}

/** Rounded to 3 decimals, for the artifact. */
const round3 = (x: number) => Math.round(x * 1000) / 1000;
const figures: LatencyFigure[] = [];

describe('golden-signals as an installed package (npm pack, npm install, real apps)', () => {
  let tmp: string;
  let tarball: string;
  let packed: readonly string[];
  let browser: Browser;
  const installs = new Map<string, Promise<string>>();

  before(async function () {
    // npm pack plus six npm installs in parallel: minutes on a cold cache.
    this.timeout(600_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-package-'));
    if (KEEP) console.log(`      (keeping the apps in ${tmp})`);
    ({ file: tarball, files: packed } = await packProject(ROOT, tmp));
    const install = (dir: string, name: string, files: Parameters<typeof installApp>[2]) => {
      const where = path.join(tmp, dir);
      mkdirSync(where);
      return installApp(where, name, files).then(() => where);
    };
    for (const spec of APPS) {
      const files = Object.fromEntries(
        Object.entries(spec.files).map(([from, to]) => [path.join(FIXTURES, spec.dir, from), to]),
      );
      installs.set(
        spec.dir,
        install(spec.dir, `app-${spec.dir}`, {
          type: spec.type,
          dependencies: { ...spec.dependencies, 'golden-signals': `file:${tarball}` },
          files,
        }),
      );
    }
    installs.set(
      'consumer',
      install('consumer', 'app-consumer', {
        type: 'module',
        dependencies: { '@types/node': '20.19.25', 'golden-signals': `file:${tarball}` },
        files: { [path.join(FIXTURES, 'consumer', 'consumer.mts')]: 'index.mts' },
      }),
    );
    // Each app's tests fail on their own install's error; wait for all of them here.
    await Promise.allSettled(installs.values());
    browser = await launchChromium();
  });

  after(async function () {
    // Six node_modules trees to delete, on a busy machine.
    this.timeout(120_000);
    await browser?.close();
    if (figures.length > 0) {
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(
        path.join(ARTIFACTS, 'package-latency.json'),
        `${JSON.stringify(figures, null, 2)}\n`,
      );
    }
    if (tmp !== undefined && !KEEP) rmSync(tmp, { recursive: true, force: true });
  });

  describe('the tarball', () => {
    it('holds the two entries, their .d.ts and the page, and no demo or test code', () => {
      for (const f of [
        'package.json',
        'dist/instrumentation.js',
        'dist/instrumentation.d.ts',
        'dist/src/index.js',
        'dist/src/index.d.ts',
        'dist/web/main.js',
        'web/dashboard.html',
      ]) {
        expect(packed, f).to.include(f);
      }
      for (const f of packed)
        expect(f).not.to.match(/^(dist\/)?(test|bench|scripts|demo)\/|\.ts$(?<!\.d\.ts)/);
    });

    it('installs no framework into an app that does not use one (node:http)', async () => {
      const dir = await (installs.get('http') as Promise<string>);
      const { stdout } = await run('npm', ['ls', '--all', '--parseable'], dir);
      const names = stdout.split('\n').map((p) => path.relative(path.join(dir, 'node_modules'), p));
      for (const framework of [
        'express',
        'fastify',
        'koa',
        '@koa/router',
        '@nestjs/core',
        'hono',
        '@hapi/hapi',
      ]) {
        const found = names.filter(
          (n) => n === framework || n.endsWith(`/node_modules/${framework}`),
        );
        expect(found, framework).to.deep.equal([]);
      }
    });
  });

  describe(`the OpenTelemetry line (${OTEL_LINE}.x expected on Node ${process.versions.node})`, () => {
    /** The installed package.json of golden-signals in the app at `dir`. */
    const manifest = (dir: string) =>
      JSON.parse(
        readFileSync(path.join(dir, 'node_modules', 'golden-signals', 'package.json'), 'utf8'),
      ) as {
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
        peerDependenciesMeta?: Record<string, { optional?: boolean }>;
      };
    const otelPeers = (dir: string) =>
      Object.keys(manifest(dir).peerDependencies ?? {}).filter((n) =>
        n.startsWith('@opentelemetry/'),
      );

    /** The peers npm must install: those not marked optional. */
    const requiredOtelPeers = (dir: string) =>
      otelPeers(dir).filter((n) => manifest(dir).peerDependenciesMeta?.[n]?.optional !== true);

    it('has every @opentelemetry package as a peer, none as a dependency; only exporters, propagators and client instrumentations loaded when used are optional', async () => {
      const dir = await (installs.get('http') as Promise<string>);
      const pkg = manifest(dir);
      expect(
        Object.keys(pkg.dependencies ?? {}).filter((n) => n.startsWith('@opentelemetry/')),
      ).to.deep.equal([]);
      expect(requiredOtelPeers(dir)).to.include.members([
        '@opentelemetry/api',
        '@opentelemetry/sdk-trace',
        '@opentelemetry/exporter-trace-otlp-proto',
      ]);
      expect(otelPeers(dir).filter((n) => !requiredOtelPeers(dir).includes(n))).to.have.members([
        '@opentelemetry/exporter-trace-otlp-http',
        '@opentelemetry/exporter-trace-otlp-grpc',
        '@opentelemetry/exporter-metrics-otlp-http',
        '@opentelemetry/exporter-metrics-otlp-proto',
        '@opentelemetry/exporter-metrics-otlp-grpc',
        '@opentelemetry/propagator-b3',
        '@opentelemetry/propagator-jaeger',
        // The drop-in for auto-instrumentations-node's preload, loaded only when asked.
        '@opentelemetry/auto-instrumentations-node',
        // The client instrumentations, loaded only beside their installed client (issue 23).
        '@opentelemetry/instrumentation-undici',
        '@opentelemetry/instrumentation-pg',
        '@opentelemetry/instrumentation-mysql2',
        '@opentelemetry/instrumentation-ioredis',
        '@opentelemetry/instrumentation-redis',
        '@opentelemetry/instrumentation-mongodb',
      ]);
    });

    for (const spec of APPS) {
      it(`${spec.name}: npm installed the ${OTEL_LINE}.x line of every peer golden-signals loads`, async () => {
        const dir = await (installs.get(spec.dir) as Promise<string>);
        const required = requiredOtelPeers(dir);
        const seen = Object.fromEntries(
          otelPeers(dir).map((name) => [name, versionSeenByPackage(dir, name)]),
        );
        // An optional peer may be absent; present, it must be in the line too.
        const wrong = Object.entries(seen).filter(([name, v]) =>
          v === undefined ? required.includes(name) : !inOtelLine(name, v, OTEL_LINE),
        );
        expect(wrong, JSON.stringify(seen)).to.deep.equal([]);
      });
    }
  });

  describe('a TypeScript app that depends on the tarball', () => {
    it('type-checks against the package .d.ts under strict, with the project typescript', async function () {
      this.timeout(120_000);
      const dir = await (installs.get('consumer') as Promise<string>);
      writeFileSync(
        path.join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            skipLibCheck: false,
            noEmit: true,
            types: ['node'],
          },
          files: ['index.mts'],
        }),
      );
      const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
      await run(process.execPath, [tsc, '-p', 'tsconfig.json'], dir);
    });
  });

  for (const spec of APPS) {
    describe(spec.name, () => {
      for (const mode of ['zero-code', 'mounted'] as const) {
        const routes = mode === 'zero-code' ? spec.zeroCode : spec.mounted;
        const how =
          mode === 'zero-code'
            ? `node ${REGISTER.join(' ')}, dashboard on its own port`
            : `node ${spec.mountedArgs.join(' ')}, dashboard mounted at ${PREFIX}`;
        describe(`${mode} (${how})`, () => {
          let app: RunningApp | undefined;
          let base: string;
          let traffic: AppTraffic;
          let dashboard: Awaited<ReturnType<typeof readDashboard>>;
          // The same spans, exported over OTLP beside the dashboard: the server's exact durations.
          let receiver: OtlpCollectorDouble;

          before(async function () {
            this.timeout(120_000);
            const dir = await (installs.get(spec.dir) as Promise<string>);
            receiver = await OtlpCollectorDouble.start();
            const env = {
              ...APP_ENV,
              OTEL_TRACES_EXPORTER: 'memory,otlp',
              OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
              OTEL_BSP_SCHEDULE_DELAY: '100',
            };
            app =
              mode === 'zero-code'
                ? await startApp(dir, REGISTER, { ...env, GOLDEN_SIGNALS_PORT: '0' }, true)
                : await startApp(
                    dir,
                    spec.mountedArgs,
                    { ...env, GOLDEN_SIGNALS_PORT: 'off', MOUNT: '1' },
                    false,
                  );
            base = mode === 'zero-code' ? (app.dashboardUrl as string) : `${app.url}${PREFIX}`;
            traffic = new AppTraffic(app.url, routes);
            // Paths that only look like the prefix are the app's own 404s.
            await traffic.sendAll(mode === 'mounted' ? [`${PREFIX}x`, `${PREFIX}-not-it/a`] : []);
            const expected = traffic.sent.length;
            dashboard = await waitFor(
              `the dashboard to count ${expected} requests`,
              async () => {
                const d = await readDashboard(base);
                if (d.requests.total > expected) {
                  throw new Error(`counted ${d.requests.total} requests, sent ${expected}`);
                }
                return d.requests.total === expected && d.overview.active_requests === 0
                  ? d
                  : undefined;
              },
              10_000,
            );
            await waitFor(`${expected} server spans at the OTLP receiver`, async () => {
              const n = receiver.spans.filter((span) => span.kind === SPAN_KIND_SERVER).length;
              if (n > expected) throw new Error(`received ${n} server spans, sent ${expected}`);
              return n === expected ? true : undefined;
            });
          });

          after(async function () {
            await receiver?.close();
            if (app === undefined) return;
            const code = await app.stop();
            const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
            if (failed || (code !== 0 && code !== null)) {
              console.log(
                `      app output (exit ${code}), last 4000 characters:\n${app.output().slice(-4000)}`,
              );
            }
          });

          it('counts every request once: totals, by_endpoint (full templates), by_status, by_method', () => {
            const { requests, latency, overview } = dashboard;
            const total = traffic.sent.length;
            expect(requests.total, 'requests.total').to.equal(total);
            expect(overview.total_requests, 'overview.total_requests').to.equal(total);
            expect(latency.total_requests, 'latency.total_requests').to.equal(total);
            expect(requests.by_endpoint).to.deep.equal(traffic.byEndpoint());
            expect(requests.by_status).to.deep.equal(traffic.byStatus());
            expect(requests.by_method).to.deep.equal(traffic.byMethod());
            expect(Object.keys(latency.by_endpoint).sort()).to.deep.equal(
              Object.keys(traffic.byEndpoint()).sort(),
            );
          });

          it(`counts errors exactly, by type (${routes.boomType} for the thrown error)`, () => {
            const { errors } = dashboard;
            const sentErrors = traffic.sent.filter((r) => r.status >= 400);
            expect(errors.total_errors).to.equal(sentErrors.length);
            expect(errors.by_type).to.deep.equal(traffic.byErrorType());
            const byStatus: Record<string, number> = {};
            for (const r of sentErrors) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
            expect(errors.by_status).to.deep.equal(byStatus);
          });

          it('puts every unknown path under the one unmatched key', () => {
            const unknown = traffic.sent.filter((r) => r.status === 404).length;
            const counted = dashboard.requests.by_endpoint.unmatched ?? 0;
            expect(counted).to.equal(routes.templates ? unknown : traffic.sent.length);
            for (const key of Object.keys(dashboard.requests.by_endpoint)) {
              expect(key, 'no raw path is an endpoint').not.to.match(/nope|\/ops/);
            }
          });

          it(`ran on Node ${NODE_MAJOR} (process.runtime.version of its spans)`, () => {
            const versions = new Set(
              receiver.spans.map((span) => span.resource['process.runtime.version']),
            );
            expect([...versions]).to.have.length(1);
            expect(String([...versions][0]).split('.')[0]).to.equal(String(NODE_MAJOR));
          });

          it('has active_requests back to 0', () => {
            expect(dashboard.overview.active_requests).to.equal(0);
          });

          // The dashboard's percentiles against the exact ones of the same server spans
          // (their durations as exported over OTLP): the sketch promises 1%. The client's
          // own figures are recorded beside them, not asserted: a span ends at the
          // response's 'finish' event, which a busy event loop can run after the client
          // already has the response, and the client adds loopback and its own loop.
          const endpoint = routes.templates ? '/slow' : 'unmatched';
          it(`reports ${endpoint} p50/p95/p99 within 1% of the exact figures of its spans`, () => {
            const summary = dashboard.latency.by_endpoint[endpoint];
            expect(summary, `latency.by_endpoint[${endpoint}]`).to.not.equal(undefined);
            const durations = receiver.spans
              .filter((span) => span.kind === SPAN_KIND_SERVER)
              .filter((span) => (span.attributes['http.route'] ?? 'unmatched') === endpoint)
              .map((span) => span.durationMs)
              .sort((a, b) => a - b);
            expect(durations.length).to.equal(traffic.durations(endpoint).length);
            for (const q of [0.5, 0.95, 0.99]) {
              const key = `p${Math.round(q * 100)}_ms` as 'p50_ms' | 'p95_ms' | 'p99_ms';
              const exact = exactQuantile(durations, q);
              const client = traffic.quantile(endpoint, q);
              const slept = traffic.sleepQuantile(endpoint, q);
              const shown = summary?.[key] as number;
              // 0.005: the API rounds to 2 decimals.
              const high = exact * 1.01 + 0.005;
              const low = exact * 0.99 - 0.005;
              figures.push({
                app: spec.name,
                mode,
                endpoint,
                quantile: q,
                spans_exact_ms: round3(exact),
                client_ms: round3(client),
                slept_ms: slept,
                dashboard_ms: shown,
                relative_to_spans: round3((shown - exact) / exact),
                relative_to_client: round3((shown - client) / client),
                allowed: [round3(low), round3(high)],
              });
              expect(shown, `${key}: more than 1% off the spans' exact ${exact} ms`).to.be.within(
                low,
                high,
              );
              // And the span lasted at least the sleep asked for (less 1 ms: libuv's
              // whole-millisecond timer clock), so the route really was measured.
              expect(exact, `${key}: shorter than the ${slept} ms slept`).to.be.at.least(slept - 1);
            }
          });

          it('renders the page in Chromium with its charts and the endpoint table', async function () {
            this.timeout(60_000);
            const { page, recorder } = await openPage(browser, base);
            try {
              await settled(page);
              for (const id of CHARTS)
                expect(await page.locator(`#${id} canvas`).count()).to.be.above(0);
              // The endpoints the JSON API lists (the first test holds those to what was sent).
              const want = Object.keys(dashboard.requests.by_endpoint).sort();
              const rows = await waitFor(
                'the endpoint table to list every endpoint',
                async () => {
                  const r = await tableRows(page, 'endpoints');
                  const names = r.map((cells) => cells[0] ?? '').sort();
                  return JSON.stringify(names) === JSON.stringify(want) ? r : undefined;
                },
                15_000,
              );
              expect(rows).to.have.length(want.length);
              expect(recorder.failures, 'failed requests').to.deep.equal([]);
              expect(recorder.errors, 'page errors').to.deep.equal([]);
            } finally {
              await page.context().close();
            }
          });

          it(`never counted the dashboard itself (${mode === 'zero-code' ? 'its own port' : PREFIX})`, async () => {
            await getJson(`${base}/overview`);
            await fetch(`${base}/metrics`).then((r) => r.arrayBuffer());
            await fetch(`${base}/no-such-view`).then((r) => r.arrayBuffer());
            // Give a wrongly recorded span time to arrive.
            await new Promise((resolve) => setTimeout(resolve, 300));
            const after = await readDashboard(base);
            expect(after.requests.total).to.equal(traffic.sent.length);
            expect(after.requests.by_endpoint).to.deep.equal(dashboard.requests.by_endpoint);
            expect(after.requests.by_method).to.deep.equal(dashboard.requests.by_method);
          });
        });
      }
    });
  }
});
