import { expect } from 'chai';
import { nearestExemplar } from '../../../src/dashboard/queries/exemplarJson.js';
import { emptySketch, quantile, summarize } from '../../../src/dashboard/queries/LatencySummary.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { matchesSource, type SourceFilter } from '../../../src/store/SourceFilter.js';
import { DISTRIBUTIONS, exactQuantile, samples } from '../../support/distributions.js';
import { recordTraffic, tiedExemplarTraffic, traceOf } from '../../support/exemplarTraffic.js';
import { FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { expectWithinOnePercent, storeWith } from '../../support/queryFixtures.js';
import { request } from '../../support/records.js';
import { spanTraffic } from '../../support/spanTraffic.js';

/**
 * The exemplars near p95 and p99, overall and per endpoint, found the slow
 * way: every held exemplar built, each endpoint's sketch merged from the
 * window's cover, and a plain search over all of them.
 */
function expectedExemplars(store: RequestStore, periodMs: number, filter: SourceFilter = {}) {
  const view = store.window(periodMs);
  const held = store.exemplarsSince(view.sinceMs, (key) => matchesSource(filter, key.source));
  const overall = emptySketch();
  const endpoints = new Set<string>();
  for (const bucket of view.cover()) {
    for (const key of bucket.endpoints)
      if (matchesSource(filter, key.source)) endpoints.add(key.endpoint);
  }
  const byEndpoint: Record<string, unknown> = {};
  for (const endpoint of endpoints) {
    const merged = emptySketch();
    for (const bucket of view.cover()) {
      bucket.endpoints.forEach((key, row) => {
        if (key.endpoint === endpoint && matchesSource(filter, key.source)) {
          bucket.mergeEndpointInto(row, merged);
        }
      });
    }
    overall.merge(merged);
    const mine = held.filter((e) => e.endpoint === endpoint);
    byEndpoint[endpoint] = {
      p95: nearestExemplar(mine, quantile(merged, 0.95)),
      p99: nearestExemplar(mine, quantile(merged, 0.99)),
    };
  }
  return {
    held: held.length,
    exemplars: {
      overall: {
        p95: nearestExemplar(held, quantile(overall, 0.95)),
        p99: nearestExemplar(held, quantile(overall, 0.99)),
      },
      by_endpoint: byEndpoint,
    },
  };
}

/** Asserts that the latency query's exemplars are the slow search's, and that there were some to find. */
function expectSameAsSearchOverAll(store: RequestStore, periodMs: number, filter?: SourceFilter) {
  const expected = expectedExemplars(store, periodMs, filter);
  expect(expected.held).to.be.greaterThan(0);
  expect(latencyQuery(store, 'p', periodMs, filter).exemplars).to.deep.equal(expected.exemplars);
}

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

  describe('exemplar search', () => {
    describe('answers as a search over every held exemplar does', () => {
      it('after late records land in an hour already rolled up', () => {
        const clock = new FakeClock(T0);
        const store = new RequestStore({ now: clock.now, retentionMs: 6 * HOUR });
        recordTraffic(store, clock, 150, 1);
        // Queries first, so every packed bucket's row ids are worked out before the late ones.
        expectSameAsSearchOverAll(store, 3 * HOUR);
        const before = latencyQuery(store, '3h', 3 * HOUR);
        // Very slow requests timed two hours ago: the nearest p99 pick must move to one of them.
        const lateStart = clock.ms - 2 * HOUR;
        for (let i = 0; i < 40; i++) {
          store.record(
            request(lateStart + i * 1_000, {
              endpoint: '/e1',
              durationMs: 5_000 + i,
              traceId: traceOf(0xabc00 + i),
            }),
          );
        }
        clock.advance(MINUTE);
        const after = latencyQuery(store, '3h', 3 * HOUR);
        expect(after.exemplars.by_endpoint['/e1']).to.not.deep.equal(
          before.exemplars.by_endpoint['/e1'],
        );
        expectSameAsSearchOverAll(store, 3 * HOUR);
        expectSameAsSearchOverAll(store, 30 * MINUTE);
      });

      it('after buckets are evicted, minutes rolled into hours and hours past the retention', () => {
        const clock = new FakeClock(T0);
        const store = new RequestStore({ now: clock.now, retentionMs: 3 * HOUR });
        recordTraffic(store, clock, 120, 2);
        expectSameAsSearchOverAll(store, 3 * HOUR);
        recordTraffic(store, clock, 150, 3);
        expectSameAsSearchOverAll(store, 3 * HOUR);
        expectSameAsSearchOverAll(store, 45 * MINUTE);
        clock.advance(2 * HOUR + 30 * MINUTE);
        recordTraffic(store, clock, 5, 4);
        expectSameAsSearchOverAll(store, 3 * HOUR);
      });

      it('after a restore from a snapshot', () => {
        const clock = new FakeClock(T0);
        const store = new RequestStore({ now: clock.now, retentionMs: 6 * HOUR });
        recordTraffic(store, clock, 200, 5);
        const answer = latencyQuery(store, '6h', 6 * HOUR);
        const restored = new RequestStore({ now: clock.now, retentionMs: 6 * HOUR });
        restored.restore(JSON.parse(JSON.stringify(store.toSnapshot())));
        expect(latencyQuery(restored, '6h', 6 * HOUR)).to.deep.equal(answer);
        expectSameAsSearchOverAll(restored, 6 * HOUR);
        recordTraffic(restored, clock, 30, 6);
        expectSameAsSearchOverAll(restored, 6 * HOUR);
      });

      it('for one instance, and for the current minute before it is packed', () => {
        const clock = new FakeClock(T0);
        const store = new RequestStore({ now: clock.now });
        recordTraffic(store, clock, 90, 7);
        // Into the current minute: held as live candidates, not yet packed.
        for (let i = 0; i < 30; i++) {
          store.record(
            request(clock.ms + i, {
              endpoint: '/e3',
              durationMs: 900 + i,
              traceId: traceOf(i + 7),
            }),
          );
        }
        expectSameAsSearchOverAll(store, HOUR);
        expectSameAsSearchOverAll(store, 2 * HOUR, { instance: 'remote:1' });
        expectSameAsSearchOverAll(store, 2 * HOUR, { service: 'unknown_service' });
      });

      it('when a window holds more endpoint keys than the key index numbers', () => {
        const clock = new FakeClock(T0);
        const store = new RequestStore({ now: clock.now });
        // 20 services x 13 instances x 64 endpoints: 16,640 keys in one minute, past the 16,384 limit.
        let n = 0;
        for (let s = 0; s < 20; s++) {
          for (let i = 0; i < 13; i++) {
            for (let e = 0; e < 64; e++) {
              n++;
              store.record(
                request(clock.ms + (n % 50_000), {
                  endpoint: `/k${e}`,
                  service: `svc${s}`,
                  instance: `i${i}`,
                  durationMs: (n * 7919) % 1000,
                  traceId: traceOf(n),
                }),
              );
            }
          }
        }
        clock.advance(MINUTE);
        recordTraffic(store, clock, 3, 8);
        expectSameAsSearchOverAll(store, 10 * MINUTE);
        // The index could not hold the window's keys even after starting over: the per-row path ran.
        expect(store.exemplars.keyIndexResets).to.be.greaterThan(0);
        expectSameAsSearchOverAll(store, 10 * MINUTE, { service: 'svc3' });
      });
    });
  });

  describe('scans the held exemplars without building them all', () => {
    const { store } = tiedExemplarTraffic();

    for (const [period, ms] of [
      ['30m', 30 * MINUTE],
      ['2h', 2 * HOUR],
      ['3h', 3 * HOUR],
    ] as const) {
      it(`picks, over ${period}, the same exemplars near p95 and p99 as a search over all of them`, () => {
        const report = latencyQuery(store, period, ms);
        const view = store.window(ms);
        const held = store.exemplarsSince(view.sinceMs, () => true);
        expect(held.length).to.be.greaterThan(100);
        const overall = emptySketch();
        const endpoints = Object.keys(report.exemplars.by_endpoint);
        expect(endpoints).to.have.length(4);
        for (const endpoint of endpoints) {
          const merged = emptySketch();
          for (const bucket of view.cover()) {
            bucket.endpoints.forEach((key, row) => {
              if (key.endpoint === endpoint) bucket.mergeEndpointInto(row, merged);
            });
          }
          overall.merge(merged);
          const mine = held.filter((e) => e.endpoint === endpoint);
          expect(report.exemplars.by_endpoint[endpoint]).to.deep.equal({
            p95: nearestExemplar(mine, quantile(merged, 0.95)),
            p99: nearestExemplar(mine, quantile(merged, 0.99)),
          });
        }
        expect(report.exemplars.overall).to.deep.equal({
          p95: nearestExemplar(held, quantile(overall, 0.95)),
          p99: nearestExemplar(held, quantile(overall, 0.99)),
        });
      });
    }
  });

  describe('exemplars near percentiles, over real spans', () => {
    for (const [minutes, period, periodMs] of [
      [10, '15m', 15 * MINUTE],
      [55, '1h', HOUR],
      [5 * 60, '6h', 6 * HOUR],
    ] as const) {
      it(`gives, over ${period}, a real request within 1% of p95 and of p99`, () => {
        const clock = new FakeClock(T0);
        const { store, all } = spanTraffic(clock, minutes, 200);
        const report = latencyQuery(store, period, periodMs);
        for (const [name, summary, near] of [
          ['overall', report.overall, report.exemplars.overall],
          ['/predict', report.by_endpoint['/predict'], report.exemplars.by_endpoint['/predict']],
        ] as const) {
          for (const q of ['p95', 'p99'] as const) {
            const exemplar = near?.[q];
            expect(exemplar, `${name} ${q}`).to.not.equal(null);
            const percentile = summary?.[`${q}_ms`] as number;
            expect(exemplar?.percentile_ms).to.equal(percentile);
            // A real request: its trace id was sent, with that duration.
            const sent = all.get(exemplar?.trace_id as string) as number;
            expect(Math.abs(sent - (exemplar?.duration_ms as number))).to.be.below(0.01);
            expect(Math.abs(sent - percentile) / percentile, `${name} ${q}`).to.be.at.most(0.01);
            expect(exemplar?.distance_pct).to.be.at.most(1);
          }
        }
      });
    }

    it('keeps the existing latency fields as they were', () => {
      const clock = new FakeClock(T0);
      const { store } = spanTraffic(clock, 3, 10);
      expect(Object.keys(latencyQuery(store, '1h', HOUR))).to.deep.equal([
        'period',
        'since',
        'total_requests',
        'overall',
        'by_endpoint',
        'timeseries',
        'exemplars',
      ]);
    });
  });
});
