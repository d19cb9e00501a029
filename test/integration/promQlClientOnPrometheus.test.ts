import { expect } from 'chai';
import { exactHistogramIncrease } from '../../src/promql/exactHistogramIncrease.js';
import { HttpPromQlClient } from '../../src/promql/HttpPromQlClient.js';
import { prometheusEngineSettingsOf } from '../../src/promql/PrometheusEngineSettings.js';
import { type ChildService, startChildService } from '../support/childService.js';
import { PrometheusServer } from '../support/PrometheusServer.js';

const FIRST = 30;
const SECOND = 20;
const SELECTOR = 'http_server_request_duration{http_route="/predict"}';

async function send(url: string, count: number): Promise<void> {
  const sent = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      fetch(`${url}/predict`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `request ${i} is fine` }),
      }),
    ),
  );
  for (const res of sent) await res.arrayBuffer();
  expect(sent.map((r) => r.status)).to.deep.equal(Array.from({ length: count }, () => 200));
}

describe('HttpPromQlClient on Prometheus 2.42 with native histograms, scraping a real app', function () {
  this.timeout(60_000);
  let service: ChildService;
  let prometheus: PrometheusServer;
  let client: HttpPromQlClient;
  let start: number;
  let middle: number;

  before(async () => {
    service = await startChildService({ PREDICT_LATENCY_MS: '1-20', PREDICT_FAILURE_RATE: '0' });
    prometheus = await PrometheusServer.start(new URL(service.url).host, ['native-histograms']);
    const settings = prometheusEngineSettingsOf({ GOLDEN_SIGNALS_PROMETHEUS_URL: prometheus.url });
    if (settings === undefined) throw new Error('no settings');
    client = new HttpPromQlClient(settings);
    await prometheus.waitForScrapes(Date.now(), 1);
    start = Date.now();
    await send(service.url, FIRST);
    await prometheus.waitForScrapes(Date.now(), 2);
    middle = Date.now();
    await send(service.url, SECOND);
    await prometheus.waitForScrapes(Date.now(), 2);
  });

  after(async () => {
    client?.close();
    await prometheus?.stop();
    await service?.stop();
  });

  it('rawSamples answers native histogram samples whose count reaches the requests sent', async () => {
    const now = Date.now();
    const series = await client.rawSamples(SELECTOR, now, now - start + 60_000);
    expect(series).to.have.length(1);
    const histograms = series[0]?.histograms ?? [];
    expect(series[0]?.samples).to.deep.equal([]);
    expect(histograms.length).to.be.at.least(4);
    const last = histograms[histograms.length - 1];
    expect(last?.count).to.equal(FIRST + SECOND);
    expect(last?.buckets.reduce((sum, b) => sum + b.count, 0)).to.equal(FIRST + SECOND);
    for (const b of last?.buckets ?? []) expect(b.lower).to.be.below(b.upper);
    // One sample a scrape, oldest first, all inside (at - range, at].
    const times = histograms.map((h) => h.t);
    expect(times).to.deep.equal([...times].sort((a, b) => a - b));
    expect(times[0]).to.be.above(start - 60_000);
  });

  it('the exact increase equals the requests sent, over the whole time and on each side of a cut', async () => {
    const now = Date.now();
    const [series] = await client.rawSamples(SELECTOR, now, now - start + 60_000);
    const histograms = series?.histograms ?? [];
    const all = exactHistogramIncrease(histograms, start, now);
    expect(all.count).to.equal(FIRST + SECOND);
    expect(all.buckets.reduce((sum, b) => sum + b.count, 0)).to.equal(FIRST + SECOND);
    expect(all.sum).to.be.above(0);
    expect(exactHistogramIncrease(histograms, start, middle).count).to.equal(FIRST);
    expect(exactHistogramIncrease(histograms, middle, now).count).to.equal(SECOND);
  });

  it('answers instant, range and series questions from the same engine', async () => {
    const now = Date.now();
    const [count] = await client.instant(`histogram_count(sum(${SELECTOR}))`, now);
    expect(count?.value).to.equal(FIRST + SECOND);
    const [native] = await client.instant(`sum(${SELECTOR})`, now);
    expect(native?.histogram?.count).to.equal(FIRST + SECOND);
    const range = await client.range(`histogram_count(sum(${SELECTOR}))`, now - 5_000, now, 1_000);
    expect(range[0]?.points.at(-1)?.v).to.equal(FIRST + SECOND);
    const labels = await client.series(SELECTOR, start - 60_000, now);
    expect(labels.map((l) => l.http_route)).to.deep.equal(['/predict']);
    expect(labels[0]).to.include({ job: 'golden-signals' });
  });

  it('a query the engine refuses is engine_query_error, 422', async () => {
    const err = await client.instant('sum(', Date.now()).catch((e: unknown) => e);
    expect(err).to.include({ code: 'engine_query_error', status: 422 });
  });
});
