import { expect } from 'chai';
import { compareQuery } from '../../../src/dashboard/queries/compareQuery.js';
import { errorsQuery } from '../../../src/dashboard/queries/errorsQuery.js';
import { latencyQuery } from '../../../src/dashboard/queries/latencyQuery.js';
import { requestsQuery } from '../../../src/dashboard/queries/requestsQuery.js';
import type { RequestRecord } from '../../../src/store/RequestRecord.js';
import { RequestStore } from '../../../src/store/RequestStore.js';
import { DAY, FakeClock, HOUR, MINUTE, T0 } from '../../support/fakeClock.js';
import { request } from '../../support/records.js';

/** Deterministic traffic over `minutes` from T0: three endpoints whose rate, errors and latency change. */
function traffic(minutes: number): RequestRecord[] {
  const out: RequestRecord[] = [];
  for (let m = 0; m < minutes; m++) {
    const t = T0 + m * MINUTE + 7_000;
    const late = m >= minutes / 2;
    for (let i = 0; i < (late ? 12 : 6); i++) {
      out.push(request(t, { endpoint: '/a', durationMs: 10 + ((i * 37 + m) % 90) }));
    }
    for (let i = 0; i < 4; i++) {
      const fail = late ? i < 2 : i < 1;
      out.push(
        request(t, {
          endpoint: '/b',
          statusCode: fail ? 503 : 200,
          durationMs: late ? 300 + i * 10 : 100 + i * 10,
        }),
      );
    }
    if (!late) out.push(request(t, { endpoint: '/gone', durationMs: 5 }));
  }
  return out;
}

/** A store on `clock` fed `records` in time order, the clock following them. */
function feed(
  clock: FakeClock,
  records: readonly RequestRecord[],
  retentionMs = DAY,
): RequestStore {
  const store = new RequestStore({ now: clock.now, retentionMs });
  for (const rec of records) {
    clock.set(rec.timestampMs);
    expect(store.record(rec)).to.equal(true);
  }
  return store;
}

describe('compareQuery', () => {
  for (const [period, periodMs] of [
    ['15m', 15 * MINUTE],
    ['1h', HOUR],
    ['6h', 6 * HOUR],
  ] as const) {
    it(`matches the two ${period} windows computed separately`, () => {
      const records = traffic((2 * periodMs) / MINUTE + 2);
      const clock = new FakeClock();
      const store = feed(clock, records);
      clock.set(clock.ms + 20_000);
      const report = compareQuery(store, periodMs);
      const since = Date.parse(report.current.since);
      expect(Date.parse(report.previous.until)).to.equal(since);
      expect(Date.parse(report.previous.since)).to.equal(since - periodMs);
      expect(report.previous.complete).to.equal(true);

      // The previous window on its own: a store holding only what came before it,
      // asked at its end, so its `period` window is exactly [since − period, since).
      const earlier = new FakeClock();
      const before = feed(
        earlier,
        records.filter((r) => r.timestampMs < since),
      );
      earlier.set(since);
      const prevRequests = requestsQuery(before, period, periodMs);
      const prevLatency = latencyQuery(before, period, periodMs);
      const prevErrors = errorsQuery(before, period, periodMs);
      expect(Date.parse(prevRequests.since)).to.equal(since - periodMs);
      const nowRequests = requestsQuery(store, period, periodMs);
      const nowLatency = latencyQuery(store, period, periodMs);
      const nowErrors = errorsQuery(store, period, periodMs);

      const endpoints = Object.keys(report.by_endpoint).sort();
      expect(endpoints).to.deep.equal(['/a', '/b', '/gone']);
      for (const endpoint of endpoints) {
        const row = report.by_endpoint[endpoint];
        const prevCount = prevRequests.by_endpoint[endpoint] ?? 0;
        const nowCount = nowRequests.by_endpoint[endpoint] ?? 0;
        expect(row?.previous.count, endpoint).to.equal(prevCount);
        expect(row?.current.count, endpoint).to.equal(nowCount);
        expect(row?.previous.p95_ms, endpoint).to.equal(
          prevCount === 0 ? null : prevLatency.by_endpoint[endpoint]?.p95_ms,
        );
        expect(row?.current.p95_ms, endpoint).to.equal(
          nowCount === 0 ? null : nowLatency.by_endpoint[endpoint]?.p95_ms,
        );
        const prevErrorCount = prevErrors.by_endpoint[endpoint] ?? 0;
        const nowErrorCount = nowErrors.by_endpoint[endpoint] ?? 0;
        expect(row?.previous.error_rate, endpoint).to.be.closeTo(
          prevCount === 0 ? 0 : prevErrorCount / prevCount,
          5e-5,
        );
        expect(row?.current.error_rate, endpoint).to.be.closeTo(
          nowCount === 0 ? 0 : nowErrorCount / nowCount,
          5e-5,
        );
        expect(row?.previous.rate_per_s, endpoint).to.be.closeTo(
          prevCount / (periodMs / 1000),
          5e-5,
        );
      }
      // The traffic changed at the midpoint, which is the boundary of the two windows.
      expect(report.by_endpoint['/a']?.change.rate_per_s).to.be.greaterThan(0);
      expect(report.by_endpoint['/b']?.change.error_rate).to.be.closeTo(0.25, 1e-4);
      expect(report.by_endpoint['/b']?.change.p95_ms).to.be.greaterThan(150);
      expect(report.by_endpoint['/gone']?.current.count).to.equal(0);
      expect(report.by_endpoint['/gone']?.change.p95_ms).to.equal(null);
    });
  }

  it('flags a previous window that reaches past the retention as incomplete', () => {
    const clock = new FakeClock();
    const store = feed(clock, traffic(130), HOUR);
    const report = compareQuery(store, HOUR);
    expect(report.previous.complete).to.equal(false);
    // With a 1 h retention, nothing before the current window is kept.
    expect(Date.parse(report.previous.covered_since)).to.be.at.least(
      Date.parse(report.previous.since),
    );
    for (const row of Object.values(report.by_endpoint)) expect(row.previous.count).to.equal(0);
  });

  it('flags a previous window from before the store started as incomplete', () => {
    const clock = new FakeClock(T0 + 30 * MINUTE);
    const store = new RequestStore({ now: clock.now });
    store.record(request(clock.ms));
    expect(compareQuery(store, HOUR).previous.complete).to.equal(false);
  });
});
