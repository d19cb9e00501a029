import { expect } from 'chai';
import { emptySketch, quantile, summarize } from '../../../src/dashboard/queries/LatencySummary.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { DISTRIBUTIONS, exactQuantile, samples } from '../../support/distributions.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { expectWithinOnePercent, storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';

describe('latencyQuery', () => {
  for (const distribution of DISTRIBUTIONS) {
    it(`reports percentiles within 1% of exact for ${distribution.name}`, () => {
      const n = 20_000;
      const clock = new FakeClock(T0 + 30 * MINUTE + 15_000);
      const store = new RequestStore({ now: clock.now });
      const values = samples(distribution, n, 20_240_101);
      values.forEach((durationMs, i) => {
        // Spread over 20 minutes and four endpoints, so buckets and series are merged.
        store.record(
          request(T0 + 10 * MINUTE + Math.floor((i * 20 * MINUTE) / n), {
            durationMs,
            endpoint: `/e${i % 4}`,
          }),
        );
      });
      const sorted = [...values].sort((a, b) => a - b);
      const report = latencyQuery(store, '1h', HOUR);
      const { overall } = report;
      expect(report.total_requests).to.equal(n);
      // The report rounds to 2 decimals: allow that on top of the 1%.
      expectWithinOnePercent(overall.p50_ms, exactQuantile(sorted, 0.5), 'p50', 0.005);
      expectWithinOnePercent(overall.p95_ms, exactQuantile(sorted, 0.95), 'p95', 0.005);
      expectWithinOnePercent(overall.p99_ms, exactQuantile(sorted, 0.99), 'p99', 0.005);
      expect(overall.min_ms).to.equal(Math.round((sorted[0] as number) * 100) / 100);
      expect(overall.max_ms).to.equal(Math.round((sorted.at(-1) as number) * 100) / 100);
      const mean = values.reduce((a, b) => a + b, 0) / n;
      expect(overall.avg_ms).to.be.closeTo(mean, 0.0051);

      // p99.9 is not in the report: ask the merged sketch directly, unrounded.
      const merged = emptySketch();
      for (const bucket of store.window(HOUR).buckets) {
        for (let row = 0; row < bucket.endpoints.length; row++)
          bucket.mergeEndpointInto(row, merged);
      }
      for (const q of [0.5, 0.95, 0.99, 0.999]) {
        expectWithinOnePercent(quantile(merged, q), exactQuantile(sorted, q), `p${q * 100}`);
      }
    });

    it(`orders the percentiles for ${distribution.name}`, () => {
      const clock = new FakeClock(T0 + 10 * MINUTE);
      const store = new RequestStore({ now: clock.now });
      for (const durationMs of samples(distribution, 2_000, 7)) {
        store.record(request(T0 + 5 * MINUTE, { durationMs }));
      }
      const { overall, timeseries } = latencyQuery(store, '1h', HOUR);
      expect(overall.min_ms).to.be.at.most(overall.p50_ms);
      expect(overall.p50_ms).to.be.at.most(overall.p95_ms);
      expect(overall.p95_ms).to.be.at.most(overall.p99_ms);
      expect(overall.p99_ms).to.be.at.most(overall.max_ms);
      expect(overall.avg_ms).to.be.within(overall.min_ms, overall.max_ms);
      const point = timeseries.points.find((p) => p.count > 0);
      expect(point?.count).to.equal(2_000);
      expect(point?.p50_ms).to.equal(overall.p50_ms);
      expect(point?.p95_ms).to.equal(overall.p95_ms);
      expect(point?.p99_ms).to.equal(overall.p99_ms);
    });
  }

  const subMillisecond: [number, number, number][] = [
    [0.3, 0.4, 0.99],
    [0.1, 0.5, 0.99],
    [0.1, 0.5, 1],
    [0.05, 0.3, 0.995],
  ];
  for (const [fast, middle, slow] of subMillisecond) {
    it(`keeps percentiles within 1% when merging buckets of ${fast}, ${middle} and ${slow} ms`, () => {
      // Twenty health checks: ten fast ones, then five middling and five slow a minute later.
      // A slow value in (0.98, 1] ms falls in the sketch's bin key 0.
      const clock = new FakeClock(T0 + 2 * MINUTE);
      const recs = [
        ...Array.from({ length: 10 }, () => request(T0, { durationMs: fast })),
        ...Array.from({ length: 5 }, () => request(T0 + MINUTE, { durationMs: middle })),
        ...Array.from({ length: 5 }, () => request(T0 + MINUTE, { durationMs: slow })),
      ];
      const { overall } = latencyQuery(storeWith(clock, recs), '1h', HOUR);
      expect(overall.max_ms).to.equal(Math.round(slow * 100) / 100);
      expectWithinOnePercent(overall.p50_ms, middle, 'p50', 0.005);
      expectWithinOnePercent(overall.p95_ms, slow, 'p95', 0.005);
      expectWithinOnePercent(overall.p99_ms, slow, 'p99', 0.005);
    });
  }

  it('reports one request as every percentile', () => {
    const store = storeWith(new FakeClock(T0), [request(T0, { durationMs: 123.456 })]);
    const { overall, by_endpoint } = latencyQuery(store, '1h', HOUR);
    const expected = {
      avg_ms: 123.46,
      min_ms: 123.46,
      max_ms: 123.46,
      p50_ms: 123.46,
      p95_ms: 123.46,
      p99_ms: 123.46,
    };
    expect(overall).to.deep.equal(expected);
    expect(by_endpoint).to.deep.equal({ '/items': expected });
  });

  it('sorts by_endpoint by average latency, slowest first', () => {
    const clock = new FakeClock(T0 + MINUTE);
    const recs = [
      ...[4, 5, 6].map((d) => request(T0, { endpoint: '/fast', durationMs: d })),
      ...[290, 300, 310].map((d) => request(T0, { endpoint: '/slow', durationMs: d })),
      ...[40, 50, 60].map((d) => request(T0, { endpoint: '/mid', durationMs: d })),
    ];
    const report = latencyQuery(storeWith(clock, recs), '1h', HOUR);
    expect(Object.keys(report.by_endpoint)).to.deep.equal(['/slow', '/mid', '/fast']);
    expect(report.by_endpoint['/slow']).to.deep.include({
      avg_ms: 300,
      min_ms: 290,
      max_ms: 310,
    });
    expect(report.by_endpoint['/fast']).to.deep.include({ avg_ms: 5, min_ms: 4, max_ms: 6 });
  });

  it('leaves percentiles null in steps without requests', () => {
    const clock = new FakeClock(T0 + 10 * MINUTE + 1);
    const store = storeWith(clock, [request(T0 + 3 * MINUTE, { durationMs: 42 })]);
    const { timeseries, since } = latencyQuery(store, '15m', 15 * MINUTE);
    expect(since).to.equal(new Date(T0 - 5 * MINUTE).toISOString());
    expect(timeseries.step_seconds).to.equal(60);
    expect(timeseries.points).to.have.length(16);
    for (const point of timeseries.points) {
      if (point.timestamp === new Date(T0 + 3 * MINUTE).toISOString()) {
        expect(point).to.deep.include({ count: 1 });
        expectWithinOnePercent(point.p50_ms as number, 42, 'p50', 0.005);
      } else {
        expect(point).to.deep.include({ count: 0, p50_ms: null, p95_ms: null, p99_ms: null });
      }
    }
  });

  it('answers zeros for an empty store', () => {
    const report = latencyQuery(new RequestStore({ now: () => T0 }), '1h', HOUR);
    expect(report.total_requests).to.equal(0);
    expect(report.overall).to.deep.equal(summarize(emptySketch()));
    expect(Object.values(report.overall).every((v) => v === 0)).to.equal(true);
    expect(report.by_endpoint).to.deep.equal({});
  });
});
