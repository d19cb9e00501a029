import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { stopChild, waitFor } from '../support/childService.js';
import { exactQuantile } from '../support/distributions.js';
import { MixedTraffic } from '../support/mixedTraffic.js';
import { OtlpCollectorDouble, SPAN_KIND_SERVER } from '../support/OtlpCollectorDouble.js';
import { cleanEnv, type RunningApp, startApp } from '../support/packedApp.js';

/**
 * Many processes, one dashboard (issue 10's acceptance): a node:cluster of
 * four workers under the zero-code entry, a worker killed mid-traffic,
 * PM2-style independent processes with `golden-signals serve`, and a
 * service on the stock OpenTelemetry SDK. Real processes, real OTLP over
 * loopback, exact counts.
 */

const ROOT = packageRoot();
const REGISTER = path.join(ROOT, 'dist', 'instrumentation.js');
const BIN = path.join(ROOT, 'dist', 'bin.js');
const FIXTURES = path.join(ROOT, 'test', 'load', 'fixtures');
const CLUSTER_APP = path.join(FIXTURES, 'clusterApp.mjs');
const ARTIFACT = path.join(ROOT, 'test', 'artifacts', 'multi-process.json');
const figures: Record<string, unknown> = {};

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`GET ${url}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

async function readDashboard(base: string, query = '') {
  const q = query === '' ? '' : `&${query}`;
  const [overview, requests, latency, errors] = await Promise.all([
    getJson<OverviewReport>(`${base}/overview${query === '' ? '' : `?${query}`}`),
    getJson<RequestsReport>(`${base}/requests?period=1h${q}`),
    getJson<LatencyReport>(`${base}/latency?period=1h${q}`),
    getJson<ErrorsReport>(`${base}/errors?period=1h${q}`),
  ]);
  return { overview, requests, latency, errors };
}

/** Waits until the dashboard's total stops moving (two reads 1.5 s apart agree) and returns it. */
async function settledTotal(base: string, query = ''): Promise<number> {
  let last = -1;
  return waitFor(
    'the dashboard total to settle',
    async () => {
      const { requests } = await readDashboard(base, query);
      if (requests.total === last) return last;
      last = requests.total;
      return undefined;
    },
    30_000,
    1_500,
  );
}

/** `golden-signals serve` in a child process: the dashboard and receiver alone. */
async function startServe(): Promise<{ url: string; stop: () => Promise<number | null> }> {
  const child: ChildProcess = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
    cwd: ROOT,
    env: cleanEnv({}),
    stdio: 'pipe',
  });
  const exited = once(child, 'exit') as Promise<[number | null]>;
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no URL:\n${output}`)), 20_000);
    const collect = (c: Buffer) => {
      output += c.toString();
      const found = /dashboard on (http:\/\/127\.0\.0\.1:\d+)\/dashboard/.exec(output)?.[1];
      if (found !== undefined) {
        clearTimeout(timer);
        resolve(found);
      }
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
  });
  return { url, stop: () => stopChild(child, exited, 5_000) };
}

/** The worker pids a cluster printed, in order. */
function workerPids(app: RunningApp): number[] {
  return [...app.output().matchAll(/worker (\d+) listening/g)].map((m) => Number(m[1]));
}

describe('many processes, one dashboard', function () {
  this.timeout(180_000);

  after(() => {
    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    writeFileSync(ARTIFACT, `${JSON.stringify(figures, null, 2)}\n`);
  });

  describe('node:cluster, 4 workers, zero-code (node --import golden-signals/register)', () => {
    let app: RunningApp;
    let receiver: OtlpCollectorDouble;
    let traffic: MixedTraffic;
    let dashboard: Awaited<ReturnType<typeof readDashboard>>;
    let base: string;

    before(async () => {
      // The same spans also go over OTLP to this test: the server's exact durations.
      receiver = await OtlpCollectorDouble.start();
      app = await startApp(
        ROOT,
        ['--import', REGISTER, CLUSTER_APP],
        {
          WORKERS: '4',
          PORT: '0',
          GOLDEN_SIGNALS_PORT: '0',
          OTEL_TRACES_EXPORTER: 'memory,otlp',
          OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
          OTEL_BSP_SCHEDULE_DELAY: '200',
          OTEL_BSP_MAX_QUEUE_SIZE: '65536',
        },
        true,
      );
      base = app.dashboardUrl as string;
      traffic = new MixedTraffic(app.url);
      await traffic.send(20_000, 32);
      expect(traffic.failures, 'client failures').to.deep.equal([]);
      expect(traffic.unexpected, 'unexpected statuses').to.deep.equal([]);
      await waitFor(
        'the dashboard to count every request',
        async () => {
          const { requests } = await readDashboard(base);
          if (requests.total > traffic.total) throw new Error(`counted ${requests.total}`);
          return requests.total === traffic.total ? true : undefined;
        },
        30_000,
        200,
      );
      await waitFor('every server span at the test receiver', async () =>
        receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER).length === traffic.total
          ? true
          : undefined,
      );
      dashboard = await readDashboard(base);
    });

    after(async function () {
      const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
      const code = await app?.stop();
      if (failed)
        console.log(`      cluster output (exit ${code}):\n${app?.output().slice(-3000)}`);
      await receiver?.close();
    });

    it('counts totals, by_endpoint, by_status and errors.by_type exactly as the client sent them', () => {
      const { requests, errors, latency } = dashboard;
      expect(traffic.total).to.equal(20_000);
      expect(requests.total).to.equal(traffic.total);
      expect(latency.total_requests).to.equal(traffic.total);
      expect(requests.by_endpoint).to.deep.equal(traffic.byEndpoint);
      expect(requests.by_status).to.deep.equal(traffic.byStatus);
      expect(errors.by_type).to.deep.equal(traffic.byErrorType);
    });

    it('lists four instances, each with its own count, summing to the total', () => {
      const busy = dashboard.overview.instances.filter((i) => i.total_requests > 0);
      expect(busy).to.have.length(4);
      const pids = workerPids(app);
      for (const i of busy) {
        expect(pids.map(String), i.instance).to.include(i.instance.split(':').at(-1));
        expect(i.alive).to.equal(true);
      }
      expect(busy.reduce((n, i) => n + i.total_requests, 0)).to.equal(traffic.total);
      figures.cluster_instances = busy.map((i) => ({
        instance: i.instance,
        requests: i.total_requests,
      }));
    });

    it('gives each worker its own filtered view, exact', async () => {
      const busy = dashboard.overview.instances.filter((i) => i.total_requests > 0);
      let sum = 0;
      for (const i of busy) {
        const one = await getJson<RequestsReport>(
          `${base}/requests?period=1h&instance=${encodeURIComponent(i.instance)}`,
        );
        expect(one.total, i.instance).to.equal(i.total_requests);
        sum += one.total;
      }
      expect(sum).to.equal(traffic.total);
    });

    it('reports p50/p95/p99, overall and per endpoint, within 1% of the exact span durations', () => {
      const spans = receiver.spans.filter((s) => s.kind === SPAN_KIND_SERVER);
      const rows: unknown[] = [];
      const check = (label: string, durations: number[], shown: Record<string, number>) => {
        durations.sort((a, b) => a - b);
        for (const q of [0.5, 0.95, 0.99]) {
          const key = `p${Math.round(q * 100)}_ms`;
          const exact = exactQuantile(durations, q);
          const value = shown[key] as number;
          rows.push({ label, key, exact, shown: value });
          // 0.005: the API rounds to 2 decimals.
          expect(value, `${label} ${key}`).to.be.within(exact * 0.99 - 0.005, exact * 1.01 + 0.005);
        }
      };
      check(
        'overall',
        spans.map((s) => s.durationMs),
        dashboard.latency.overall as unknown as Record<string, number>,
      );
      for (const endpoint of Object.keys(traffic.byEndpoint)) {
        const durations = spans
          .filter((s) => (s.attributes['http.route'] ?? 'unmatched') === endpoint)
          .map((s) => s.durationMs);
        expect(durations.length, endpoint).to.equal(traffic.byEndpoint[endpoint]);
        check(
          endpoint,
          durations,
          dashboard.latency.by_endpoint[endpoint] as unknown as Record<string, number>,
        );
      }
      figures.cluster_percentiles = rows;
    });

    it("shows each worker's saturation and forwarding, all exported, none dropped, under telemetry.forwarded", async () => {
      // Each worker reports every 5 s.
      const forwarded = await waitFor(
        "four workers' reports covering every span",
        async () => {
          const { overview } = await readDashboard(base);
          const f = overview.telemetry.forwarded;
          return f !== null && f.instances >= 4 && f.exported_spans === traffic.total
            ? f
            : undefined;
        },
        20_000,
        500,
      );
      expect(forwarded.dropped_spans).to.equal(0);
      expect(forwarded.failed_spans).to.equal(0);
      const { overview } = await readDashboard(base);
      for (const i of overview.instances.filter((x) => x.total_requests > 0)) {
        expect(i.saturation, `${i.instance} saturation`).to.not.equal(null);
        expect(i.saturation?.heap_used_bytes ?? 0).to.be.greaterThan(0);
        expect(i.forwarding?.exported_spans, i.instance).to.equal(i.total_requests);
      }
      expect(dashboard.overview.telemetry.receiver?.spans_accepted).to.equal(traffic.total);
    });
  });

  describe('a worker killed with SIGKILL mid-traffic', () => {
    it('keeps what was received, counts the replacement, and reports the difference', async () => {
      const app = await startApp(
        ROOT,
        ['--import', REGISTER, CLUSTER_APP],
        { WORKERS: '4', PORT: '0', GOLDEN_SIGNALS_PORT: '0' },
        true,
      );
      try {
        const base = app.dashboardUrl as string;
        const traffic = new MixedTraffic(app.url);
        const [victim] = workerPids(app);
        let before = 0;
        // 1,000 requests still to go when the worker dies: it dies mid-traffic.
        await traffic.send(5_000, 16, async (i) => {
          if (i !== 4_000 || victim === undefined) return;
          before = (await readDashboard(base)).requests.total;
          process.kill(victim, 'SIGKILL');
        });
        await waitFor(
          'the replacement worker to listen',
          async () => (workerPids(app).length > 4 ? true : undefined),
          30_000,
          100,
        );
        await traffic.send(5_000, 16);
        const counted = await settledTotal(base);
        const { overview } = await readDashboard(base);
        const busy = overview.instances.filter((i) => i.total_requests > 0);
        const replacement = workerPids(app).slice(4);
        figures.sigkill = {
          client_answered: traffic.total,
          client_failures: traffic.failures.length,
          dashboard_before_kill: before,
          dashboard_total: counted,
          difference: traffic.total - counted,
          instances: busy.map((i) => ({ instance: i.instance, requests: i.total_requests })),
          receiver: overview.telemetry.receiver,
          forwarded: overview.telemetry.forwarded,
          pids: workerPids(app),
        };
        // Everything received before the kill stays.
        expect(counted).to.be.at.least(before);
        // Never more than was answered (or cut off mid-answer).
        expect(counted).to.be.at.most(traffic.total + traffic.failures.length);
        expect(replacement, 'the primary forked a replacement').to.have.length(1);
        const fresh = busy.find((i) => i.instance.endsWith(`:${replacement[0]}`));
        expect(fresh?.total_requests ?? 0, 'the replacement counted').to.be.greaterThan(0);
        expect(busy.reduce((n, i) => n + i.total_requests, 0)).to.equal(counted);
      } finally {
        await app.stop();
      }
    });
  });

  describe('PM2-style: three independent processes and a stock OpenTelemetry service, into golden-signals serve', () => {
    let serve: Awaited<ReturnType<typeof startServe>>;
    const apps: RunningApp[] = [];
    const traffics: MixedTraffic[] = [];
    let stockSent = { ok: 0, missing: 0 };

    before(async () => {
      serve = await startServe();
      for (let i = 0; i < 3; i++) {
        apps.push(
          await startApp(
            ROOT,
            ['--import', REGISTER, CLUSTER_APP],
            {
              WORKERS: '0',
              PORT: '0',
              OTEL_SERVICE_NAME: 'pm2-app',
              OTEL_TRACES_EXPORTER: 'otlp',
              OTEL_EXPORTER_OTLP_ENDPOINT: serve.url,
              OTEL_BSP_SCHEDULE_DELAY: '200',
              OTEL_BSP_MAX_QUEUE_SIZE: '65536',
              GOLDEN_SIGNALS_PORT: 'off',
            },
            false,
          ),
        );
      }
      apps.push(
        await startApp(
          ROOT,
          [path.join(FIXTURES, 'stockOtelApp.cjs')],
          { OTEL_EXPORTER_OTLP_ENDPOINT: serve.url },
          false,
        ),
      );
      await Promise.all(
        apps.slice(0, 3).map((app, i) => {
          const t = new MixedTraffic(app.url);
          traffics.push(t);
          return t.send(2_000 + i * 500, 8);
        }),
      );
      const stock = apps[3] as RunningApp;
      for (let i = 0; i < 300; i++) {
        const missing = i % 10 === 0;
        const res = await fetch(`${stock.url}${missing ? '/missing' : '/ok'}`);
        await res.arrayBuffer();
        if (missing) stockSent.missing++;
        else stockSent.ok++;
      }
      stockSent = { ...stockSent };
    });

    after(async () => {
      for (const app of apps) await app.stop();
      await serve?.stop();
    });

    it('counts the three instances of pm2-app exactly, each apart and summed', async () => {
      const expected = traffics.reduce((n, t) => n + t.total, 0);
      const base = `${serve.url}/dashboard`;
      await waitFor(
        'serve to count every pm2-app request',
        async () =>
          (await readDashboard(base, 'service=pm2-app')).requests.total === expected
            ? true
            : undefined,
        30_000,
        200,
      );
      const { requests, errors, overview } = await readDashboard(base, 'service=pm2-app');
      const byEndpoint: Record<string, number> = {};
      const byType: Record<string, number> = {};
      for (const t of traffics) {
        for (const [k, v] of Object.entries(t.byEndpoint)) byEndpoint[k] = (byEndpoint[k] ?? 0) + v;
        for (const [k, v] of Object.entries(t.byErrorType)) byType[k] = (byType[k] ?? 0) + v;
      }
      expect(requests.by_endpoint).to.deep.equal(byEndpoint);
      expect(errors.by_type).to.deep.equal(byType);
      const mine = overview.instances.filter((i) => i.service === 'pm2-app');
      expect(mine).to.have.length(3);
      expect(mine.map((i) => i.total_requests).sort((a, b) => a - b)).to.deep.equal(
        traffics.map((t) => t.total).sort((a, b) => a - b),
      );
      figures.pm2 = {
        sent: traffics.map((t) => t.total),
        counted: mine.map((i) => i.total_requests),
      };
    });

    it('shows the stock OpenTelemetry service as a service of its own, exactly', async () => {
      const base = `${serve.url}/dashboard`;
      const total = stockSent.ok + stockSent.missing;
      await waitFor(
        'serve to count every stock-service request',
        async () =>
          (await readDashboard(base, 'service=stock-service')).requests.total === total
            ? true
            : undefined,
        30_000,
        200,
      );
      const { requests, overview } = await readDashboard(base, 'service=stock-service');
      expect(requests.by_status).to.deep.equal({ '200': stockSent.ok, '404': stockSent.missing });
      expect(requests.by_endpoint).to.deep.equal({ unmatched: total });
      expect(overview.services.map((s) => s.service)).to.include.members([
        'pm2-app',
        'stock-service',
      ]);
      figures.stock_service = { sent: total, counted: requests.total };
    });
  });
});
