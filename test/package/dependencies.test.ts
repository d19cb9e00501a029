import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import { waitFor } from '../support/childService.js';
import { DownstreamService } from '../support/DownstreamService.js';
import { exactQuantile } from '../support/distributions.js';
import {
  type CollectedSpan,
  OtlpCollectorDouble,
  SPAN_KIND_CLIENT,
  SPAN_KIND_SERVER,
} from '../support/OtlpCollectorDouble.js';
import { PostgresServer } from '../support/PostgresServer.js';
import {
  expectedNodeMajor,
  expectedOtelLine,
  inOtelLine,
  installApp,
  packProject,
  type RunningApp,
  startApp,
  versionSeenByPackage,
} from '../support/packedApp.js';
import { RedisServer } from '../support/RedisServer.js';

/**
 * Issue 23's acceptance: an Express app installed from `npm pack` beside the
 * real pg, ioredis and fetch clients and their instrumentations, started
 * zero-code against a real PostgreSQL, a real Redis and a real downstream
 * HTTP service, makes a known number of calls per request. What
 * `/dashboard/dependencies` says is checked against that plan, and every
 * latency against the exact durations of the same CLIENT spans, received
 * over OTLP. The CI matrix runs it on Node 20 / OTel 2.x and Node 24 / 3.x.
 */

const KEEP = process.env.KEEP_PACKAGE_APPS === '1';
const ROOT = packageRoot();
const FIXTURE = path.join(ROOT, 'test', 'package', 'apps', 'dependencies');
const REGISTER = ['--import', 'golden-signals/register', 'app.js'];
const OTEL_LINE = expectedOtelLine();
const NODE_MAJOR = expectedNodeMajor();
/** The instrumentation releases of each OpenTelemetry line (as clientInstrumentations names them). */
const INSTRUMENTATIONS = {
  '2': { undici: '0.33.0', pg: '0.76.0', ioredis: '0.71.0' },
  '3': { undici: '0.34.0', pg: '0.77.0', ioredis: '0.72.0' },
}[OTEL_LINE];
/** The literal the app writes into SQL text, Redis keys and values, and a query string (app.mjs's SECRET). */
const SECRET = 'secret-4242-literal';
/** The database the app uses: its dependency is `postgresql app` (system and namespace). */
const DATABASE = 'app';
/** pg_sleep's seconds in the slow query. */
const SLEEP_SECONDS = 0.3;
/** PostgreSQL calls the app makes before it listens: connect, CREATE TABLE, INSERT (outside any request). */
const STARTUP_PG_CALLS = 3;

/** The dependency kinds of the app, by their contract names once the servers' ports are known. */
type Dep = 'pg' | 'redis' | 'http';

/** One planned request: its path, endpoint template, status, and calls per dependency. */
interface Planned {
  readonly path: string;
  readonly endpoint: string;
  readonly status: number;
  readonly calls: Readonly<Partial<Record<Dep, number>>>;
  readonly errors: Readonly<Partial<Record<Dep, number>>>;
}

const PLAN: readonly Planned[] = [
  ...Array.from({ length: 12 }, (_, i) => ({
    path: `/orders/${i + 1}`,
    endpoint: '/orders/:id',
    status: 200,
    calls: { pg: 2, redis: 2, http: 1 },
    errors: {},
  })),
  { path: '/report/slow', endpoint: '/report/slow', status: 200, calls: { pg: 1 }, errors: {} },
  ...Array.from({ length: 2 }, () => ({
    path: '/report/broken',
    endpoint: '/report/broken',
    status: 500,
    calls: { pg: 1 },
    errors: { pg: 1 },
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    path: `/partner/fail/${i}`,
    endpoint: '/partner/fail/:n',
    status: 502,
    calls: { http: 1 },
    errors: { http: 1 },
  })),
  {
    path: '/partner/timeout',
    endpoint: '/partner/timeout',
    status: 504,
    calls: { http: 1 },
    errors: { http: 1 },
  },
  ...Array.from({ length: 2 }, () => ({
    path: '/items',
    endpoint: '/items',
    status: 200,
    calls: { pg: 25 },
    errors: {},
  })),
];

/** The sum over the plan of `pick`, per dependency. */
function planned(pick: (p: Planned) => Partial<Record<Dep, number>>): Record<Dep, number> {
  const out: Record<Dep, number> = { pg: 0, redis: 0, http: 0 };
  for (const p of PLAN) for (const [d, n] of Object.entries(pick(p))) out[d as Dep] += n;
  return out;
}

/** The contract's shapes, as far as this test reads them. */
interface LatencyMs {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly avg: number;
  readonly max: number;
}
interface DependenciesReport {
  readonly total_calls: number;
  readonly errors: number;
  readonly dependencies: readonly {
    readonly dependency: string;
    readonly kind: string;
    readonly system: string;
    readonly calls: number;
    readonly errors: number;
    readonly latency_ms: LatencyMs;
  }[];
  readonly endpoints: readonly {
    readonly endpoint: string;
    readonly requests: number;
    readonly dependencies: readonly {
      readonly dependency: string;
      readonly calls: number;
      readonly calls_per_request: number;
    }[];
  }[];
  readonly n_plus_one: readonly {
    readonly endpoint: string;
    readonly dependency: string;
    readonly statement: string;
    readonly requests: number;
    readonly max_calls_per_request: number;
    readonly trace_id: string;
  }[];
  readonly unattributed_calls: number;
}
interface SlowestCalls {
  readonly calls: readonly {
    readonly duration_ms: number;
    readonly dependency: string;
    readonly statement: string | null;
    readonly trace_id: string;
    readonly span_id: string;
  }[];
}

/** GETs a dashboard answer; fails with the status and body unless 200. Keeps every body it read. */
class DashboardReader {
  /** Every body read, for the check that no literal leaks. */
  readonly bodies: { readonly url: string; readonly text: string }[] = [];
  constructor(private readonly base: string) {}

  async get<T>(pathAndQuery: string): Promise<T> {
    const url = `${this.base}${pathAndQuery}`;
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    const text = await res.text();
    this.bodies.push({ url, text });
    if (res.status !== 200)
      throw new Error(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 500)}`);
    return JSON.parse(text) as T;
  }
}

/** Whether the span came from a database client, by either generation of the attribute. */
function dbSystem(span: CollectedSpan): string | undefined {
  const value = span.attributes['db.system.name'] ?? span.attributes['db.system'];
  return typeof value === 'string' ? value : undefined;
}

/** |got − exact| within 1% of exact, plus half the JSON's 0.01 ms rounding. */
function expectWithinOnePercent(got: number, exact: number, what: string): void {
  expect(Math.abs(got - exact), `${what}: got ${got}, exact ${exact}`).to.be.at.most(
    exact * 0.01 + 0.005 + 1e-9,
  );
}

describe('dependencies: a packed Express app with the real pg, ioredis and fetch, zero-code (issue 23)', function () {
  this.timeout(180_000);
  let tmp: string;
  let dir: string;
  let postgres: PostgresServer | undefined;
  let redis: RedisServer | undefined;
  let downstream: DownstreamService | undefined;
  let collector: OtlpCollectorDouble | undefined;
  let app: RunningApp | undefined;
  let dashboard: DashboardReader;
  let names: Record<Dep, string>;
  let report: DependenciesReport;
  let serverSpans: CollectedSpan[];
  let clientSpans: Record<Dep, CollectedSpan[]>;

  before(async function () {
    this.timeout(600_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-dependencies-'));
    if (KEEP) console.log(`      (keeping the app in ${tmp})`);
    dir = path.join(tmp, 'app');
    mkdirSync(dir);
    const installing = packProject(ROOT, tmp).then(({ file }) =>
      installApp(dir, 'app-dependencies', {
        type: 'module',
        dependencies: {
          express: '5.3.0',
          pg: '8.23.1',
          ioredis: '6.0.0',
          '@opentelemetry/instrumentation-undici': INSTRUMENTATIONS.undici,
          '@opentelemetry/instrumentation-pg': INSTRUMENTATIONS.pg,
          '@opentelemetry/instrumentation-ioredis': INSTRUMENTATIONS.ioredis,
          'golden-signals': `file:${file}`,
        },
        files: { [path.join(FIXTURE, 'app.mjs')]: 'app.js' },
      }),
    );
    [postgres, redis, downstream, collector] = await Promise.all([
      PostgresServer.start(),
      RedisServer.start(),
      DownstreamService.start(),
      OtlpCollectorDouble.start(),
      installing,
    ]);
    await postgres.createDatabase(DATABASE);
    names = {
      pg: `postgresql ${DATABASE}`,
      redis: `redis 127.0.0.1:${redis.port}`,
      http: new URL(downstream.url).host,
    };
    app = await startApp(
      dir,
      REGISTER,
      {
        PORT: '0',
        NODE_ENV: 'test',
        GOLDEN_SIGNALS_PORT: '0',
        OTEL_TRACES_EXPORTER: 'memory,otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
        OTEL_BSP_SCHEDULE_DELAY: '100',
        DATABASE_URL: postgres.url(DATABASE),
        REDIS_URL: redis.url,
        DOWNSTREAM_URL: downstream.url,
        SLEEP_SECONDS: String(SLEEP_SECONDS),
      },
      true,
    );
    for (const p of PLAN) {
      const res = await fetch(`${app.url}${p.path}`);
      await res.arrayBuffer();
      if (res.status !== p.status)
        throw new Error(`GET ${p.path}: ${res.status}, planned ${p.status}\n${app.output()}`);
    }
    const received = collector;
    const expectedClient =
      planned((p) => p.calls).pg +
      STARTUP_PG_CALLS +
      planned((p) => p.calls).redis +
      planned((p) => p.calls).http;
    await waitFor(
      `${PLAN.length} server and ${expectedClient} client spans at the OTLP receiver`,
      async () => {
        const server = received.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length;
        const client = received.spans.filter((s) => s.kind === SPAN_KIND_CLIENT).length;
        return server >= PLAN.length && client >= expectedClient ? true : undefined;
      },
      30_000,
    );
    serverSpans = received.spans.filter((s) => s.kind === SPAN_KIND_SERVER);
    const clients = received.spans.filter((s) => s.kind === SPAN_KIND_CLIENT);
    clientSpans = {
      pg: clients.filter((s) => dbSystem(s) === 'postgresql'),
      redis: clients.filter((s) => dbSystem(s) === 'redis'),
      http: clients.filter((s) => dbSystem(s) === undefined),
    };
    dashboard = new DashboardReader(app.dashboardUrl as string);
    const total = expectedClient;
    report = await waitFor(
      `the dashboard to count ${total} calls`,
      async () => {
        const r = await dashboard.get<DependenciesReport>('/dependencies?period=1h');
        return r.total_calls >= total ? r : undefined;
      },
      15_000,
      200,
    );
  });

  after(async function () {
    this.timeout(300_000);
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
    if (app !== undefined) {
      const code = await app.stop();
      if (failed || (code !== 0 && code !== null))
        console.log(`      app output (exit ${code}):\n${app.output().slice(-4000)}`);
    }
    await Promise.all([postgres?.stop(), redis?.stop(), downstream?.close(), collector?.close()]);
    if (tmp !== undefined && !KEEP) await rm(tmp, { recursive: true, force: true });
  });

  it('made exactly the planned calls (the CLIENT spans the app exported)', () => {
    const calls = planned((p) => p.calls);
    expect(clientSpans.pg).to.have.length(calls.pg + STARTUP_PG_CALLS);
    expect(clientSpans.redis).to.have.length(calls.redis);
    expect(clientSpans.http).to.have.length(calls.http);
    expect(serverSpans).to.have.length(PLAN.length);
    expect(Object.fromEntries((downstream as DownstreamService).received)).to.deep.equal({
      ok: 12,
      fail: 3,
      hang: 1,
    });
  });

  it('counts every call and every error of each dependency exactly', () => {
    const calls = planned((p) => p.calls);
    const errors = planned((p) => p.errors);
    const want = {
      [names.pg]: { kind: 'database', system: 'postgresql', calls: calls.pg + STARTUP_PG_CALLS },
      [names.redis]: { kind: 'cache', system: 'redis', calls: calls.redis },
      [names.http]: { kind: 'http', system: 'http', calls: calls.http },
    };
    const got = Object.fromEntries(
      report.dependencies.map((d) => [
        d.dependency,
        { kind: d.kind, system: d.system, calls: d.calls, errors: d.errors },
      ]),
    );
    expect(got).to.deep.equal({
      [names.pg]: { ...want[names.pg], errors: errors.pg },
      [names.redis]: { ...want[names.redis], errors: errors.redis },
      [names.http]: { ...want[names.http], errors: errors.http },
    });
    expect(report.total_calls).to.equal(calls.pg + STARTUP_PG_CALLS + calls.redis + calls.http);
    expect(report.errors).to.equal(errors.pg + errors.redis + errors.http);
    expect(report.unattributed_calls).to.equal(STARTUP_PG_CALLS);
  });

  it('gives each endpoint its requests and exact calls per request of each dependency', () => {
    const want: Record<string, { requests: number; deps: Record<string, [number, number]> }> = {};
    for (const p of PLAN) {
      const e = want[p.endpoint] ?? { requests: 0, deps: {} };
      want[p.endpoint] = e;
      e.requests++;
      for (const [d, n] of Object.entries(p.calls)) {
        const name = names[d as Dep];
        const [sum] = e.deps[name] ?? [0, 0];
        e.deps[name] = [sum + n, n];
      }
    }
    const got = Object.fromEntries(
      report.endpoints.map((e) => [
        e.endpoint,
        {
          requests: e.requests,
          deps: Object.fromEntries(
            e.dependencies.map((d) => [d.dependency, [d.calls, d.calls_per_request]]),
          ),
        },
      ]),
    );
    expect(got).to.deep.equal(want);
  });

  it('has p50, p95 and p99 of each dependency within 1% of the exact span durations', () => {
    for (const dep of ['pg', 'redis', 'http'] as const) {
      const row = report.dependencies.find((d) => d.dependency === names[dep]);
      expect(row, names[dep]).to.not.equal(undefined);
      const sorted = clientSpans[dep].map((s) => s.durationMs).sort((a, b) => a - b);
      const latency = (row as DependenciesReport['dependencies'][number]).latency_ms;
      expectWithinOnePercent(latency.p50, exactQuantile(sorted, 0.5), `${names[dep]} p50`);
      expectWithinOnePercent(latency.p95, exactQuantile(sorted, 0.95), `${names[dep]} p95`);
      expectWithinOnePercent(latency.p99, exactQuantile(sorted, 0.99), `${names[dep]} p99`);
      expectWithinOnePercent(latency.max, sorted[sorted.length - 1] as number, `${names[dep]} max`);
    }
  });

  it('holds the pg_sleep statement, masked, among the slowest PostgreSQL calls, with its trace id', async () => {
    const slowest = await dashboard.get<SlowestCalls>(
      `/dependencies/slowest?period=1h&dependency=${encodeURIComponent(names.pg)}&limit=20`,
    );
    const sleep = slowest.calls.find((c) => /pg_sleep/.test(c.statement ?? ''));
    expect(sleep, JSON.stringify(slowest.calls.slice(0, 3))).to.not.equal(undefined);
    const call = sleep as SlowestCalls['calls'][number];
    expect(call.statement).to.equal('SELECT pg_sleep(?)');
    expect(call.dependency).to.equal(names.pg);
    const span = clientSpans.pg.find((s) => s.spanId === call.span_id);
    expect(span, 'the CLIENT span of the slow call').to.not.equal(undefined);
    const slowRequest = serverSpans.find((s) => s.attributes['http.route'] === '/report/slow');
    expect(call.trace_id).to.equal(slowRequest?.traceId);
    expect(call.trace_id).to.equal(span?.traceId);
    expectWithinOnePercent(call.duration_ms, (span as CollectedSpan).durationMs, 'slow call');
    expect(call.duration_ms).to.be.at.least(SLEEP_SECONDS * 1000);
    expect(slowest.calls[0]?.span_id, 'the slowest first').to.equal(call.span_id);
  });

  it('flags the endpoint that runs one statement 25 times per request as N+1, and no other', () => {
    expect(report.n_plus_one.map((n) => [n.endpoint, n.dependency])).to.deep.equal([
      ['/items', names.pg],
    ]);
    const [flagged] = report.n_plus_one;
    expect(flagged?.statement).to.equal('SELECT id, name FROM items WHERE id = $1');
    expect(flagged?.requests).to.equal(2);
    expect(flagged?.max_calls_per_request).to.equal(25);
    const itemsTraces = serverSpans
      .filter((s) => s.attributes['http.route'] === '/items')
      .map((s) => s.traceId);
    expect(itemsTraces).to.include(flagged?.trace_id);
  });

  it('shows no literal value in any dashboard answer', async () => {
    const paths: string[] = [];
    for (const endpoint of new Set(PLAN.map((p) => p.endpoint))) {
      const q = encodeURIComponent(endpoint);
      paths.push(`/dependencies?period=1h&endpoint=${q}`, `/latency?period=1h&endpoint=${q}`);
    }
    for (const dep of Object.values(names))
      paths.push(`/dependencies/slowest?period=1h&dependency=${encodeURIComponent(dep)}`);
    paths.push('/overview', '/requests?period=1h', '/errors?period=1h', '/slowest', '/inflight');
    // Every answer is read, and every failure said together: a missing route does not hide a leak.
    const failures: string[] = [];
    for (const p of paths) await dashboard.get(p).catch((err: Error) => failures.push(err.message));
    const list = await dashboard.get<{ traces: { trace_id: string }[] }>('/traces?limit=100');
    for (const t of list.traces)
      await dashboard
        .get(`/traces/${t.trace_id}`)
        .catch((err: Error) => failures.push(err.message));
    const metrics = await fetch(`${(app as RunningApp).dashboardUrl}/metrics`);
    dashboard.bodies.push({ url: '/metrics', text: await metrics.text() });
    const leaks = dashboard.bodies
      .filter((b) => b.text.includes(SECRET) || b.text.includes("'item '"))
      .map((b) => {
        const at = Math.max(b.text.indexOf(SECRET), b.text.indexOf("'item '"));
        return `${b.url}: …${b.text.slice(Math.max(0, at - 200), at + 60)}…`;
      });
    expect({ leaks, failures }).to.deep.equal({ leaks: [], failures: [] });
    // The statements are there, masked: the check read real answers.
    expect(dashboard.bodies.some((b) => b.text.includes('FROM items'))).to.equal(true);
  });

  it(`ran on Node ${NODE_MAJOR} with the ${OTEL_LINE}.x OpenTelemetry line and its instrumentations`, () => {
    const versions = new Set(serverSpans.map((s) => s.resource['process.runtime.version']));
    expect([...versions].map((v) => String(v).split('.')[0])).to.deep.equal([String(NODE_MAJOR)]);
    for (const name of ['@opentelemetry/api', '@opentelemetry/sdk-trace']) {
      const v = versionSeenByPackage(dir, name);
      expect(v !== undefined && inOtelLine(name, v, OTEL_LINE), `${name} ${v}`).to.equal(true);
    }
    const scopes = new Set(
      Object.values(clientSpans).flatMap((spans) => spans.map((s) => s.scope)),
    );
    expect([...scopes].sort()).to.deep.equal([
      '@opentelemetry/instrumentation-ioredis',
      '@opentelemetry/instrumentation-pg',
      '@opentelemetry/instrumentation-undici',
    ]);
    expect((app as RunningApp).output()).not.to.match(/installed without/);
  });
});
