import { existsSync } from 'node:fs';
import { expect } from 'chai';
import type { LatencyReport } from '../../src/dashboard/queries/latencyQuery.js';
import { SKETCH_RELATIVE_ACCURACY } from '../../src/store/sketch/sketchBins.js';
import { type ChildService, startChildService } from '../support/childService.js';
import { PrometheusServer } from '../support/PrometheusServer.js';
import { parsePrometheusText, sumOf } from '../support/prometheusText.js';
import { promtoolCheck } from '../support/promtool.js';
import { getJson, postJson } from '../support/testApp.js';

// Fast 422s (validation answers before the simulated latency) and slow 200s:
// the slow ones are a quarter of the traffic, so the p95 falls among them and
// in another histogram bucket than most requests.
const FAST = 30;
const SLOW = 10;
const LATENCY_MS = 150;
const UNMATCHED = 3;

describe('GET /metrics scraped by a real Prometheus (default OTEL_METRICS_EXPORTER)', function () {
  this.timeout(60_000);
  let service: ChildService;
  let prometheus: PrometheusServer;
  let exposition: string;

  before(async () => {
    // No OTEL_METRICS_EXPORTER: the default is prometheus.
    service = await startChildService({
      PREDICT_LATENCY_MS: String(LATENCY_MS),
      PREDICT_FAILURE_RATE: '0',
    });
    prometheus = await PrometheusServer.start(new URL(service.url).host);

    const sent = await Promise.all([
      ...Array.from({ length: FAST }, () => postJson(`${service.url}/predict`, {})),
      ...Array.from({ length: SLOW }, (_, i) =>
        postJson(`${service.url}/predict`, { text: `slow request ${i} is fine` }),
      ),
      ...Array.from({ length: UNMATCHED }, (_, i) => fetch(`${service.url}/users/${i}`)),
    ]);
    for (const res of sent) await res.arrayBuffer();
    expect(sent.map((r) => r.status).sort()).to.deep.equal([
      ...Array.from({ length: SLOW }, () => 200),
      ...Array.from({ length: UNMATCHED }, () => 404),
      ...Array.from({ length: FAST }, () => 422),
    ]);
    await prometheus.waitForScrapes(Date.now(), 2);
    exposition = await (await fetch(`${service.url}/metrics`)).text();
  });

  after(async () => {
    await prometheus?.stop();
    await service?.stop();
  });

  it('passes promtool check metrics', async () => {
    const { code, output } = await promtoolCheck(exposition);
    expect(output).to.equal('');
    expect(code).to.equal(0);
  });

  it('counts every /predict request in http_server_request_duration_count', async () => {
    const total = await prometheus.query(
      'sum(http_server_request_duration_count{http_route="/predict"})',
    );
    expect(total.map((s) => s.value)).to.deep.equal([FAST + SLOW]);
    const byStatus = await prometheus.query(
      'sum by (http_response_status_code) (http_server_request_duration_count{http_route="/predict"})',
    );
    const statuses = Object.fromEntries(
      byStatus.map((s) => [s.metric.http_response_status_code, s.value]),
    );
    expect(statuses).to.deep.equal({ '200': SLOW, '422': FAST });
  });

  it('labels routes with templates only: unmatched paths carry no http_route', async () => {
    const routes = await prometheus.query(
      'sum by (http_route) (http_server_request_duration_count)',
    );
    const byRoute = Object.fromEntries(routes.map((s) => [s.metric.http_route ?? '', s.value]));
    expect(byRoute).to.deep.equal({ '/predict': FAST + SLOW, '': UNMATCHED });
  });

  it("puts histogram_quantile(0.95) in the bucket that holds the dashboard's p95", async () => {
    const [p95] = await prometheus.query(
      'histogram_quantile(0.95, sum by (le) (http_server_request_duration_bucket{http_route="/predict"}))',
    );
    const latency = await getJson<LatencyReport>(`${service.url}/dashboard/latency?period=1h`);
    const dashboardP95 = (latency.by_endpoint['/predict']?.p95_ms ?? Number.NaN) / 1000;
    // The bucket bounds, as the exporter serves them.
    const bounds = [
      ...new Set(
        parsePrometheusText(exposition)
          .filter((s) => s.name === 'http_server_request_duration_bucket')
          .map((s) => Number(s.labels.le === '+Inf' ? Infinity : s.labels.le)),
      ),
    ].sort((a, b) => a - b);
    const bucketOf = (v: number) => {
      const i = bounds.findIndex((upper) => v <= upper);
      return [i > 0 ? bounds[i - 1] : 0, bounds[i]];
    };
    expect(p95?.value).to.be.a('number');
    // Among the slow requests (at least LATENCY_MS each), read from a sketch that may
    // put a duration up to 1% below its value: 149.92 ms for a 150.3 ms request.
    expect(dashboardP95).to.be.greaterThan((LATENCY_MS / 1000) * (1 - SKETCH_RELATIVE_ACCURACY));
    expect(bucketOf(p95?.value ?? Number.NaN)).to.deep.equal(bucketOf(dashboardP95));
  });

  it('exposes the pipeline gauges and counters to Prometheus', async () => {
    const series = await prometheus.query('golden_signals_store_series');
    expect(series.map((s) => s.value)).to.deep.equal([
      sumOf(parsePrometheusText(exposition), 'golden_signals_store_series'),
    ]);
    const dropped = await prometheus.query('sum(golden_signals_spans_dropped_total)');
    expect(dropped.map((s) => s.value)).to.deep.equal([0]);
    const active = await prometheus.query('http_server_active_requests');
    expect(active).to.have.length(1);
  });

  it('stops Prometheus by PID and removes its temporary folder', async () => {
    expect(existsSync(prometheus.dir)).to.equal(true);
    await prometheus.stop();
    expect(prometheus.exited).to.equal(true);
    expect(existsSync(prometheus.dir)).to.equal(false);
    expect(prometheus.log()).not.to.match(/level=error/);
  });
});
