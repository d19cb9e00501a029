import { expect } from 'chai';
import { apdexQuery } from '../../src/dashboard/queries/apdexQuery.js';
import { compareQuery } from '../../src/dashboard/queries/compareQuery.js';
import { errorsQuery } from '../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../src/dashboard/queries/latencyQuery.js';
import { overviewQuery } from '../../src/dashboard/queries/overviewQuery.js';
import { requestsQuery } from '../../src/dashboard/queries/requestsQuery.js';
import { saturationQuery } from '../../src/dashboard/queries/saturationQuery.js';
import { sloQuery } from '../../src/dashboard/queries/sloQuery.js';
import { slowestQuery } from '../../src/dashboard/queries/slowestQuery.js';
import type { RedactQueryMode } from '../../src/privacy/RedactionSettings.js';
import { sloSettingsOf } from '../../src/slo/SloSettings.js';
import type { WindowView } from '../../src/store/BucketTiers.js';
import { RequestStore } from '../../src/store/RequestStore.js';
import {
  DEFAULT_BUCKET_MS,
  DEFAULT_RECENT_ERROR_LIMIT,
  DEFAULT_RETENTION_MS,
  DEFAULT_SERIES_LIMIT,
} from '../../src/store/RequestStoreOptions.js';
import { OVERFLOW_ENDPOINT } from '../../src/store/SeriesRegistry.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../support/fakeClock.js';
import { request } from '../support/records.js';

/** Requests in a window, summed over every bucket and series. */
function countIn(view: WindowView): number {
  let n = 0;
  for (const bucket of view.buckets) n += bucket.totals.count;
  return n;
}

/** Requests per status code in a window. */
function statusCounts(view: WindowView): Map<number, number> {
  const counts = new Map<number, number>();
  for (const bucket of view.buckets) {
    bucket.series.forEach((series, row) => {
      counts.set(
        series.statusCode,
        (counts.get(series.statusCode) ?? 0) + (bucket.counts[row] ?? 0),
      );
    });
  }
  return counts;
}

/** Requests per endpoint in a window. */
function endpointCounts(view: WindowView): Map<string, number> {
  const counts = new Map<string, number>();
  for (const bucket of view.buckets) {
    bucket.series.forEach((series, row) => {
      counts.set(series.endpoint, (counts.get(series.endpoint) ?? 0) + (bucket.counts[row] ?? 0));
    });
  }
  return counts;
}

const WEEK = 7 * DAY;
const SLO = sloSettingsOf({}, DAY, (m) => new Error(m));

/** The clock's steps: forward, back before the start, far forward, back an hour, back a day, forward again. */
const STEPS_MS = [
  0,
  30_000,
  2 * MINUTE,
  -3 * MINUTE,
  -10 * MINUTE,
  HOUR,
  -50 * MINUTE,
  5 * MINUTE,
  -DAY,
  DAY + 2 * HOUR,
  -7 * MINUTE,
  90 * MINUTE,
];

/** Every query's answer over the store, as the dashboard would serve it. */
function everyAnswer(store: RequestStore): Record<string, unknown> {
  return {
    overview: overviewQuery(store, {
      activeRequests: 0,
      saturation: {
        event_loop_delay_p99_ms: 1,
        event_loop_utilization: 0.1,
        heap_used_bytes: 1,
        rss_bytes: 1,
      },
      exporterDroppedSpans: 0,
    }),
    requests: requestsQuery(store, '24h', DAY),
    latency: latencyQuery(store, '1h', HOUR),
    errors: errorsQuery(store, '24h', DAY),
    slowest: slowestQuery(store, '1h', HOUR, undefined, 10),
    saturation: saturationQuery(store, '24h', DAY),
    compare: compareQuery(store, HOUR),
    apdex: apdexQuery(store, SLO, '1h', HOUR),
    slo: sloQuery(store, SLO),
  };
}

/** Paths to every number in `value` that is negative or not finite. */
function badNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? [] : [`${path} = ${value}`];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => badNumbers(v, `${path}[${i}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  }
  return [];
}

/**
 * Figures that may rightly be negative: a change between two windows,
 * a budget overspent, a step's start before the epoch never (times are ISO).
 */
const SIGNED = /\.change\.|remaining|budget/;

const MESSAGE = 'GET http://alice:pa55word@h/a?token=s3cr3t&user=bob failed';

/** What the store holds of one error with {@link MESSAGE}: the recent entry's message and the group's template. */
function held(mode: RedactQueryMode | undefined): { message: string; template: string } {
  const clock = new FakeClock(T0);
  const store = new RequestStore({
    now: clock.now,
    ...(mode === undefined ? {} : { redactQuery: mode }),
  });
  store.record(request(T0, { statusCode: 502, errorType: 'UpstreamError', errorMessage: MESSAGE }));
  const [group] = store.errorGroupsSince(T0 - 60_000, () => true);
  return {
    message: store.errors.entries()[0]?.message ?? '',
    template: group?.group.template ?? '',
  };
}

describe('RequestStore', () => {
  describe('#constructor', () => {
    it('uses the named defaults', () => {
      const store = new RequestStore({ now: () => T0 });
      expect(store.retentionMs).to.equal(DEFAULT_RETENTION_MS);
      expect(store.retentionMs).to.equal(24 * HOUR);
      expect(store.bucketMs).to.equal(DEFAULT_BUCKET_MS);
      expect(store.bucketMs).to.equal(MINUTE);
      expect(store.seriesLimit).to.equal(DEFAULT_SERIES_LIMIT);
      expect(store.errors.capacity).to.equal(DEFAULT_RECENT_ERROR_LIMIT);
      expect(store.totalRecorded).to.equal(0);
      expect(store.droppedTooOld).to.equal(0);
      expect(store.seriesCount).to.equal(0);
      expect(store.overflowedRequests).to.equal(0);
    });

    it('reads its start time from the injected clock', () => {
      const clock = new FakeClock(T0 + 12_345);
      const store = new RequestStore({ now: clock.now });
      clock.advance(HOUR);
      expect(store.startedAtMs).to.equal(T0 + 12_345);
    });

    const invalid: { name: string; options: ConstructorParameters<typeof RequestStore>[0] }[] = [
      { name: 'a zero bucket', options: { bucketMs: 0 } },
      { name: 'a negative bucket', options: { bucketMs: -60_000 } },
      { name: 'a fractional bucket', options: { bucketMs: 1.5 } },
      { name: 'a retention shorter than a bucket', options: { retentionMs: 30_000 } },
      {
        name: 'a retention that is not a whole number of buckets',
        options: { retentionMs: 90_000 },
      },
      { name: 'a zero series limit', options: { seriesLimit: 0 } },
      { name: 'a fractional series limit', options: { seriesLimit: 2.5 } },
      { name: 'a zero error ring', options: { recentErrorLimit: 0 } },
    ];
    for (const { name, options } of invalid) {
      it(`rejects ${name} with a RangeError`, () => {
        expect(() => new RequestStore({ ...options, now: () => T0 })).to.throw(RangeError);
      });
    }
  });

  describe('#record', () => {
    it('counts every accepted request in totalRecorded', () => {
      const clock = new FakeClock(T0 + 30_000);
      const store = new RequestStore({ now: clock.now });
      for (let i = 0; i < 5; i++) expect(store.record(request(clock.ms - i))).to.equal(true);
      expect(store.totalRecorded).to.equal(5);
      expect(countIn(store.window(HOUR))).to.equal(5);
    });

    it('counts a timestamp slightly in the future in the current bucket', () => {
      const clock = new FakeClock(T0 + 59_999);
      const store = new RequestStore({ now: clock.now });
      expect(store.record(request(T0 + 5 * MINUTE))).to.equal(true);
      const view = store.window(MINUTE);
      expect(view.buckets.map((b) => b.start)).to.deep.equal([T0]);
    });

    it('clamps a negative duration to zero', () => {
      const store = new RequestStore({ now: () => T0 });
      store.record(request(T0, { durationMs: -3 }));
      const sketch = store.window(MINUTE).buckets[0]?.endpointStats(0);
      expect(sketch?.min).to.equal(0);
      expect(sketch?.count).to.equal(1);
    });

    it('keeps a request in the oldest retained bucket and drops one a millisecond older', () => {
      // now is 30 s into the minute 24 h after T0: the oldest retained bucket starts at T0.
      const clock = new FakeClock(T0 + DAY + 30_000);
      const store = new RequestStore({ now: clock.now });
      expect(store.record(request(T0))).to.equal(true);
      expect(store.record(request(T0 - 1))).to.equal(false);
      expect(store.totalRecorded).to.equal(1);
      expect(store.droppedTooOld).to.equal(1);
      expect(countIn(store.window(DAY))).to.equal(1);
    });

    it('drops late records older than the retention and counts them', () => {
      const clock = new FakeClock(T0 + 25 * HOUR);
      const store = new RequestStore({ now: clock.now });
      const late = [T0, T0 + 30 * MINUTE, T0 + HOUR - 1, clock.ms - DAY - MINUTE];
      for (const ts of late) expect(store.record(request(ts)), `at ${ts - T0} ms`).to.equal(false);
      expect(store.droppedTooOld).to.equal(late.length);
      expect(store.totalRecorded).to.equal(0);
      expect(store.seriesCount).to.equal(0);
      expect(store.window(DAY).buckets).to.have.length(0);
    });

    it('pushes errors, and only errors, to the recent-error ring', () => {
      const store = new RequestStore({ now: () => T0 + 1000 });
      store.record(request(T0, { statusCode: 200 }));
      store.record(request(T0, { statusCode: 302 }));
      store.record(request(T0 + 1, { statusCode: 404 }));
      store.record(
        request(T0 + 2, {
          statusCode: 503,
          method: 'POST',
          endpoint: '/predict',
          errorType: 'ModelError',
          errorMessage: 'model is warming up',
          traceId: 'abc123',
        }),
      );
      expect(store.errors.size).to.equal(2);
      expect(store.errors.newest(10, 0)).to.deep.equal([
        {
          timestampMs: T0 + 2,
          service: 'unknown_service',
          instance: 'local',
          endpoint: '/predict',
          method: 'POST',
          errorType: 'ModelError',
          message: 'model is warming up',
          statusCode: 503,
          traceId: 'abc123',
        },
        {
          timestampMs: T0 + 1,
          service: 'unknown_service',
          instance: 'local',
          endpoint: '/items',
          method: 'GET',
          errorType: '',
          message: '',
          statusCode: 404,
          traceId: '',
        },
      ]);
    });

    it('keeps an error type as given, empty when there is none (the queries name it)', () => {
      const store = new RequestStore({ now: () => T0 });
      store.record(request(T0, { statusCode: 500 }));
      store.record(request(T0, { statusCode: 502, errorType: '' }));
      store.record(request(T0, { statusCode: 503, errorType: '503' }));
      const series = store.window(MINUTE).buckets[0]?.series ?? [];
      expect(series.map((s) => s.errorType)).to.deep.equal(['', '', '503']);
    });

    it('gives successes an empty error type even when one is given', () => {
      const store = new RequestStore({ now: () => T0 });
      store.record(request(T0, { statusCode: 200, errorType: 'Nope' }));
      const series = store.window(MINUTE).buckets[0]?.series ?? [];
      expect(series.map((s) => s.errorType)).to.deep.equal(['']);
    });

    it('uses the recentErrorLimit as the ring capacity', () => {
      const store = new RequestStore({ now: () => T0, recentErrorLimit: 3 });
      for (let i = 0; i < 10; i++) store.record(request(T0, { statusCode: 500 }));
      expect(store.errors.size).to.equal(3);
      expect(countIn(store.window(MINUTE))).to.equal(10);
    });
  });

  describe('#window', () => {
    it('aligns the start down to the minute and includes the current partial minute', () => {
      const clock = new FakeClock(T0 + 2 * HOUR + 30_500);
      const store = new RequestStore({ now: clock.now });
      store.record(request(clock.ms));
      const view = store.window(HOUR);
      expect(view.sinceMs).to.equal(T0 + HOUR);
      expect(view.nowMs).to.equal(clock.ms);
      expect(view.buckets.map((b) => b.start)).to.deep.equal([T0 + 2 * HOUR]);
    });

    // now is 30 s into a minute; a 1 h window starts at the minute holding now - 1 h.
    const now = T0 + 2 * HOUR + 30_000;
    const since = T0 + HOUR;
    const current = T0 + 2 * HOUR;
    const boundaries: { name: string; at: number; bucket: number | undefined }[] = [
      { name: 'the last ms of the minute before the window', at: since - 1, bucket: undefined },
      { name: 'the first ms of the first minute', at: since, bucket: since },
      { name: 'exactly the period edge (now - 1h)', at: now - HOUR, bucket: since },
      { name: 'the last ms of the first minute', at: since + MINUTE - 1, bucket: since },
      { name: 'the first ms of the second minute', at: since + MINUTE, bucket: since + MINUTE },
      { name: 'the last ms of the previous minute', at: current - 1, bucket: current - MINUTE },
      { name: 'the first ms of the current minute', at: current, bucket: current },
      { name: 'now', at: now, bucket: current },
    ];
    for (const { name, at, bucket } of boundaries) {
      it(`${bucket === undefined ? 'excludes' : 'includes'} a record at ${name}`, () => {
        const store = new RequestStore({ now: () => now });
        expect(store.record(request(at))).to.equal(true);
        const view = store.window(HOUR);
        expect(view.sinceMs).to.equal(since);
        expect(view.buckets.map((b) => b.start)).to.deep.equal(
          bucket === undefined ? [] : [bucket],
        );
      });
    }

    it('includes a record exactly one period old when now is on a minute boundary', () => {
      const store = new RequestStore({ now: () => T0 + 2 * HOUR });
      store.record(request(T0 + HOUR));
      store.record(request(T0 + HOUR - 1));
      const view = store.window(HOUR);
      expect(view.sinceMs).to.equal(T0 + HOUR);
      expect(countIn(view)).to.equal(1);
      expect(countIn(store.window(HOUR + 1))).to.equal(2);
    });

    const clamps = [
      { period: '25h', periodMs: 25 * HOUR },
      { period: '7d', periodMs: 7 * DAY },
      { period: '366d', periodMs: 366 * DAY },
    ];
    for (const { period, periodMs } of clamps) {
      it(`clamps a ${period} period to the retention`, () => {
        const clock = new FakeClock(T0 + 3 * DAY + 45_000);
        const store = new RequestStore({ now: clock.now });
        const view = store.window(periodMs);
        expect(view.sinceMs).to.equal(T0 + 2 * DAY);
      });
    }

    it('clamps to a short configured retention', () => {
      const clock = new FakeClock(T0 + HOUR + 10_000);
      const store = new RequestStore({ now: clock.now, retentionMs: 5 * MINUTE });
      for (let m = 0; m <= 10; m++) store.record(request(clock.ms - m * MINUTE));
      const view = store.window(HOUR);
      expect(view.sinceMs).to.equal(T0 + 55 * MINUTE);
      expect(countIn(view)).to.equal(6);
    });

    it('returns buckets oldest first and leaves out empty minutes', () => {
      const clock = new FakeClock(T0 + HOUR);
      const store = new RequestStore({ now: clock.now });
      for (const m of [50, 5, 30]) store.record(request(T0 + m * MINUTE + 7));
      expect(store.window(HOUR).buckets.map((b) => (b.start - T0) / MINUTE)).to.deep.equal([
        5, 30, 50,
      ]);
    });

    it('returns no buckets for an empty store', () => {
      const store = new RequestStore({ now: () => T0 });
      const view = store.window(DAY);
      expect(view.buckets).to.deep.equal([]);
      expect(view.sinceMs).to.equal(T0 - DAY);
    });
  });

  describe('eviction over 24 h of fake time', () => {
    it('keeps exactly the retained minutes while a day and a half passes', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      const minutes = 36 * 60;
      for (let m = 0; m < minutes; m++) {
        clock.set(T0 + m * MINUTE + 20_000);
        store.record(request(clock.ms, { endpoint: `/hour-${Math.floor(m / 60)}` }));
        if (m % 60 === 59) {
          // The window holds the current minute and the 1440 before it.
          const view = store.window(DAY);
          expect(countIn(view), `after minute ${m}`).to.equal(Math.min(m + 1, 1441));
          expect(view.buckets[0]?.start, `after minute ${m}`).to.equal(
            T0 + Math.max(0, m - 1440) * MINUTE,
          );
          expect(view.buckets).to.have.length(Math.min(m + 1, 1441));
        }
      }
      expect(store.totalRecorded).to.equal(minutes);
      expect(store.droppedTooOld).to.equal(0);
    });

    it('does not return a record once it is older than the retention', () => {
      const clock = new FakeClock(T0 + 10_000);
      const store = new RequestStore({ now: clock.now });
      store.record(request(T0 + 10_000));
      clock.set(T0 + DAY + 59_999); // oldest retained bucket still starts at T0
      expect(countIn(store.window(DAY))).to.equal(1);
      clock.set(T0 + DAY + MINUTE); // oldest retained bucket now starts at T0 + 1 min
      expect(countIn(store.window(DAY))).to.equal(0);
      expect(countIn(store.window(7 * DAY))).to.equal(0);
    });

    it('reuses a ring slot without merging the old minute into the new one', () => {
      // 1441 slots: the minute 1441 minutes after T0 lands in T0's slot.
      const clock = new FakeClock(T0 + 5_000);
      const store = new RequestStore({ now: clock.now });
      for (let i = 0; i < 7; i++) store.record(request(T0 + 5_000, { statusCode: 500 }));
      clock.set(T0 + 1441 * MINUTE + 5_000);
      store.record(request(clock.ms));
      const view = store.window(DAY);
      expect(view.buckets.map((b) => b.start)).to.deep.equal([T0 + 1441 * MINUTE]);
      expect(countIn(view)).to.equal(1);
      expect(statusCounts(view)).to.deep.equal(new Map([[200, 1]]));
    });

    it('reuses slots round after round in a small ring', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, retentionMs: 3 * MINUTE }); // 4 slots
      for (let m = 0; m < 20; m++) {
        clock.set(T0 + m * MINUTE + 1);
        for (let i = 0; i <= m; i++) store.record(request(clock.ms, { durationMs: m }));
        const view = store.window(HOUR);
        const expected = [m - 3, m - 2, m - 1, m].filter((k) => k >= 0);
        expect(
          view.buckets.map((b) => (b.start - T0) / MINUTE),
          `minute ${m}`,
        ).to.deep.equal(expected);
        for (const bucket of view.buckets) {
          const k = (bucket.start - T0) / MINUTE;
          const stats = bucket.endpoints.map((_, row) => bucket.endpointStats(row));
          expect(
            stats.map((s) => [s.count, s.min, s.max]),
            `bucket ${k}`,
          ).to.deep.equal([[k + 1, k, k]]);
        }
      }
    });

    it('forgets a series once no retained bucket holds it', () => {
      const clock = new FakeClock(T0 + 1_000);
      const store = new RequestStore({ now: clock.now });
      store.record(request(clock.ms, { endpoint: '/old' }));
      store.record(request(clock.ms, { endpoint: '/old', statusCode: 404 }));
      clock.set(T0 + 10 * MINUTE);
      store.record(request(clock.ms, { endpoint: '/newer' }));
      expect(store.seriesCount).to.equal(3);

      // T0's bucket is still retained 24 h later.
      clock.set(T0 + DAY);
      store.record(request(clock.ms, { endpoint: '/now' }));
      expect(store.seriesCount).to.equal(4);

      // One minute on, T0's bucket is gone, and so are both /old series.
      clock.set(T0 + DAY + MINUTE);
      store.record(request(clock.ms, { endpoint: '/now' }));
      expect(store.seriesCount).to.equal(2);
      expect([...endpointCounts(store.window(DAY)).keys()].sort()).to.deep.equal([
        '/newer',
        '/now',
      ]);

      clock.set(T0 + 3 * DAY);
      store.record(request(clock.ms, { endpoint: '/latest' }));
      expect(store.seriesCount).to.equal(1);
    });

    it('keeps a series that a late record refreshed', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      store.record(request(T0, { endpoint: '/a' }));
      clock.set(T0 + 2 * HOUR);
      store.record(request(T0 + 2 * HOUR, { endpoint: '/b' }));
      store.record(request(T0 + HOUR, { endpoint: '/a' })); // late, but within retention
      clock.set(T0 + DAY + 30 * MINUTE);
      store.record(request(clock.ms, { endpoint: '/b' }));
      expect(store.seriesCount).to.equal(2);
      clock.set(T0 + DAY + HOUR + MINUTE);
      store.record(request(clock.ms, { endpoint: '/b' }));
      expect(store.seriesCount).to.equal(1);
    });
  });

  describe('series limit', () => {
    it('folds endpoints past the limit into the overflow endpoint with exact totals', () => {
      const store = new RequestStore({ now: () => T0 + 1_000, seriesLimit: 3 });
      const statuses = [200, 201, 404, 500];
      let expectedOverflow = 0;
      for (let e = 0; e < 10; e++) {
        for (let i = 0; i < 10; i++) {
          const statusCode = e < 3 ? 200 : (statuses[i % statuses.length] as number);
          store.record(request(T0, { endpoint: `/e${e}`, statusCode }));
          if (e >= 3) expectedOverflow++;
        }
      }
      const view = store.window(HOUR);
      expect(countIn(view)).to.equal(100);
      expect(store.totalRecorded).to.equal(100);
      expect(store.overflowedRequests).to.equal(expectedOverflow);
      expect(endpointCounts(view)).to.deep.equal(
        new Map([
          ['/e0', 10],
          ['/e1', 10],
          ['/e2', 10],
          [OVERFLOW_ENDPOINT, 70],
        ]),
      );
      // 30 from the kept endpoints, then 70 folded requests cycling through four statuses.
      expect(statusCounts(view)).to.deep.equal(
        new Map([
          [200, 30 + 21],
          [201, 21],
          [404, 14],
          [500, 14],
        ]),
      );
      // Three kept series plus one overflow series per status seen.
      expect(store.seriesCount).to.equal(3 + 4);
    });

    it('still records known series apart once the limit is reached', () => {
      const store = new RequestStore({ now: () => T0, seriesLimit: 2 });
      store.record(request(T0, { endpoint: '/a' }));
      store.record(request(T0, { endpoint: '/b' }));
      store.record(request(T0, { endpoint: '/c' }));
      store.record(request(T0, { endpoint: '/a' }));
      expect(endpointCounts(store.window(MINUTE))).to.deep.equal(
        new Map([
          ['/a', 2],
          ['/b', 1],
          [OVERFLOW_ENDPOINT, 1],
        ]),
      );
      expect(store.overflowedRequests).to.equal(1);
    });

    it('names the overflow endpoint in the recent-error ring', () => {
      const store = new RequestStore({ now: () => T0, seriesLimit: 1 });
      store.record(request(T0, { endpoint: '/a' }));
      store.record(request(T0, { endpoint: '/b', statusCode: 500, errorType: 'Boom' }));
      expect(store.errors.newest(1, 0)[0]?.endpoint).to.equal(OVERFLOW_ENDPOINT);
      expect(store.errors.newest(1, 0)[0]?.errorType).to.equal('Boom');
    });

    it('gives an endpoint its own series again once old series age out', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now, seriesLimit: 1 });
      store.record(request(T0, { endpoint: '/a' }));
      store.record(request(T0, { endpoint: '/b' }));
      expect(store.overflowedRequests).to.equal(1);
      clock.set(T0 + DAY + MINUTE);
      store.record(request(clock.ms, { endpoint: '/b' }));
      expect(store.overflowedRequests).to.equal(1);
      expect(endpointCounts(store.window(DAY))).to.deep.equal(new Map([['/b', 1]]));
    });
  });

  describe('#bucketStartOf', () => {
    const store = new RequestStore({ now: () => T0 });
    const cases = [
      [T0, T0],
      [T0 + 1, T0],
      [T0 + MINUTE - 1, T0],
      [T0 + MINUTE, T0 + MINUTE],
      [T0 - 1, T0 - MINUTE],
      [0, 0],
      [-1, -MINUTE],
    ];
    for (const [ms, start] of cases) {
      it(`puts ${ms} in the bucket starting at ${start}`, () => {
        expect(store.bucketStartOf(ms as number)).to.equal(start);
      });
    }
  });

  describe('with a clock that jumps back and forth', () => {
    for (const [name, stampOf] of [
      ['records stamped by the same clock', (clock: FakeClock) => clock.ms],
      // The spans' own clock (hrtime from the time origin) keeps going while the wall clock jumps.
      ['records stamped by a steady clock', (_clock: FakeClock, steady: number) => steady],
    ] as const) {
      describe(name, () => {
        it('never throws, counts every request exactly once, and serves no negative or broken figure', () => {
          const clock = new FakeClock(T0);
          // A week's retention: every jump stays inside it, so no request is too old to keep.
          const store = new RequestStore({ now: clock.now, retentionMs: WEEK });
          let steady = T0;
          let newest = T0;
          let sent = 0;
          for (const [i, step] of STEPS_MS.entries()) {
            newest = Math.max(newest, clock.advance(step));
            steady += Math.abs(step);
            for (let k = 0; k < 5; k++) {
              store.record(
                request(stampOf(clock, steady), {
                  durationMs: 1 + k * 10,
                  statusCode: k === 4 ? 500 : 200,
                  errorType: k === 4 ? 'Boom' : undefined,
                  traceId: `${i}-${k}`.padStart(32, '0'),
                }),
              );
              sent++;
            }
            store.recordSaturation({
              eventLoopDelayP99Ms: 1,
              eventLoopUtilization: 0.5,
              heapUsedBytes: 100,
              rssBytes: 200,
            });
            const answers = everyAnswer(store);
            const bad = badNumbers(answers).filter((p) => !SIGNED.test(p));
            expect(bad, `after step ${i} (${step} ms)`).to.deep.equal([]);
            expect(store.totalRecorded).to.equal(sent);
            expect(store.droppedTooOld).to.equal(0);
            // A window that ends at a clock stepped back may leave newer requests out; never counts one twice.
            const requests = answers.requests as { total: number };
            expect(requests.total).to.be.at.most(sent);
          }
          // Back at its newest time, the week's window holds every request exactly once.
          clock.set(newest);
          expect(requestsQuery(store, '7d', WEEK).total).to.equal(sent);
          const errors = errorsQuery(store, '7d', WEEK);
          expect(errors.total_requests).to.equal(sent);
          expect(errors.total_errors).to.equal(STEPS_MS.length);
          const latency = latencyQuery(store, '7d', WEEK);
          expect(latency.overall.p99_ms).to.be.within(40.5, 41.5);
          expect(badNumbers(everyAnswer(store)).filter((p) => !SIGNED.test(p))).to.deep.equal([]);
        });
      });
    }

    it('keeps the uptime at zero or more when the clock steps back before the start', () => {
      const clock = new FakeClock(T0);
      const store = new RequestStore({ now: clock.now });
      clock.advance(-5 * MINUTE);
      const overview = everyAnswer(store).overview as { uptime_seconds: number };
      expect(overview.uptime_seconds).to.be.at.least(0);
    });
  });

  describe('#record: the URLs of error messages', () => {
    it('holds them redacted (sensitive by default), in recent errors and error groups', () => {
      const { message, template } = held(undefined);
      expect(message).to.equal('GET http://REDACTED:REDACTED@h/a?token=REDACTED&user=bob failed');
      expect(template).to.equal(message);
    });

    it('masks every value with all, and nothing with off', () => {
      expect(held('all').message).to.equal(
        'GET http://REDACTED:REDACTED@h/a?token=REDACTED&user=REDACTED failed',
      );
      expect(held('off').message).to.equal(MESSAGE);
    });
  });

  describe('#restore', () => {
    it('redacts the messages of recent errors a snapshot made with redaction off holds', () => {
      const clock = new FakeClock(T0);
      const raw = new RequestStore({ now: clock.now, redactQuery: 'off' });
      raw.record(request(T0, { statusCode: 502, errorMessage: MESSAGE }));
      const restored = new RequestStore({ now: clock.now });
      restored.restore(raw.toSnapshot());
      expect(restored.errors.entries()[0]?.message).to.equal(
        'GET http://REDACTED:REDACTED@h/a?token=REDACTED&user=bob failed',
      );
    });
  });
});
