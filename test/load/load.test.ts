import { expect } from 'chai';
import type { OverviewReport } from '../../src/dashboard/queries/overviewQuery.js';
import type { RequestsReport } from '../../src/dashboard/queries/requestsQuery.js';
import { runAutocannon } from '../support/autocannonCli.js';
import { heapAfterGc } from '../support/heapAfterGc.js';
import { getJson, type RunningServer, startTestApp } from '../support/testApp.js';

/** Heap growth allowed across the run, after GC: the store holds a handful of minute rollups. */
const HEAP_BOUND_BYTES = 24 * 1024 * 1024;
const TARGET_SECONDS = 20;
const BODY = JSON.stringify({ text: 'This is amazing!' });

describe('load with concurrent dashboard reads', function () {
  this.timeout(120_000);
  let server: RunningServer;
  before(async () => {
    server = await startTestApp();
  });
  after(() => server.close());

  it('counts every request autocannon completed, exactly, while dashboards are read every 100 ms', async () => {
    let url = `${server.url}/predict`;
    // A short probe measures the full rate, so the real run can send a fixed number of
    // requests (about 20 s worth): in a timed run autocannon aborts its last requests,
    // and a request the server answered but the client dropped cannot be compared.
    await runAutocannon({ url, body: BODY, connections: 20, durationSeconds: 1 }); // warm-up
    const probe = await runAutocannon({ url, body: BODY, connections: 20, durationSeconds: 3 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // A fresh pipeline and store for the measured run; the warmed-up code stays.
    await server.close();
    server = await startTestApp();
    url = `${server.url}/predict`;
    const heapBefore = heapAfterGc();

    let reads = 0;
    let readFailures = 0;
    let loading = true;
    const reader = (async () => {
      while (loading) {
        const answers = await Promise.all(
          ['overview', 'requests?period=1h', 'latency?period=1h', 'errors?period=24h'].map((q) =>
            fetch(`${server.url}/dashboard/${q}`).then(async (res) => {
              await res.arrayBuffer();
              return res.status;
            }),
          ),
        );
        reads += answers.length;
        readFailures += answers.filter((status) => status !== 200).length;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    // Fixed-size runs, repeated until about 20 s have passed: every request completes.
    const result = { total: 0, non2xx: 0, errors: 0, timeouts: 0, seconds: 0 };
    let rate = probe.requests.average;
    while (result.seconds < TARGET_SECONDS - 1) {
      const amount = Math.max(1_000, Math.round(rate * (TARGET_SECONDS - result.seconds)));
      const run = await runAutocannon({ url, body: BODY, connections: 20, amount });
      expect(run.requests.total, 'every request of a fixed-size run completes').to.equal(amount);
      result.total += run.requests.total;
      result.non2xx += run.non2xx;
      result.errors += run.errors;
      result.timeouts += run.timeouts;
      result.seconds += run.duration;
      rate = run.requests.total / run.duration;
    }
    loading = false;
    await reader;

    const requests = await getJson<RequestsReport>(`${server.url}/dashboard/requests?period=1h`);
    const overview = await getJson<OverviewReport>(`${server.url}/dashboard/overview`);
    const heapAfter = heapAfterGc();
    console.log(
      `      autocannon: ${result.total} requests in ${result.seconds.toFixed(1)} s ` +
        `(${Math.round(result.total / result.seconds)} req/s), non-2xx ${result.non2xx}, errors ${result.errors}; ` +
        `dashboard total ${requests.total}; ${reads} dashboard reads; ` +
        `heap after GC ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MB`,
    );
    expect(result.errors).to.equal(0);
    expect(result.timeouts).to.equal(0);
    expect(result.non2xx).to.equal(0);
    expect(requests.total).to.equal(result.total);
    expect(requests.by_status).to.deep.equal({ '200': result.total });
    expect(overview.active_requests).to.equal(0);
    expect(overview.telemetry.dropped_spans).to.equal(0);
    expect(readFailures).to.equal(0);
    expect(reads).to.be.above(0);
    expect(heapAfter - heapBefore).to.be.below(HEAP_BOUND_BYTES);
  });
});
