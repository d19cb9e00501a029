import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { waitFor } from '../support/childService.js';
import { DownstreamService } from '../support/DownstreamService.js';
import {
  type AttributeValue,
  type CollectedSpan,
  OtlpCollectorDouble,
  SPAN_KIND_SERVER,
} from '../support/OtlpCollectorDouble.js';
import { installApp, packProject, type RunningApp, startApp } from '../support/packedApp.js';

/**
 * Processor mode in an app that already runs its own NodeSDK (exporting
 * OTLP to a test receiver), installed from `npm pack` with the OpenTelemetry
 * line that suits the running Node: 2.x / 0.223 on Node 20, 3.x / 0.301 on
 * Node 22.15 and later (the CI matrix runs this file on both).
 */

const KEEP = process.env.KEEP_PACKAGE_APPS === '1';
const ROOT = packageRoot();
const FIXTURE = path.join(ROOT, 'test', 'package', 'apps', 'byo');
const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
/** OTel JS 3.x needs Node >= 22.15. */
const CURRENT_LINE = major > 22 || (major === 22 && minor >= 15);
const OTEL = CURRENT_LINE
  ? { stable: '3.1.0', experimental: '0.301.0' }
  : { stable: '2.12.0', experimental: '0.223.0' };

/** One request of the table, sent in this order in every run. */
interface Planned {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly endpoint: string;
  readonly errorType?: string;
  readonly headers?: Record<string, string>;
  readonly body?: unknown;
}

const PLAN: readonly Planned[] = [
  { method: 'GET', path: '/api/users/1', status: 200, endpoint: '/api/users/:id' },
  { method: 'GET', path: '/api/users/2?expand=all', status: 200, endpoint: '/api/users/:id' },
  { method: 'POST', path: '/api/users', status: 201, endpoint: '/api/users', body: { name: 'a' } },
  { method: 'GET', path: '/api/items/7', status: 200, endpoint: '/api/items/:id' },
  {
    method: 'GET',
    path: '/api/items/bad',
    status: 400,
    endpoint: '/api/items/:id',
    errorType: 'HTTP 400',
  },
  { method: 'GET', path: '/boom', status: 500, endpoint: '/boom', errorType: 'BoomError' },
  { method: 'GET', path: '/nope/abc', status: 404, endpoint: 'unmatched', errorType: 'HTTP 404' },
  { method: 'GET', path: '/files/a/b.txt', status: 200, endpoint: '/files/*path' },
  // One outgoing call to the downstream: the app's own CLIENT span (issue 23).
  { method: 'GET', path: '/api/partner', status: 200, endpoint: '/api/partner' },
  // A parent that was not sampled: the dashboard counts it, the app's exporter never sees it.
  {
    method: 'GET',
    path: '/api/users/3',
    status: 200,
    endpoint: '/api/users/:id',
    headers: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00' },
  },
  // A sampled parent: exported, and its trace id kept.
  {
    method: 'GET',
    path: '/api/users/4',
    status: 200,
    endpoint: '/api/users/:id',
    headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' },
  },
];
const UNSAMPLED = PLAN.filter((p) => p.headers?.traceparent?.endsWith('-00')).length;

async function sendPlan(base: string): Promise<void> {
  for (const p of PLAN) {
    const res = await fetch(`${base}${p.path}`, {
      method: p.method,
      headers: {
        ...(p.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...p.headers,
      },
      ...(p.body === undefined ? {} : { body: JSON.stringify(p.body) }),
    });
    await res.arrayBuffer();
    if (res.status !== p.status) throw new Error(`${p.method} ${p.path}: ${res.status}`);
  }
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

function tally(keys: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

/** A span with what differs between two runs of the same request taken out: ids, times, ports, pid. */
interface NormalizedSpan {
  name: string;
  kind: number;
  attributes: Record<string, AttributeValue>;
  resource: Record<string, AttributeValue>;
  status: CollectedSpan['status'];
  events: { name: string; attributes: Record<string, AttributeValue> }[];
}

function normalizeAttributes(
  attrs: Readonly<Record<string, AttributeValue>>,
  port: string,
): Record<string, AttributeValue> {
  const out: Record<string, AttributeValue> = {};
  for (const key of Object.keys(attrs).sort()) {
    const value = attrs[key] as AttributeValue;
    if (/(\.|_)port$/.test(key)) out[key] = '<port>';
    else if (key === 'process.pid') out[key] = '<pid>';
    // The 3.x SDK gives each process a random one.
    else if (key === 'service.instance.id') out[key] = '<instance>';
    else if (typeof value === 'string') out[key] = value.replaceAll(`:${port}`, ':<port>');
    else out[key] = value;
  }
  return out;
}

/** The run's server spans, normalized, in the order of the plan's paths. */
function normalized(spans: readonly CollectedSpan[], appUrl: string): NormalizedSpan[] {
  const port = new URL(appUrl).port;
  return spans
    .filter((s) => s.kind === SPAN_KIND_SERVER)
    .map((s) => ({
      name: s.name,
      kind: s.kind,
      attributes: normalizeAttributes(s.attributes, port),
      resource: normalizeAttributes(s.resource, port),
      status: s.status,
      events: s.events.map((e) => ({
        name: e.name,
        // Stack traces hold the run's temporary directory.
        attributes: normalizeAttributes(
          Object.fromEntries(
            Object.entries(e.attributes).filter(([k]) => k !== 'exception.stacktrace'),
          ),
          port,
        ),
      })),
    }))
    .sort((a, b) =>
      `${a.attributes['http.request.method']} ${a.attributes['url.path']}`.localeCompare(
        `${b.attributes['http.request.method']} ${b.attributes['url.path']}`,
      ),
    );
}

/** One run of the app: its output, the OTLP spans its exporter sent, and the dashboard's answers. */
interface Run {
  app: RunningApp;
  receiver: OtlpCollectorDouble;
  spans: NormalizedSpan[];
}

describe(`processor mode: an app's own NodeSDK (OTel ${OTEL.stable} / ${OTEL.experimental}, Node ${process.versions.node}) adds golden-signals`, () => {
  let tmp: string;
  let dir: string;
  const runs = new Map<string, Run>();
  let downstream: DownstreamService | undefined;

  async function startRun(gs: 'off' | 'processor' | 'full'): Promise<Run> {
    const receiver = await OtlpCollectorDouble.start();
    const app = await startApp(
      dir,
      ['--import', './otel.mjs', 'app.js'],
      {
        PORT: '0',
        NODE_ENV: 'test',
        GS: gs,
        DOWNSTREAM_URL: (downstream as DownstreamService).url,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        // The app's SDK reads its own variables: no metrics exporter from the environment.
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
      },
      false,
    );
    await sendPlan(app.url);
    const exported = PLAN.length - UNSAMPLED;
    await waitFor(`${exported} server spans at the app's OTLP receiver`, async () => {
      const n = receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length;
      if (n > exported) throw new Error(`received ${n} server spans, expected ${exported}`);
      return n === exported ? true : undefined;
    });
    const run = { app, receiver, spans: normalized(receiver.spans, app.url) };
    runs.set(gs, run);
    return run;
  }

  before(async function () {
    this.timeout(600_000);
    tmp = mkdtempSync(path.join(os.tmpdir(), 'golden-signals-byo-'));
    if (KEEP) console.log(`      (keeping the app in ${tmp})`);
    const { file } = await packProject(ROOT, tmp);
    dir = path.join(tmp, 'byo');
    mkdirSync(dir);
    await installApp(dir, 'app-byo', {
      type: 'module',
      dependencies: {
        express: '5.3.0',
        'golden-signals': `file:${file}`,
        '@opentelemetry/sdk-node': OTEL.experimental,
        '@opentelemetry/instrumentation-http': OTEL.experimental,
        '@opentelemetry/exporter-trace-otlp-proto': OTEL.experimental,
        '@opentelemetry/sdk-trace': OTEL.stable,
      },
      files: {
        [path.join(FIXTURE, 'otel.mjs')]: 'otel.mjs',
        [path.join(FIXTURE, 'app.mjs')]: 'app.js',
      },
    });
    downstream = await DownstreamService.start();
    for (const gs of ['off', 'processor', 'full'] as const) await startRun(gs);
  });

  after(async function () {
    this.timeout(60_000);
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
    for (const [gs, run] of runs) {
      await run.receiver.close();
      const code = await run.app.stop();
      if (failed)
        console.log(`      GS=${gs} output (exit ${code}):\n${run.app.output().slice(-3000)}`);
    }
    await downstream?.close();
    if (tmp !== undefined && !KEEP) rmSync(tmp, { recursive: true, force: true });
  });

  it('installs one copy of the SDK, of the line the app chose, and runs on this Node', () => {
    for (const run of runs.values()) {
      expect(run.app.output()).to.include(
        `runtime node ${process.versions.node} sdk-node ${OTEL.experimental}`,
      );
    }
    const nested = path.join(
      dir,
      'node_modules',
      'golden-signals',
      'node_modules',
      '@opentelemetry',
    );
    const copies = ['sdk-node', 'sdk-trace', 'api', 'instrumentation-http'].filter((name) =>
      existsSync(path.join(nested, name)),
    );
    expect(copies, 'golden-signals brings no SDK of its own beside the app’s').to.deep.equal([]);
  });

  it('leaves exactly one HTTP instrumentation patch active', () => {
    for (const [gs, run] of runs) {
      expect(run.app.output(), `GS=${gs}`).to.match(/emit patches 1\n/);
    }
  });

  it('counts on the dashboard exactly what was sent, unsampled parents included', async () => {
    const base = `${(runs.get('full') as Run).app.url}/ops`;
    const [requests, errors, overview] = await Promise.all([
      getJson<RequestsReport>(`${base}/requests?period=1h`),
      getJson<ErrorsReport>(`${base}/errors?period=1h`),
      getJson<OverviewReport>(`${base}/overview`),
    ]);
    expect(requests.total).to.equal(PLAN.length);
    expect(requests.by_endpoint).to.deep.equal(tally(PLAN.map((p) => p.endpoint)));
    expect(requests.by_status).to.deep.equal(tally(PLAN.map((p) => String(p.status))));
    expect(errors.by_type).to.deep.equal(
      tally(PLAN.flatMap((p) => (p.errorType === undefined ? [] : [p.errorType]))),
    );
    expect(overview.active_requests).to.equal(0);
    expect(overview.telemetry.dropped_spans).to.equal(0);
  });

  it('counts without the route hooks too, every request under unmatched', async () => {
    const base = `${(runs.get('processor') as Run).app.url}/ops`;
    const requests = await getJson<RequestsReport>(`${base}/requests?period=1h`);
    expect(requests.total).to.equal(PLAN.length);
    expect(requests.by_endpoint).to.deep.equal({ unmatched: PLAN.length });
  });

  it("changes nothing in the spans the app's exporter receives (processor, sampler, HTTP config)", () => {
    const control = (runs.get('off') as Run).spans;
    expect(control).to.have.length(PLAN.length - UNSAMPLED);
    expect((runs.get('processor') as Run).spans).to.deep.equal(control);
  });

  it('with the route hooks, adds only http.route, the templated span name, and error.type for a throw', () => {
    const control = (runs.get('off') as Run).spans;
    const full = (runs.get('full') as Run).spans;
    expect(full).to.have.length(control.length);
    for (const [i, span] of full.entries()) {
      const before = control[i] as NormalizedSpan;
      const method = before.attributes['http.request.method'];
      const planned = PLAN.find(
        (p) => p.method === method && p.path.split('?')[0] === before.attributes['url.path'],
      ) as Planned;
      if (planned.endpoint === 'unmatched') {
        expect(span).to.deep.equal(before);
        continue;
      }
      const added: Record<string, AttributeValue> = { 'http.route': planned.endpoint };
      // The thrown error's class, where the control span had none. On OTel 3.x the
      // control span of a 5xx already has error.type (instrumentation-http writes the
      // status code as the response ends, over the class): then it stays as it was.
      if (planned.errorType === 'BoomError' && before.attributes['error.type'] === undefined)
        added['error.type'] = 'BoomError';
      expect(span, planned.path).to.deep.equal({
        ...before,
        name: `${method} ${planned.endpoint}`,
        attributes: { ...before.attributes, ...added },
      });
    }
  });

  it('rolls the app’s own CLIENT spans up as a dependency, per endpoint with the route hooks (issue 23)', async () => {
    const partner = new URL((downstream as DownstreamService).url).host;
    for (const gs of ['processor', 'full'] as const) {
      const base = `${(runs.get(gs) as Run).app.url}/ops`;
      const report = await getJson<{
        total_calls: number;
        dependencies: { dependency: string; kind: string; calls: number; errors: number }[];
        endpoints: {
          endpoint: string;
          requests: number;
          dependencies: { dependency: string; calls: number; calls_per_request: number }[];
        }[];
      }>(`${base}/dependencies?period=1h`);
      expect(report.total_calls, gs).to.equal(1);
      expect(
        report.dependencies.map((d) => [d.dependency, d.kind, d.calls, d.errors]),
        gs,
      ).to.deep.equal([[partner, 'http', 1, 0]]);
      const endpoint = gs === 'full' ? '/api/partner' : 'unmatched';
      const row = report.endpoints.find((e) => e.endpoint === endpoint);
      expect(
        row?.dependencies.map((d) => [d.dependency, d.calls]),
        `${gs}: ${JSON.stringify(report.endpoints)}`,
      ).to.deep.equal([[partner, 1]]);
    }
    expect((downstream as DownstreamService).received.get('ok')).to.equal(3);
  });

  it('serves /metrics through the reader given to the app’s SDK', async () => {
    const res = await fetch(`${(runs.get('full') as Run).app.url}/ops/metrics`);
    const text = await res.text();
    expect(res.status, text.slice(0, 300)).to.equal(200);
    expect(text).to.match(/^http_server_duration|^http_server_request_duration/m);
    expect(text).to.include('golden_signals_store_');
  });
});
