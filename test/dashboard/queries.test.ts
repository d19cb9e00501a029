import { expect } from 'chai';
import { errorsQuery, RECENT_ERRORS_SHOWN } from '../../src/dashboard/queries/errorsQuery.js';
import { emptySketch, quantile, summarize } from '../../src/dashboard/queries/LatencySummary.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { type OverviewContext, overviewQuery } from '../../src/dashboard/queries/overviewQuery.js';
import { MAX_BY_MINUTE_POINTS, requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import {
  chooseStepMs,
  groupBySteps,
  MAX_TIMESERIES_POINTS,
} from '../../src/dashboard/queries/timeSteps.js';
import type { BucketView } from '../../src/store/BucketView.js';
import { FrozenBucket } from '../../src/store/FrozenBucket.js';
import { LiveBucket } from '../../src/store/LiveBucket.js';
import type { RequestRecord } from '../../src/store/RequestRecord.js';
import { RequestStore, type WindowView } from '../../src/store/RequestStore.js';
import { DISTRIBUTIONS, exactQuantile, samples } from '../support/distributions.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

/** Every step a timeseries may use, in seconds. */
const NICE_STEP_SECONDS = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080].map(
  (m) => m * 60,
);
const MINUTE_KEY = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00Z$/;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** A store on `clock` holding `records`; fails the test if one is dropped. */
function storeWith(
  clock: FakeClock,
  records: readonly RequestRecord[],
  options: { retentionMs?: number; seriesLimit?: number } = {},
): RequestStore {
  const store = new RequestStore({ ...options, now: clock.now });
  for (const rec of records)
    expect(store.record(rec), `record at ${rec.timestampMs}`).to.equal(true);
  return store;
}

/** Asserts `actual` is within 1% of `exact`, plus `slack` for rounding. */
function expectWithinOnePercent(actual: number, exact: number, what: string, slack = 0): void {
  const error = Math.abs(actual - exact);
  expect(error, `${what}: ${actual} vs exact ${exact}`).to.be.at.most(0.01 * exact + slack);
}

const context: OverviewContext = {
  activeRequests: 3,
  saturation: {
    event_loop_delay_p99_ms: 12.5,
    event_loop_utilization: 0.25,
    heap_used_bytes: 1_000,
    rss_bytes: 2_000,
  },
  exporterDroppedSpans: 4,
};

describe('queries', () => {
  describe('#requestsQuery', () => {
    const now = T0 + 2 * HOUR + 30_000;
    /** Twelve requests in the last hour, inserted least-frequent first, and two older ones. */
    const records: RequestRecord[] = [
      request(now - 3 * HOUR, { endpoint: '/predict', method: 'POST' }),
      request(now - HOUR - MINUTE, { endpoint: '/predict', method: 'POST' }),
      request(now - 50 * MINUTE, { endpoint: '/items', statusCode: 404 }),
      ...[1, 2, 3].map((i) => request(now - i * MINUTE, { endpoint: '/health' })),
      request(now - 40 * MINUTE, { endpoint: '/predict', method: 'POST', statusCode: 500 }),
      ...[1, 2].map((i) =>
        request(now - i * 1000, { endpoint: '/predict', method: 'POST', statusCode: 422 }),
      ),
      ...[1, 2, 3, 4, 5].map((i) =>
        request(now - i * 7 * MINUTE, { endpoint: '/predict', method: 'POST' }),
      ),
    ];

    it('totals and breaks down the requests in the window', () => {
      const clock = new FakeClock(now);
      const store = new RequestStore({ now: clock.now });
      // Only those within the retention: the first is 3 h old, fine with 24 h.
      for (const rec of records) store.record(rec);
      const report = requestsQuery(store, '1h', HOUR);
      expect(report.period).to.equal('1h');
      expect(report.since).to.equal('2024-01-01T01:00:00.000Z');
      expect(report.total).to.equal(12);
      expect(report.by_method).to.deep.equal({ GET: 4, POST: 8 });
    });

    it('sorts by_endpoint by count, highest first', () => {
      const store = storeWith(new FakeClock(now), records);
      const report = requestsQuery(store, '1h', HOUR);
      expect(Object.entries(report.by_endpoint)).to.deep.equal([
        ['/predict', 8],
        ['/health', 3],
        ['/items', 1],
      ]);
    });

    it('sorts by_status by status code, ascending', () => {
      const store = storeWith(new FakeClock(now), records);
      const report = requestsQuery(store, '1h', HOUR);
      expect(Object.entries(report.by_status)).to.deep.equal([
        ['200', 8],
        ['404', 1],
        ['422', 2],
        ['500', 1],
      ]);
    });

    it('answers zeros and empty breakdowns for an empty store', () => {
      const store = new RequestStore({ now: () => now });
      const report = requestsQuery(store, '15m', 15 * MINUTE);
      expect(report.total).to.equal(0);
      expect(report.by_endpoint).to.deep.equal({});
      expect(report.by_status).to.deep.equal({});
      expect(report.by_method).to.deep.equal({});
      expect(report.by_minute).to.deep.equal([]);
      expect(report.timeseries.points).to.have.length(16);
      for (const point of report.timeseries.points) {
        expect(point.count).to.equal(0);
        expect(point.errors).to.equal(0);
        expect(point.server_errors).to.equal(0);
      }
    });

    it('lists by_minute for non-empty minutes only, at most 60, oldest first', () => {
      const clock = new FakeClock(T0 + 3 * HOUR + 45_000);
      const recs: RequestRecord[] = [];
      const perMinute = new Map<number, number>();
      for (let m = 0; m <= 180; m++) {
        if (m % 10 === 0) continue; // leave every tenth minute empty
        const n = (m % 3) + 1;
        perMinute.set(T0 + m * MINUTE, n);
        for (let i = 0; i < n; i++) recs.push(request(T0 + m * MINUTE + i * 1000));
      }
      const store = storeWith(clock, recs);
      const report = requestsQuery(store, '24h', DAY);
      const expected = [...perMinute].slice(-MAX_BY_MINUTE_POINTS).map(([start, count]) => ({
        timestamp: `${new Date(start).toISOString().slice(0, 16)}:00Z`,
        count,
      }));
      expect(MAX_BY_MINUTE_POINTS).to.equal(60);
      expect(report.by_minute).to.have.length(60);
      expect(report.by_minute).to.deep.equal(expected);
      // Counting back from minute 179 over the empty tenths, the 60th is minute 114.
      expect(report.by_minute[0]?.timestamp).to.equal('2024-01-01T01:54:00Z');
      expect(report.by_minute.at(-1)?.timestamp).to.equal('2024-01-01T02:59:00Z');
      for (const point of report.by_minute) {
        expect(point.timestamp).to.match(MINUTE_KEY);
        expect(point.count).to.be.above(0);
      }
      expect(report.total).to.equal(recs.length);
    });

    it('lists fewer than 60 minutes when fewer have requests', () => {
      const clock = new FakeClock(T0 + HOUR);
      const store = storeWith(clock, [request(T0 + 5 * MINUTE + 59_999), request(T0 + 6 * MINUTE)]);
      expect(requestsQuery(store, '1h', HOUR).by_minute).to.deep.equal([
        { timestamp: '2024-01-01T00:05:00Z', count: 1 },
        { timestamp: '2024-01-01T00:06:00Z', count: 1 },
      ]);
    });

    // Now is 30 s into a minute, 8.5 days after T0; a request every 7 minutes, every 5th a 500,
    // every 3rd of the others a 404.
    const tsNow = T0 + 8 * DAY + 12 * HOUR + 30_000;
    const tsRecords: RequestRecord[] = [];
    for (let t = tsNow - 7 * DAY - HOUR; t <= tsNow; t += 7 * MINUTE) {
      const i = tsRecords.length;
      const statusCode = i % 5 === 0 ? 500 : i % 3 === 0 ? 404 : 200;
      tsRecords.push(request(t, { statusCode }));
    }
    const timeseriesCases = [
      { period: '1m', periodMs: MINUTE, retentionMs: DAY, step: 60, points: 2 },
      { period: '15m', periodMs: 15 * MINUTE, retentionMs: DAY, step: 60, points: 16 },
      { period: '1h', periodMs: HOUR, retentionMs: DAY, step: 60, points: 61 },
      { period: '6h', periodMs: 6 * HOUR, retentionMs: DAY, step: 300, points: 73 },
      { period: '24h', periodMs: DAY, retentionMs: DAY, step: 900, points: 97 },
      { period: '7d', periodMs: 7 * DAY, retentionMs: DAY, step: 900, points: 97 },
      { period: '7d', periodMs: 7 * DAY, retentionMs: 7 * DAY, step: 7200, points: 85 },
      { period: '366d', periodMs: 366 * DAY, retentionMs: 7 * DAY, step: 7200, points: 85 },
    ];
    for (const { period, periodMs, retentionMs, step, points } of timeseriesCases) {
      it(`spans the whole ${period} window in ${step} s steps (retention ${retentionMs / HOUR} h)`, () => {
        const clock = new FakeClock(tsNow);
        const store = new RequestStore({ now: clock.now, retentionMs });
        for (const rec of tsRecords) store.record(rec);
        const report = requestsQuery(store, period, periodMs);
        const { step_seconds, points: series } = report.timeseries;
        expect(step_seconds).to.equal(step);
        expect(NICE_STEP_SECONDS).to.include(step_seconds);
        expect(series).to.have.length(points);
        expect(series.length).to.be.at.most(MAX_TIMESERIES_POINTS + 1);

        const starts = series.map((p) => Date.parse(p.timestamp));
        const sinceMs = Date.parse(report.since);
        const stepMs = step_seconds * 1000;
        expect(starts[0]).to.be.at.most(sinceMs);
        expect((starts[0] as number) + stepMs).to.be.above(sinceMs);
        expect(starts.at(-1)).to.be.at.most(tsNow);
        expect((starts.at(-1) as number) + stepMs).to.be.above(tsNow);
        for (let i = 1; i < starts.length; i++) {
          expect((starts[i] as number) - (starts[i - 1] as number)).to.equal(stepMs);
        }
        for (const p of series) expect(p.timestamp).to.match(ISO_TIME);

        // Exact totals: every record whose minute is in the window, no other.
        const inWindow = tsRecords.filter((r) => store.bucketStartOf(r.timestampMs) >= sinceMs);
        const errors = inWindow.filter((r) => r.statusCode >= 400).length;
        const serverErrors = inWindow.filter((r) => r.statusCode >= 500).length;
        expect(report.total).to.equal(inWindow.length);
        expect(series.reduce((n, p) => n + p.count, 0)).to.equal(inWindow.length);
        expect(series.reduce((n, p) => n + p.errors, 0)).to.equal(errors);
        expect(series.reduce((n, p) => n + p.server_errors, 0)).to.equal(serverErrors);
        for (const p of series) expect(p.server_errors).to.be.at.most(p.errors);
        expect(sinceMs).to.equal(
          Math.max(store.bucketStartOf(tsNow - periodMs), store.bucketStartOf(tsNow) - retentionMs),
        );
      });
    }
  });

  describe('#latencyQuery', () => {
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

  describe('#quantile', () => {
    it('is 0 for an empty sketch', () => {
      expect(quantile(emptySketch(), 0.5)).to.equal(0);
    });

    it('follows nearest rank, sorted[min(floor(n q), n - 1)], on small samples', () => {
      // Widely spaced values (30% apart, 10 µs to 2e9 ms, inside the tracked range):
      // a 1% error cannot reach a neighbour.
      for (const n of [2, 3, 4, 5, 10, 11, 20, 100]) {
        const sorted = Array.from({ length: n }, (_, i) => 0.01 * 1.3 ** i);
        const sketch = emptySketch();
        for (const v of [...sorted].reverse()) sketch.accept(v);
        for (const q of [0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1]) {
          expectWithinOnePercent(quantile(sketch, q), exactQuantile(sorted, q), `n=${n} q=${q}`);
        }
      }
    });

    it('answers the exact value when every request took the same time', () => {
      // The sketch's bin value is not 100 itself; clamping to the exact min and max makes it so.
      const sketch = emptySketch();
      for (let i = 0; i < 3; i++) sketch.accept(100);
      for (const q of [0, 0.5, 0.99, 1]) expect(quantile(sketch, q)).to.equal(100);
    });

    it('never leaves the exact min and max', () => {
      const sketch = emptySketch();
      for (const v of [100, 100, 100, 100.5]) sketch.accept(v);
      for (const q of [0, 0.5, 0.99, 1]) expect(quantile(sketch, q)).to.be.within(100, 100.5);
    });
  });

  describe('#errorsQuery', () => {
    const now = T0 + 3 * HOUR + 20_000;
    const error = (ts: number, o: Partial<RequestRecord>): RequestRecord =>
      request(ts, { method: 'POST', endpoint: '/predict', statusCode: 500, ...o });
    const records: RequestRecord[] = [
      // Two hours old: outside a 1h window.
      error(now - 2 * HOUR, { errorType: 'OldError', errorMessage: 'old' }),
      request(now - 2 * HOUR),
      // In the window, the least frequent kinds first, so sorting shows.
      request(now - 55 * MINUTE, { endpoint: '/nope', statusCode: 404 }),
      ...Array.from({ length: 20 }, (_, i) => request(now - 50 * MINUTE + i)),
      error(now - 45 * MINUTE, {
        statusCode: 422,
        errorType: 'ValidationError',
        errorMessage: 'v1',
      }),
      error(now - 44 * MINUTE, {
        statusCode: 422,
        errorType: 'ValidationError',
        errorMessage: 'v2',
      }),
      error(now - 40 * MINUTE, { errorType: 'ModelError', errorMessage: 'm1', traceId: 't1' }),
      error(now - 30 * MINUTE, { errorType: 'ModelError', errorMessage: 'm2', traceId: 't2' }),
      error(now - 20 * MINUTE, { statusCode: 503, errorType: 'ModelError', errorMessage: 'm3' }),
    ];

    it('counts errors exactly by type, endpoint and status', () => {
      const report = errorsQuery(storeWith(new FakeClock(now), records), '1h', HOUR);
      expect(report.period).to.equal('1h');
      expect(report.since).to.equal('2024-01-01T02:00:00.000Z');
      expect(report.total_requests).to.equal(26);
      expect(report.total_errors).to.equal(6);
      expect(report.total_server_errors).to.equal(3);
      expect(report.error_rate).to.equal(0.2308);
      expect(report.server_error_rate).to.equal(0.1154);
      expect(report.by_type).to.deep.equal({ ModelError: 3, ValidationError: 2, 'HTTP 404': 1 });
      expect(Object.entries(report.by_endpoint)).to.deep.equal([
        ['/predict', 5],
        ['/nope', 1],
      ]);
      expect(Object.entries(report.by_status)).to.deep.equal([
        ['404', 1],
        ['422', 2],
        ['500', 2],
        ['503', 1],
      ]);
    });

    it('sorts by_type by count, highest first, numeric error types included', () => {
      // An error without a type counts as 'HTTP 404', never a bare '404': a plain object
      // lists integer-like keys first, whatever the insertion order.
      const report = errorsQuery(storeWith(new FakeClock(now), records), '1h', HOUR);
      expect(Object.entries(report.by_type)).to.deep.equal([
        ['ModelError', 3],
        ['ValidationError', 2],
        ['HTTP 404', 1],
      ]);
    });

    it('sorts by_type by count, highest first', () => {
      const recs = [
        error(now - 3 * MINUTE, { errorType: 'Rare' }),
        ...Array.from({ length: 3 }, () => error(now - 2 * MINUTE, { errorType: 'Common' })),
        ...Array.from({ length: 2 }, () => error(now - MINUTE, { errorType: 'Middling' })),
      ];
      const report = errorsQuery(storeWith(new FakeClock(now), recs), '1h', HOUR);
      expect(Object.entries(report.by_type)).to.deep.equal([
        ['Common', 3],
        ['Middling', 2],
        ['Rare', 1],
      ]);
    });

    it('lists recent errors in the window, newest first, with their detail', () => {
      const report = errorsQuery(storeWith(new FakeClock(now), records), '1h', HOUR);
      expect(report.recent.map((e) => e.message)).to.deep.equal(['m3', 'm2', 'm1', 'v2', 'v1', '']);
      expect(report.recent[0]).to.deep.equal({
        timestamp: new Date(now - 20 * MINUTE).toISOString(),
        endpoint: '/predict',
        method: 'POST',
        error_type: 'ModelError',
        message: 'm3',
        status_code: 503,
        trace_id: '',
        service: 'unknown_service',
        instance: 'local',
      });
      expect(report.recent[1]).to.deep.include({ error_type: 'ModelError', trace_id: 't2' });
      expect(report.recent[5]).to.deep.include({ endpoint: '/nope', error_type: 'HTTP 404' });
      const wider = errorsQuery(storeWith(new FakeClock(now), records), '24h', DAY);
      expect(wider.recent.map((e) => e.message).at(-1)).to.equal('old');
      expect(wider.by_type).to.deep.include({ OldError: 1 });
    });

    it(`lists at most ${RECENT_ERRORS_SHOWN} recent errors`, () => {
      const clock = new FakeClock(T0 + HOUR);
      const recs = Array.from({ length: 25 }, (_, i) =>
        error(T0 + 30 * MINUTE + i * 1000, { errorMessage: `e${i}` }),
      );
      const report = errorsQuery(storeWith(clock, recs), '1h', HOUR);
      expect(RECENT_ERRORS_SHOWN).to.equal(10);
      expect(report.recent.map((e) => e.message)).to.deep.equal(
        Array.from({ length: 10 }, (_, k) => `e${24 - k}`),
      );
      expect(report.total_errors).to.equal(25);
      expect(report.by_status).to.deep.equal({ '500': 25 });
    });

    it('answers zeros for a window without requests', () => {
      const report = errorsQuery(new RequestStore({ now: () => now }), '24h', DAY);
      expect(report).to.deep.include({
        total_requests: 0,
        total_errors: 0,
        total_server_errors: 0,
        error_rate: 0,
        server_error_rate: 0,
      });
      expect(report.by_type).to.deep.equal({});
      expect(report.by_endpoint).to.deep.equal({});
      expect(report.by_status).to.deep.equal({});
      expect(report.recent).to.deep.equal([]);
    });
  });

  describe('#overviewQuery', () => {
    it('reports uptime in whole seconds since the store started', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      for (const [elapsed, seconds] of [
        [0, 0],
        [999, 0],
        [1_000, 1],
        [90_999, 90],
        [DAY, 86_400],
      ] as const) {
        clock.set(T0 + elapsed);
        expect(overviewQuery(store, context).uptime_seconds, `after ${elapsed} ms`).to.equal(
          seconds,
        );
      }
    });

    it('counts the last hour apart from the total since start', () => {
      const clock = new FakeClock(T0 + 3 * HOUR + 30_000);
      const recs = [
        ...Array.from({ length: 40 }, (_, i) => request(T0 + HOUR + i * MINUTE)),
        ...Array.from({ length: 100 }, (_, i) => request(clock.ms - 30 * MINUTE + i * 1000)),
      ];
      const report = overviewQuery(storeWith(clock, recs), context);
      expect(report.total_requests).to.equal(140);
      expect(report.requests_last_hour).to.equal(100);
      expect(report.requests_per_minute).to.equal(1.67);
    });

    const rates = [
      { errors: 1, serverErrors: 0, total: 3, errorRate: 0.3333, serverRate: 0 },
      { errors: 2, serverErrors: 2, total: 3, errorRate: 0.6667, serverRate: 0.6667 },
      { errors: 1, serverErrors: 1, total: 7, errorRate: 0.1429, serverRate: 0.1429 },
      { errors: 3, serverErrors: 1, total: 8, errorRate: 0.375, serverRate: 0.125 },
      { errors: 5, serverErrors: 5, total: 5, errorRate: 1, serverRate: 1 },
      { errors: 0, serverErrors: 0, total: 9, errorRate: 0, serverRate: 0 },
      { errors: 1, serverErrors: 1, total: 30_000, errorRate: 0, serverRate: 0 },
    ];
    for (const { errors, serverErrors, total, errorRate, serverRate } of rates) {
      it(`rounds an error rate of ${errors}/${total} to ${errorRate}`, () => {
        const clock = new FakeClock(T0 + 30 * MINUTE);
        const recs = Array.from({ length: total }, (_, i) => {
          const statusCode = i < serverErrors ? 503 : i < errors ? 429 : 200;
          return request(T0 + 10 * MINUTE, { statusCode });
        });
        const report = overviewQuery(storeWith(clock, recs), context);
        expect(report.error_rate).to.equal(errorRate);
        expect(report.server_error_rate).to.equal(serverRate);
      });
    }

    for (const [retentionMs, hours] of [
      [DAY, 24],
      [30 * MINUTE, 0.5],
      [7 * DAY, 168],
    ] as const) {
      it(`reports a retention of ${retentionMs} ms as ${hours} hours`, () => {
        const store = new RequestStore({ now: () => T0, retentionMs });
        expect(overviewQuery(store, context).data_retention_hours).to.equal(hours);
      });
    }

    it('reports latency, context figures and pipeline health', () => {
      const clock = new FakeClock(T0 + 10 * MINUTE);
      const store = storeWith(
        clock,
        [10, 20, 30, 40].map((d, i) => request(T0 + MINUTE, { durationMs: d, endpoint: `/e${i}` })),
        { seriesLimit: 2 },
      );
      expect(store.record(request(T0 - DAY))).to.equal(false);
      const report = overviewQuery(store, context);
      expect(report.avg_response_time_ms).to.equal(25);
      expectWithinOnePercent(report.p95_response_time_ms, 40, 'p95', 0.005);
      expect(report.active_requests).to.equal(3);
      expect(report.saturation).to.deep.equal(context.saturation);
      expect(report.telemetry).to.deep.equal({
        dropped_spans: 4 + 1,
        series: 3,
        series_limit: 2,
        overflowed_requests: 2,
        folded_method_requests: 0,
        folded_status_requests: 0,
        folded_error_type_requests: 0,
        services: 1,
        service_limit: 32,
        instances: 1,
        instance_limit: 256,
        overflowed_service_requests: 0,
        overflowed_instance_requests: 0,
        otlp: null,
        receiver: null,
        own_port: null,
        forwarded: null,
        // The four requests are still the current minute's candidates: none packed yet.
        drill_down: {
          exemplars_held: 0,
          exemplar_limit: 100_000,
          exemplars_dropped: 0,
          error_groups: 0,
          error_group_limit: 500,
          error_group_overflowed_errors: 0,
          saturation_instances: 0,
          saturation_instance_limit: 64,
          saturation_dropped_samples: 0,
        },
      });
    });

    it('passes the OTLP pipeline counts through under telemetry.otlp', () => {
      const report = overviewQuery(new RequestStore({ now: () => T0 }), {
        ...context,
        otlpSpans: { exported: 7, failed: 3, dropped: 2, pending: 1 },
      });
      expect(report.telemetry.otlp).to.deep.equal({
        exported_spans: 7,
        failed_spans: 3,
        dropped_spans: 2,
        pending_spans: 1,
      });
    });

    it('answers zeros for an empty store', () => {
      const report = overviewQuery(new RequestStore({ now: () => T0 }), context);
      expect(report).to.deep.include({
        total_requests: 0,
        requests_last_hour: 0,
        requests_per_minute: 0,
        error_rate: 0,
        server_error_rate: 0,
        avg_response_time_ms: 0,
        p95_response_time_ms: 0,
      });
    });
  });

  describe('#chooseStepMs', () => {
    const cases: [string, number, number, number][] = [
      ['2 minutes', 2 * MINUTE, MINUTE, MINUTE],
      ['120 minutes', 120 * MINUTE, MINUTE, MINUTE],
      ['121 minutes', 121 * MINUTE, MINUTE, 2 * MINUTE],
      ['240 minutes', 240 * MINUTE, MINUTE, 2 * MINUTE],
      ['241 minutes', 241 * MINUTE, MINUTE, 5 * MINUTE],
      ['1441 minutes (24 h)', 1441 * MINUTE, MINUTE, 15 * MINUTE],
      ['10081 minutes (7 d)', 10_081 * MINUTE, MINUTE, 120 * MINUTE],
      ['367 days', 367 * DAY, MINUTE, 10_080 * MINUTE],
      ['1000 days (past the largest step)', 1000 * DAY, MINUTE, 10_080 * MINUTE],
      ['1 hour of 5-minute buckets', HOUR, 5 * MINUTE, 5 * MINUTE],
      ['1 hour of 20-minute buckets', HOUR, 20 * MINUTE, 60 * MINUTE],
    ];
    for (const [name, windowMs, bucketMs, expected] of cases) {
      it(`picks ${expected / MINUTE} min for ${name}`, () => {
        const step = chooseStepMs(windowMs, bucketMs);
        expect(step).to.equal(expected);
        expect(NICE_STEP_SECONDS).to.include(step / 1000);
        expect(step % bucketMs).to.equal(0);
      });
    }
  });

  describe('#groupBySteps', () => {
    /** A bucket view with no rollups, enough for grouping. */
    const bucket = (start: number): BucketView =>
      FrozenBucket.freeze(start, MINUTE, new LiveBucket());
    const windowOf = (sinceMs: number, nowMs: number, buckets: BucketView[]): WindowView => ({
      sinceMs,
      nowMs,
      buckets,
      cover: () => buckets,
      bucketMs: MINUTE,
      resolutionMs: MINUTE,
    });

    it('covers the window with aligned steps and places each bucket in its step', () => {
      // 6 h window: 361 minutes, so 5-minute steps.
      const nowMs = T0 + 6 * HOUR + 12_345;
      const sinceMs = T0 + 3 * MINUTE;
      const buckets = [3, 4, 5, 9, 10, 200, 360].map((m) => bucket(T0 + m * MINUTE));
      const { stepMs, groups } = groupBySteps(windowOf(sinceMs, nowMs, buckets));
      expect(stepMs).to.equal(5 * MINUTE);
      expect(groups[0]?.start).to.equal(T0);
      expect(groups.at(-1)?.start).to.equal(T0 + 360 * MINUTE);
      expect(groups).to.have.length(73);
      const placed = groups
        .filter((g) => g.buckets.length > 0)
        .map((g) => [(g.start - T0) / MINUTE, g.buckets.map((b) => (b.start - T0) / MINUTE)]);
      expect(placed).to.deep.equal([
        [0, [3, 4]],
        [5, [5, 9]],
        [10, [10]],
        [200, [200]],
        [360, [360]],
      ]);
    });

    it(`keeps at most ${MAX_TIMESERIES_POINTS + 1} steps for any window`, () => {
      for (let minutes = 1; minutes <= 10_081; minutes += 37) {
        for (const offset of [0, 7]) {
          const nowMs = T0 + 11 * DAY + offset * MINUTE + 1;
          const lastStart = nowMs - (nowMs % MINUTE);
          const view = windowOf(lastStart - (minutes - 1) * MINUTE, nowMs, []);
          const { stepMs, groups } = groupBySteps(view);
          expect(groups.length, `${minutes} min`).to.be.at.most(MAX_TIMESERIES_POINTS + 1);
          expect(groups[0]?.start, `${minutes} min`).to.be.at.most(view.sinceMs);
          expect((groups.at(-1)?.start as number) + stepMs, `${minutes} min`).to.be.above(nowMs);
        }
      }
    });
  });
});
