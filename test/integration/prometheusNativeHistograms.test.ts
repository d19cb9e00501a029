import { expect } from 'chai';
import { type ChildService, startChildService } from '../support/childService.js';
import { PrometheusServer } from '../support/PrometheusServer.js';
import { getJson } from '../support/testApp.js';

/** The requests sent; their spread latency puts the p95 among distinct durations. */
const SENT = 200;

/** The trace id request `i` is sent in. */
function traceIdOf(i: number): string {
  return `ab${i.toString(16).padStart(30, '0')}`;
}

interface SlowestAnswer {
  exact_limit: number;
  requests: { duration_ms: number }[];
}

describe('GET /metrics scraped by Prometheus 2.42 with native histograms on', function () {
  this.timeout(60_000);
  let service: ChildService;
  let prometheus: PrometheusServer;

  before(async () => {
    service = await startChildService({
      PREDICT_LATENCY_MS: '20-300',
      PREDICT_FAILURE_RATE: '0',
    });
    prometheus = await PrometheusServer.start(new URL(service.url).host, [
      'native-histograms',
      'exemplar-storage',
    ]);
    // Each request in a trace of its own, sampled, whose id the test knows.
    const sent = await Promise.all(
      Array.from({ length: SENT }, (_, i) =>
        fetch(`${service.url}/predict`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            traceparent: `00-${traceIdOf(i)}-${'1'.repeat(16)}-01`,
          },
          body: JSON.stringify({ text: `request ${i} is fine` }),
        }),
      ),
    );
    for (const res of sent) await res.arrayBuffer();
    expect(sent.map((r) => r.status)).to.deep.equal(Array.from({ length: SENT }, () => 200));
    await prometheus.waitForScrapes(Date.now(), 2);
  });

  after(async () => {
    await prometheus?.stop();
    await service?.stop();
  });

  it('ingests request duration as a native histogram: histogram_count equals the requests sent', async () => {
    const [count] = await prometheus.query(
      'histogram_count(sum(http_server_request_duration{http_route="/predict"}))',
    );
    expect(count?.value).to.equal(SENT);
  });

  it('keeps histogram_quantile(0.95) within 2% of the exact p95 of the same spans', async () => {
    const [p95] = await prometheus.query(
      'histogram_quantile(0.95, sum(http_server_request_duration{http_route="/predict"}))',
    );
    // The exact slowest requests, slowest first: the nearest-rank p95 (rank 190 of 200) is the 11th.
    const slowest = await getJson<SlowestAnswer>(
      `${service.url}/dashboard/slowest?period=1h&endpoint=/predict&limit=20`,
    );
    expect(slowest.exact_limit).to.equal(20);
    const exact =
      (slowest.requests[SENT - Math.ceil(0.95 * SENT)]?.duration_ms ?? Number.NaN) / 1000;
    expect(p95?.value).to.be.a('number');
    expect(Math.abs((p95?.value ?? Number.NaN) - exact) / exact).to.be.at.most(0.02);
  });

  it("stores exemplars: the trace ids of requests sent, with their bucket's durations", async () => {
    const now = Date.now() / 1000;
    const res = await fetch(
      `${prometheus.url}/api/v1/query_exemplars?query=${encodeURIComponent(
        'http_server_request_duration{http_route="/predict"}',
      )}&start=${now - 600}&end=${now + 60}`,
    );
    const answer = (await res.json()) as {
      data: { exemplars: { labels: { trace_id: string }; value: string }[] }[];
    };
    const exemplars = answer.data.flatMap((series) => series.exemplars);
    expect(exemplars).to.not.be.empty;
    const sentIds = new Set(Array.from({ length: SENT }, (_, i) => traceIdOf(i)));
    for (const e of exemplars) {
      expect(sentIds.has(e.labels.trace_id), e.labels.trace_id).to.equal(true);
      // The latency is 20-300 ms: each exemplar's value is one such request
      // (a 20 ms timer may end a few tenths of a millisecond early by the span's clock).
      expect(Number(e.value)).to.be.within(0.019, 1);
    }
  });

  it('ingests the other families from the protobuf answer too', async () => {
    const dropped = await prometheus.query('sum(golden_signals_spans_dropped_total)');
    expect(dropped.map((s) => s.value)).to.deep.equal([0]);
    expect(await prometheus.query('http_server_active_requests')).to.have.length(1);
  });

  it('logs no scrape or ingestion error', async () => {
    await prometheus.stop();
    expect(prometheus.log()).not.to.match(/level=error/);
  });
});
