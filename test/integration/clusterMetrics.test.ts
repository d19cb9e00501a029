import path from 'node:path';
import { expect } from 'chai';
import { packageRoot } from '../../src/dashboard/pageAssets.js';
import { errorLabel } from '../../src/dashboard/queries/errorLabel.js';
import type { ErrorsReport } from '../../src/dashboard/queries/errorsQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { waitFor } from '../support/childService.js';
import { type RunningApp, startApp } from '../support/packedApp.js';
import { parsePrometheusText, type Sample } from '../support/prometheusText.js';
import { promtoolCheck } from '../support/promtool.js';

/**
 * Issue 21, part 3: one scrape target per host. Under `node:cluster` the
 * primary's `/metrics` serves every worker's `http.server.request.duration`
 * series, labelled with the worker's `service.instance.id`, built from the
 * spans the workers forward; the counts are what the workers served.
 */

const ROOT = packageRoot();
const REGISTER = path.join(ROOT, 'dist', 'instrumentation.js');
const CLUSTER_APP = path.join(ROOT, 'test', 'load', 'fixtures', 'clusterApp.mjs');
const COUNT = 'http_server_request_duration_count';

/** What the clients send: path, method, how many times, the route and status each gets. */
const TRAFFIC = [
  { path: '/api/users/7', method: 'GET', times: 30, route: '/api/users/:id', status: 200 },
  { path: '/api/users', method: 'POST', times: 10, route: '/api/users', status: 201 },
  { path: '/api/items/bad', method: 'GET', times: 5, route: '/api/items/:id', status: 400 },
  { path: '/boom', method: 'GET', times: 5, route: '/boom', status: 500 },
] as const;
const TOTAL = TRAFFIC.reduce((n, t) => n + t.times, 0);

async function getJson<T>(url: string): Promise<T> {
  return (await (await fetch(url)).json()) as T;
}

/** The request counts per label value of the samples named {@link COUNT} that carry `service_instance_id`. */
function countsBy(samples: readonly Sample[], label: string, where: Record<string, string> = {}) {
  const counts: Record<string, number> = {};
  for (const s of samples) {
    if (s.name !== COUNT || s.labels.service_instance_id === undefined) continue;
    if (!Object.entries(where).every(([k, v]) => s.labels[k] === v)) continue;
    const key = s.labels[label] ?? '(none)';
    counts[key] = (counts[key] ?? 0) + s.value;
  }
  return counts;
}

describe("a two-worker cluster's primary /metrics", function () {
  this.timeout(90_000);
  let app: RunningApp;
  let exposition: string;
  let samples: Sample[];

  before(async () => {
    app = await startApp(
      ROOT,
      ['--import', REGISTER, CLUSTER_APP],
      { WORKERS: '2', PORT: '0', GOLDEN_SIGNALS_PORT: '0', GOLDEN_SIGNALS_FORWARD_DELAY_MS: '100' },
      true,
    );
    const sent: Promise<number>[] = [];
    for (const t of TRAFFIC) {
      for (let i = 0; i < t.times; i++) {
        sent.push(
          fetch(`${app.url}${t.path}`, {
            method: t.method,
            headers: { 'content-type': 'application/json' },
            ...(t.method === 'POST' ? { body: '{"name":"n"}' } : {}),
          }).then(async (res) => {
            await res.arrayBuffer();
            return res.status;
          }),
        );
      }
    }
    const statuses = await Promise.all(sent);
    expect(statuses).to.deep.equal(TRAFFIC.flatMap((t) => Array(t.times).fill(t.status)));
    const base = app.dashboardUrl as string;
    await waitFor(
      "the workers' requests at the primary",
      async () => {
        const report = await getJson<RequestsReport>(`${base}/requests?period=15m`);
        return report.total === TOTAL ? true : undefined;
      },
      30_000,
      200,
    );
    exposition = await (await fetch(`${new URL(base).origin}/metrics`)).text();
    samples = parsePrometheusText(exposition);
  });

  after(async function () {
    const failed = this.test?.parent?.tests.some((t) => t.state === 'failed') === true;
    const code = await app?.stop();
    if (failed) console.log(`      cluster output (exit ${code}):\n${app?.output().slice(-3000)}`);
  });

  it('serves every request the workers served, under its route, status and error type', () => {
    expect(countsBy(samples, 'http_route')).to.deep.equal(
      Object.fromEntries(TRAFFIC.map((t) => [t.route, t.times])),
    );
    expect(countsBy(samples, 'http_response_status_code')).to.deep.equal(
      Object.fromEntries(TRAFFIC.map((t) => [String(t.status), t.times])),
    );
    // The thrown class, as the store records it: not instrumentation-http's "500".
    expect(countsBy(samples, 'error_type')).to.deep.equal({ '(none)': TOTAL - 5, BoomError: 5 });
  });

  it("groups the failed requests by error_type as the dashboard's errors.by_type", async () => {
    const byType: Record<string, number> = {};
    for (const s of samples) {
      if (s.name !== COUNT || s.labels.service_instance_id === undefined) continue;
      const status = Number(s.labels.http_response_status_code ?? 500);
      if (status < 400) continue;
      const type = errorLabel(s.labels.error_type ?? '', status);
      byType[type] = (byType[type] ?? 0) + s.value;
    }
    const errors = await getJson<ErrorsReport>(`${app.dashboardUrl as string}/errors?period=15m`);
    expect(byType).to.deep.equal(errors.by_type);
    expect(byType).to.deep.equal({ BoomError: 5, 'HTTP 400': 5 });
  });

  it('labels the series of each of the two workers with its instance, as the dashboard counts it', async () => {
    const perInstance = countsBy(samples, 'service_instance_id');
    expect(Object.keys(perInstance)).to.have.length(2);
    const base = app.dashboardUrl as string;
    for (const [instance, count] of Object.entries(perInstance)) {
      const report = await getJson<RequestsReport>(
        `${base}/requests?period=15m&instance=${encodeURIComponent(instance)}`,
      );
      expect(count, instance).to.equal(report.total);
      expect(
        countsBy(samples, 'http_route', { service_instance_id: instance }),
        instance,
      ).to.deep.equal(report.by_endpoint);
    }
  });

  it("exports each worker's saturation as gauges labelled like its histogram, and the primary's unlabelled", async () => {
    const workers = Object.keys(countsBy(samples, 'service_instance_id')).sort();
    const origin = new URL(app.dashboardUrl as string).origin;
    // A worker's status (its saturation) arrives every few seconds, apart from its spans.
    const gauges = await waitFor(
      "the workers' saturation",
      async () => {
        const text = await (await fetch(`${origin}/metrics`)).text();
        const found = parsePrometheusText(text).filter(
          (s) => s.name === 'golden_signals_nodejs_eventloop_delay_p99',
        );
        const ids = found.map((s) => s.labels.service_instance_id).filter((id) => id !== undefined);
        return ids.length === workers.length ? parsePrometheusText(text) : undefined;
      },
      30_000,
      200,
    );
    for (const name of [
      'golden_signals_nodejs_eventloop_delay_p99',
      'golden_signals_nodejs_eventloop_utilization',
      'golden_signals_v8js_memory_heap_used',
      'golden_signals_process_memory_usage',
    ]) {
      const series = gauges.filter((s) => s.name === name);
      expect(
        series.map((s) => s.labels.service_instance_id ?? '(primary)').sort(),
        name,
      ).to.deep.equal(['(primary)', ...workers].sort());
      for (const s of series) expect(s.value, name).to.be.at.least(0);
    }
    const heap = gauges.filter((s) => s.name === 'golden_signals_v8js_memory_heap_used');
    for (const s of heap) expect(s.value).to.be.above(1_000_000);
    const peak = gauges.filter((s) => s.name === 'golden_signals_http_server_active_requests_peak');
    expect(peak.map((s) => s.labels.service_instance_id)).to.deep.equal([undefined]);
  });

  it('passes promtool check metrics', async () => {
    const { code, output } = await promtoolCheck(exposition);
    expect(output).to.equal('');
    expect(code).to.equal(0);
  });
});
